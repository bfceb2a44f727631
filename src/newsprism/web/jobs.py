"""Story analyses in the background: computed once per change of a story's articles, kept.

A story's analysis (``newsprism story ID``: the whole comparison) takes seconds to minutes, so
pages never compute it.  A page that finds no analysis, or one whose key no longer matches the
story's articles (:meth:`Store.story_key`), shows what is kept and asks for a new one
(:meth:`Analyses.ensure`); one thread computes them one at a time, in the order asked, and
keeps each in the store (:meth:`Store.put_analysis`) with the rendered report.  Its progress
(queued, reading, annotating n of N, comparing, saving) is what the page polls.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..analysis import SCHEMA_VERSION
from ..config import Settings, load_settings
from ..corpus import story_documents
from ..errors import NewsprismError
from ..store import Store, utc_now
from ..version import __version__
from .render import RENDER_VERSION, article_fragments, report_body

__all__ = ["Analyses", "JobStatus", "analysis_key"]

log = logging.getLogger(__name__)

# seconds stop() waits for an analysis under way before leaving it to die with the process
STOP_WAIT = 5.0
# analyses waiting at most: a page asking for one more is told the server is busy and asks
# again when it polls (a crawler walking every story page does not queue the whole store)
MAX_QUEUED = 50


def analysis_key(story_key: str) -> str:
    """The cache key of an analysis: what it was computed from (the story's articles) and
    by what (this newsprism, its JSON schema, the web app's rendering of it)."""
    return f"{__version__}/{SCHEMA_VERSION}/{RENDER_VERSION}/{story_key}"


@dataclass(frozen=True)
class JobStatus:
    """Where a story's analysis stands in this process."""

    story_id: int
    state: str = "idle"  # idle | queued | running | done | failed | busy (not queued: too many are)
    stage: str = ""  # running: reading, annotating, comparing, saving
    done: int = 0  # articles annotated so far
    total: int = 0  # articles to annotate
    key: str | None = None  # what it computes (or computed)
    queued_at: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    seconds: float | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Analyses:
    """The background analyses of one app (one thread, started on first use)."""

    def __init__(self, db: str, store: Store, settings: Settings | None = None,
                 analyze: Callable[..., Any] | None = None) -> None:
        self.db = db
        self.store = store
        self.settings = settings or load_settings()
        self._analyze = analyze  # the pipeline's analyze (default), loaded on first use
        self._jobs: dict[int, JobStatus] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._forced: set[int] = set()  # asked to recompute although the kept one is up to date
        self.computed = 0  # analyses computed by this process

    # --- what pages ask -------------------------------------------------------------------
    def key(self, story_id: int) -> str | None:
        """The key an up-to-date analysis of the story has (None: the story has no articles)."""
        k = self.store.story_key(story_id)
        return analysis_key(k) if k is not None else None

    def status(self, story_id: int) -> JobStatus:
        with self._lock:
            return self._jobs.get(story_id) or JobStatus(story_id)

    def busy(self) -> list[JobStatus]:
        """The analyses queued or running."""
        with self._lock:
            return [j for j in self._jobs.values() if j.state in ("queued", "running")]

    def ensure(self, story_id: int, key: str, *, force: bool = False) -> JobStatus:
        """Ask for the story's analysis under ``key`` unless it is queued or running already,
        or failed for this same key (``force``: ask again anyway)."""
        with self._lock:
            job = self._jobs.get(story_id)
            if job is not None and job.state in ("queued", "running"):
                return job
            if job is not None and job.state == "failed" and job.key == key and not force:
                return job
            waiting = sum(1 for j in self._jobs.values() if j.state == "queued")
            if waiting >= MAX_QUEUED:
                return JobStatus(story_id, state="busy", key=key,
                                 stage=f"{waiting} analyses are waiting; this one is asked for again shortly")
            job = JobStatus(story_id, state="queued", key=key, queued_at=utc_now())
            self._jobs[story_id] = job
            if force:
                self._forced.add(story_id)
            self._start()
        self._queue.put(story_id)
        return job

    # --- the worker -----------------------------------------------------------------------
    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="newsprism-analyses", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the worker after the analysis under way (waits a little, never long)."""
        thread = self._thread
        if thread is not None and thread.is_alive():
            self._queue.put(None)
            thread.join(STOP_WAIT)

    def _set(self, story_id: int, **changes: Any) -> None:
        with self._lock:
            self._jobs[story_id] = replace(self._jobs.get(story_id) or JobStatus(story_id), **changes)

    def _work(self) -> None:
        while True:
            story_id = self._queue.get()
            if story_id is None:
                return
            try:
                self.compute(story_id)
            except Exception as exc:  # a story that cannot be analysed is said, the worker goes on
                if not isinstance(exc, NewsprismError):
                    log.exception("analysis of story %s failed", story_id)
                self._set(story_id, state="failed", error=getattr(exc, "message", None) or str(exc),
                          finished_at=utc_now())

    def compute(self, story_id: int) -> bool:
        """Compute and keep the story's analysis now (in this thread); False when an
        up-to-date one was kept already (by another process, say) and nothing was done."""
        key = self.key(story_id)
        if key is None:
            raise NewsprismError(f"story {story_id} has no articles to analyse")
        kept = self.store.cached_analysis(story_id, parts=())
        with self._lock:
            forced = story_id in self._forced
            self._forced.discard(story_id)
        if kept is not None and kept.key == key and not forced:
            self._set(story_id, state="done", stage="", key=key, finished_at=utc_now())
            return False
        started = time.perf_counter()
        self._set(story_id, state="running", stage="reading", key=key, started_at=utc_now(),
                  error=None, done=0, total=0)
        docs = story_documents(self.db, story_id)
        self._set(story_id, stage="annotating", total=len(docs))

        def progress(done: int, total: int) -> None:
            self._set(story_id, done=done, total=total,
                      stage="annotating" if done < total else "comparing")

        result = self._pipeline()(docs, self.settings, progress=progress)
        self._set(story_id, stage="saving", done=len(docs))
        body, fragments = report_body(result), article_fragments(result)
        seconds = time.perf_counter() - started
        self.store.put_analysis(story_id, key, analysis=result.to_json(), html=body,
                                articles_html=fragments, seconds=seconds)
        self.computed += 1
        self._set(story_id, state="done", stage="", finished_at=utc_now(), seconds=round(seconds, 2))
        return True

    def _pipeline(self) -> Callable[..., Any]:
        if self._analyze is None:
            from ..pipeline import analyze

            self._analyze = analyze
        return self._analyze
