"""Adding articles from the web app: pasted texts, uploaded files, URLs, ingested as
``newsprism ingest`` does (:func:`newsprism.corpus.ingest`), in a thread of their own.

One ingest at a time: the jobs of this app run one after another, and one that finds the
store's ingest lock taken (a ``newsprism ingest`` in another process, the feed poller) waits
for it, up to :data:`LOCK_WAIT` seconds.  Pages keep reading meanwhile (the store's readers
never wait on its writers).  A job's result says what each input became: the stored article,
whether it was new, and the story it joined.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..clean import clean_document
from ..config import Settings, load_settings
from ..errors import InputError, NewsprismError, StoreError
from ..ingest import read_bytes, read_inputs
from ..ingest.jsonl import read_record
from ..model import RawDocument, Skipped
from ..store import Store, content_hash, utc_now

__all__ = ["Item", "Ingests", "read_items", "LOCK_WAIT"]

log = logging.getLogger(__name__)

# seconds a job waits for another ingest (another process, the feed poller) to finish
LOCK_WAIT = 120.0
LOCK_RETRY = 1.0
# inputs of one job whose stored article and story are listed (the counts cover all)
MAX_LISTED = 500
# jobs remembered (the oldest finished ones are forgotten first)
MAX_JOBS = 200
# stories of one job whose analysis is started at once (the rest when first viewed)
PREWARM = 5
LOCK_BUSY = "another `newsprism ingest` is writing to this store"


@dataclass(frozen=True)
class Item:
    """One thing to add: a pasted article (``record``: a JSONL-style dict), an uploaded file
    (``name`` and ``data``: its bytes, read by extension and content) or a URL to fetch."""

    kind: str  # record | file | url
    name: str = ""
    data: bytes = b""
    record: Mapping[str, Any] = field(default_factory=dict)
    url: str = ""


def read_items(items: Iterable[Item], fetch: Any = None,
               max_chars: int | None = None) -> Iterator[RawDocument | Skipped]:
    """The documents in ``items`` (a file may hold many: JSONL, a feed, a WARC archive)."""
    for n, it in enumerate(items, 1):
        if it.kind == "record":
            try:
                yield read_record(dict(it.record), it.name or f"pasted-{n}", f"web:paste:{it.name or n}",
                                  max_chars=max_chars)
            except InputError as exc:
                yield Skipped(exc.source, exc.reason)
        elif it.kind == "file":
            yield from read_bytes(it.data, it.name, f"upload:{it.name}", fetch=fetch, max_chars=max_chars)
        elif it.kind == "url":
            yield from read_inputs([it.url], fetch=fetch, max_chars=max_chars)
        else:
            raise ValueError(f"unknown item kind {it.kind!r}")


class Ingests:
    """The ingest jobs of one app (one thread at a time; results kept in memory)."""

    def __init__(self, db: str, store: Store, *, fetch: bool = False, workers: int = 2,
                 settings: Settings | None = None,
                 joined: Callable[[list[int]], None] | None = None) -> None:
        self.db = db
        self.store = store
        self.fetch = fetch
        self.workers = workers
        self.settings = settings or load_settings()
        self.joined = joined  # told the stories a job's articles joined
        self._jobs: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._one_at_a_time = threading.Lock()

    def submit(self, items: list[Item]) -> dict[str, Any]:
        """Start a job; returns its status (``id``: ask :meth:`get` for the result)."""
        job_id = secrets.token_hex(8)
        job = {"id": job_id, "state": "queued", "stage": "", "created_at": utc_now(), "finished_at": None,
               "inputs": len(items), "error": None, "result": None}
        with self._lock:
            self._jobs[job_id] = job
            while len(self._jobs) > MAX_JOBS:
                self._jobs.popitem(last=False)
        threading.Thread(target=self._run, args=(job_id, items), name=f"newsprism-ingest-{job_id}",
                         daemon=True).start()
        return dict(job)

    def get(self, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return dict(job) if job is not None else None

    def busy(self) -> int:
        with self._lock:
            return sum(1 for j in self._jobs.values() if j["state"] in ("queued", "running"))

    def _set(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            if job_id in self._jobs:
                self._jobs[job_id].update(changes)

    def _run(self, job_id: str, items: list[Item]) -> None:
        try:
            with self._one_at_a_time:
                self._set(job_id, state="running", stage="reading")
                result = self.run(items, stage=lambda s: self._set(job_id, stage=s))
            self._set(job_id, state="done", stage="", result=result, finished_at=utc_now())
        except Exception as exc:  # said in the job's status, never lost in a thread
            if not isinstance(exc, NewsprismError):
                log.exception("ingest job %s failed", job_id)
            self._set(job_id, state="failed", stage="", finished_at=utc_now(),
                      error=getattr(exc, "message", None) or str(exc))

    def run(self, items: list[Item], stage: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
        """Read, store and place the items now (in this thread); what became of them."""
        from ..corpus import ingest

        fetcher = None
        if self.fetch:
            from ..ingest.feed import http_fetcher

            fetcher = http_fetcher()
        raws: list[RawDocument] = []
        skipped: list[Skipped] = []
        for doc in read_items(items, fetcher, self.settings.max_chars):
            (raws if isinstance(doc, RawDocument) else skipped).append(doc)  # type: ignore[arg-type]
        listed = raws[:MAX_LISTED]
        hashes = {raw.id: _hash(raw) for raw in listed}
        before = self.store.find_hashes(h for h in hashes.values() if h)
        stage("storing")
        if raws:
            report = self._ingest(ingest, raws)
            counts = report.as_dict()
            skipped.extend(report.skipped)
        else:
            counts = {"read": 0, "added": 0}
        after = self.store.find_hashes(h for h in hashes.values() if h)
        articles: list[dict[str, Any]] = []
        for raw in listed:
            h = hashes[raw.id]
            found = after.get(h) if h else None
            articles.append({"doc_id": raw.id, "source": raw.source, "title": raw.meta.get("title"),
                             "article_id": found[0] if found else None,
                             "story_id": found[1] if found else None,
                             "status": "stored before" if h in before else ("added" if found else "not stored")})
        story_ids: list[int] = list(dict.fromkeys(a["story_id"] for a in articles if a["story_id"] is not None))
        stories = [{"id": r.id, "title": r.title, "first": r.first, "last": r.last,
                    "n_articles": r.n_articles, "outlets": list(r.outlets),
                    "articles": [a["article_id"] for a in articles if a["story_id"] == r.id]}
                   for r in self.store.story_rows(story_ids)]
        if self.joined and story_ids:
            self.joined(story_ids[:PREWARM])
        return {**counts, "skipped": [{"source": s.source, "reason": s.reason} for s in skipped],
                "articles": articles, "stories": stories, "more": max(0, len(raws) - len(listed))}

    def _ingest(self, ingest: Callable[..., Any], raws: list[RawDocument]) -> Any:
        """:func:`newsprism.corpus.ingest`, waiting while another ingest holds the store."""
        waited = 0.0
        while True:
            try:
                return ingest(raws, self.db, fetch=False, workers=self.workers, settings=self.settings)
            except StoreError as exc:
                if LOCK_BUSY not in str(exc) or waited >= LOCK_WAIT:
                    raise
            time.sleep(LOCK_RETRY)
            waited += LOCK_RETRY


def _hash(raw: RawDocument) -> str | None:
    """The content hash the store will give the document (its cleaned text's), or None."""
    try:
        text = clean_document(raw).text
    except Exception:  # the ingest reports it as skipped, with the reason
        return None
    return content_hash(text) if text.strip() else None
