"""The analyze job, stage by stage: read -> clean -> annotate -> link -> compare -> tell.

1. read: inputs become documents; unreadable ones become ``skipped`` entries (:mod:`.ingest`);
2. clean: boilerplate, wrapping and repeats out, metadata found (:mod:`.clean`);
3. annotate: each article parsed and annotated on its own, in worker processes (one spaCy
   model each) when there are enough articles to pay for starting them (:mod:`.annotate`);
4. link: what needs the whole run: publication dates, dates resolved, canonical entities,
   quote speakers (:mod:`.annotate.across`);
5. compare: facts, omissions, conflicts, quote variants, framing (:mod:`.compare`);
6. tell: the timeline and the cited summary (:mod:`.tell`).

The report (terminal, JSON, HTML) is the caller's: :mod:`.report`.  This module only calls the
stages; the records they pass on live in :mod:`.analysis` and :mod:`.model`.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from .analysis import Analysis, ArticleResult
from .annotate import annotate_doc
from .annotate.across import link_run
from .annotate.aliases import AliasTable, load_aliases
from .annotate.nlp import load_nlp, parse_texts
from .clean import clean_document
from .compare import compare as compare_outlets
from .config import Settings, load_settings
from .embed import load_encoder, preload
from .errors import NoInputError
from .ingest import read_inputs
from .model import Article, RawDocument, Skipped
from .tell import tell
from .workers import pool_context

__all__ = ["analyze", "annotate_articles", "annotate_raw", "read_all"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def analyze(inputs: Iterable[Any] | str, settings: Settings | None = None, *,
            aliases: str | None = None, progress: Progress | None = None,
            on_article: Callable[[ArticleResult], None] | None = None,
            compare: bool = True, summarizer: Callable[..., Any] | None = None) -> Analysis:
    """Analyze articles: paths (files or directories), ``-`` for stdin, texts, or JSONL-style dicts.

    With ``compare`` (the default) the result also holds the cross-outlet comparison
    (``Analysis.comparison``) and the story told from it (``Analysis.narrative``);
    ``summarizer`` replaces the default extractive summary (see :mod:`newsprism.tell.llm`).

    >>> from newsprism import analyze
    >>> result = analyze(["../shared/seeds/"])          # doctest: +SKIP
    >>> [a.published for a in result.articles]         # doctest: +SKIP

    Raises :class:`~newsprism.errors.NoInputError` when nothing readable was
    given; unreadable inputs are listed in ``Analysis.skipped``.
    """
    settings = settings or load_settings()
    if isinstance(inputs, str):
        inputs = [inputs]
    timings: dict[str, float] = {}
    timed = _stopwatch(timings)
    with timed("read"):
        raws, skipped = read_all(inputs, settings.max_chars)
    if not raws:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped[:5]) or "no inputs given"
        raise NoInputError(f"nothing to analyze ({reasons})")
    with timed("clean"):
        articles = [clean_document(r) for r in raws]

    def load_encoder_meanwhile() -> None:
        if compare:
            preload(settings.encoder)  # a thread: started once the workers run, never before

    with timed("annotate"):
        results = []
        for r in annotate_articles(articles, settings, aliases, progress,
                                   started=load_encoder_meanwhile):
            results.append(r)
            if on_article:
                on_article(r)
    with timed("link"):
        analysis = link_run(results, skipped)
    if not compare:
        return replace(analysis, timings=timings)
    with timed("compare"):
        comparison = compare_outlets(analysis, load_encoder(settings.encoder))
    with timed("tell"):
        narrative = tell(analysis, comparison, summarize=summarizer)
    return replace(analysis, comparison=comparison, narrative=narrative, timings=timings)


def _stopwatch(timings: dict[str, float]) -> Callable[[str], Any]:
    @contextmanager
    def timed(stage: str) -> Iterator[None]:
        t = time.perf_counter()
        yield
        timings[stage] = round(time.perf_counter() - t, 4)

    return timed


# --- the annotate stage's workers ---------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(model: str, aliases_path: str | None) -> None:
    _WORKER["nlp"] = load_nlp(model)
    _WORKER["aliases"] = load_aliases(aliases_path)


def _process_batch(articles: list[Article], nlp: Any, aliases: AliasTable,
                   batch_size: int) -> list[ArticleResult]:
    docs = parse_texts(nlp, (a.text for a in articles), batch_size)
    return [annotate_doc(a, d, aliases) for a, d in zip(articles, docs, strict=True)]


def _worker_batch(args: tuple[list[Article], int]) -> list[ArticleResult]:
    articles, batch_size = args
    return _process_batch(articles, _WORKER["nlp"], _WORKER["aliases"], batch_size)


def _workers(settings: Settings) -> int:
    return settings.workers if settings.workers > 0 else (os.cpu_count() or 1)


def annotate_articles(articles: list[Article], settings: Settings, aliases_path: str | None = None,
                      progress: Progress | None = None,
                      started: Callable[[], Any] | None = None) -> Iterator[ArticleResult]:
    """Annotate cleaned articles, in input order; in parallel when there are enough of them.

    ``started`` is called once the worker processes (if any) are running: the place to start
    threads, which must not exist while workers are being started.
    """
    n = len(articles)
    workers = min(_workers(settings), max(1, n // max(1, settings.batch_size // 2)))
    if workers <= 1 or n < settings.parallel_min_articles:
        if started:
            started()
        nlp = load_nlp(settings.spacy_model)
        aliases = load_aliases(aliases_path)
        done = 0
        step = max(1, settings.batch_size)
        for i in range(0, n, step):
            for r in _process_batch(articles[i : i + step], nlp, aliases, settings.batch_size):
                done += 1
                if progress:
                    progress(done, n)
                yield r
        return
    chunk = max(1, min(settings.batch_size, -(-n // (workers * 4))))
    batches = [(articles[i : i + chunk], settings.batch_size) for i in range(0, n, chunk)]
    done = 0
    with pool_context().Pool(workers, initializer=_init_worker,
                             initargs=(settings.spacy_model, aliases_path)) as pool:
        if started:
            started()
        for results in pool.imap(_worker_batch, batches):
            for r in results:
                done += 1
                if progress:
                    progress(done, n)
                yield r


def annotate_raw(raws: list[RawDocument], settings: Settings, aliases_path: str | None = None,
                 progress: Progress | None = None) -> Iterator[ArticleResult]:
    """Clean and annotate documents, in input order (the clean and annotate stages together)."""
    return annotate_articles([clean_document(r) for r in raws], settings, aliases_path, progress)


def read_all(inputs: Iterable[Any], max_chars: int | None = None
             ) -> tuple[list[RawDocument], list[Skipped]]:
    """Read inputs; ids made unique across the run (``a``, ``a-2``...); a text longer than
    ``max_chars`` is skipped with its reason."""
    raws: list[RawDocument] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for item in read_inputs(inputs, max_chars=max_chars):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        doc_id, n = item.id, 2
        while doc_id in seen:
            doc_id, n = f"{item.id}-{n}", n + 1
        seen.add(doc_id)
        raws.append(item if doc_id == item.id else replace(item, id=doc_id))
    return raws, skipped
