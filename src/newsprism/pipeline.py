"""The analyze job: read -> clean -> parse and annotate (in parallel) -> link across the run.

1. read inputs; unreadable ones become ``skipped`` entries;
2. clean and annotate each article — in worker processes, one spaCy model
   per process, when there are enough articles to pay for starting them;
3. infer missing publication dates from the other articles (``pubdate``);
4. resolve every time expression against its article's (possibly inferred) date;
5. merge entity clusters into canonical entities and link quote speakers.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from .annotate import ArticleResult, annotate_doc
from .annotate.aliases import AliasTable, load_aliases
from .annotate.linking import link
from .annotate.nlp import load_nlp
from .annotate.pubdate import infer_dates
from .annotate.timex import date_refs
from .clean import clean_document
from .config import Settings, load_settings
from .errors import NoInputError
from .ingest import read_inputs
from .model import (
    Article,
    DateRef,
    Entity,
    Mention,
    NumberRef,
    Quote,
    RawDocument,
    Skipped,
    SourceCite,
)

if TYPE_CHECKING:
    from .compare import Comparison

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Analysis:
    """The result of :func:`analyze`: cleaned articles and everything found in them."""

    articles: tuple[Article, ...]
    entities: tuple[Entity, ...]
    mentions: tuple[tuple[str, Mention], ...]  # (article id, mention with entity id as key)
    quotes: tuple[Quote, ...]
    dates: tuple[DateRef, ...]
    numbers: tuple[NumberRef, ...]
    sources_cited: tuple[SourceCite, ...]
    skipped: tuple[Skipped, ...] = ()
    # (article id, entity id, title as written): "Kremlin spokesman" for Dmitry Peskov in 003
    titles: tuple[tuple[str, str, str], ...] = ()
    results: tuple[ArticleResult, ...] = field(default=(), repr=False, compare=False)
    # the cross-outlet comparison (facts, quote groups, framing, timeline, summary)
    comparison: Comparison | None = field(default=None, repr=False, compare=False)

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    def to_dict(self) -> dict[str, Any]:
        from .report.json import to_dict

        return to_dict(self)

    def to_json(self) -> str:
        from .report.json import to_json

        return to_json(self)


# --- worker side -------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(model: str, aliases_path: str | None) -> None:
    _WORKER["nlp"] = load_nlp(model)
    _WORKER["aliases"] = load_aliases(aliases_path)


def _process_batch(raws: list[RawDocument], nlp: Any, aliases: AliasTable,
                   batch_size: int) -> list[ArticleResult]:
    articles = [clean_document(r) for r in raws]
    docs = nlp.pipe((a.text for a in articles), batch_size=batch_size)
    return [annotate_doc(a, d, aliases) for a, d in zip(articles, docs, strict=True)]


def _worker_batch(args: tuple[list[RawDocument], int]) -> list[ArticleResult]:
    raws, batch_size = args
    return _process_batch(raws, _WORKER["nlp"], _WORKER["aliases"], batch_size)


def _workers(settings: Settings) -> int:
    return settings.workers if settings.workers > 0 else (os.cpu_count() or 1)


def annotate_raw(raws: list[RawDocument], settings: Settings, aliases_path: str | None = None,
                 progress: Progress | None = None) -> Iterator[ArticleResult]:
    """Clean and annotate documents, in input order; in parallel when there are enough of them."""
    n = len(raws)
    workers = min(_workers(settings), max(1, n // max(1, settings.batch_size // 2)))
    if workers <= 1 or n < settings.parallel_min_articles:
        nlp = load_nlp(settings.spacy_model)
        aliases = load_aliases(aliases_path)
        done = 0
        step = max(1, settings.batch_size)
        for i in range(0, n, step):
            for r in _process_batch(raws[i : i + step], nlp, aliases, settings.batch_size):
                done += 1
                if progress:
                    progress(done, n)
                yield r
        return
    chunk = max(1, min(settings.batch_size, -(-n // (workers * 4))))
    batches = [(raws[i : i + chunk], settings.batch_size) for i in range(0, n, chunk)]
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    done = 0
    with ctx.Pool(workers, initializer=_init_worker, initargs=(settings.spacy_model, aliases_path)) as pool:
        for results in pool.imap(_worker_batch, batches):
            for r in results:
                done += 1
                if progress:
                    progress(done, n)
                yield r


# --- run side ----------------------------------------------------------------


def read_all(inputs: Iterable[Any]) -> tuple[list[RawDocument], list[Skipped]]:
    """Read inputs; ids made unique across the run (``a``, ``a-2``...)."""
    raws: list[RawDocument] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for item in read_inputs(inputs):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        doc_id, n = item.id, 2
        while doc_id in seen:
            doc_id, n = f"{item.id}-{n}", n + 1
        seen.add(doc_id)
        raws.append(item if doc_id == item.id else replace(item, id=doc_id))
    return raws, skipped


def analyze(inputs: Iterable[Any] | str, settings: Settings | None = None, *,
            aliases: str | None = None, progress: Progress | None = None,
            on_article: Callable[[ArticleResult], None] | None = None,
            compare: bool = True, summarizer: Callable[..., Any] | None = None) -> Analysis:
    """Analyze articles: paths (files or directories), ``-`` for stdin, texts, or JSONL-style dicts.

    With ``compare`` (the default) the result also holds the cross-outlet
    comparison (``Analysis.comparison``); ``summarizer`` replaces the default
    extractive summary (see :mod:`newsprism.tell.llm`).

    >>> from newsprism import analyze
    >>> result = analyze(["../shared/seeds/"])          # doctest: +SKIP
    >>> [a.published for a in result.articles]         # doctest: +SKIP

    Raises :class:`~newsprism.errors.NoInputError` when nothing readable was
    given; unreadable inputs are listed in ``Analysis.skipped``.
    """
    settings = settings or load_settings()
    if isinstance(inputs, str):
        inputs = [inputs]
    raws, skipped = read_all(inputs)
    if not raws:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped[:5]) or "no inputs given"
        raise NoInputError(f"nothing to analyze ({reasons})")
    if compare:
        from .compare.embed import preload

        preload(settings.encoder)  # loads while spaCy parses
    results = []
    for r in annotate_raw(raws, settings, aliases, progress):
        results.append(r)
        if on_article:
            on_article(r)
    analysis = finish(results, skipped)
    if compare:
        from .compare import compare as run_compare
        from .compare.embed import load_encoder

        analysis = replace(analysis, comparison=run_compare(
            analysis, load_encoder(settings.encoder), summarize=summarizer))
    return analysis


def finish(results: list[ArticleResult], skipped: list[Skipped] | None = None) -> Analysis:
    """Run-wide steps: publication dates, date resolution, entities, quote speakers."""
    # 3. publication dates the articles do not state
    inferred = infer_dates(results)
    fixed: list[ArticleResult] = []
    for r in results:
        inf = inferred.get(r.article.id)
        if inf is not None:
            evidence = dict(r.article.evidence)
            evidence["published"] = inf.evidence
            r = replace(r, article=replace(r.article, published=inf.published.isoformat(),
                                           published_inferred=True, evidence=evidence))
        fixed.append(r)
    results = fixed
    # 4. time expressions against each article's date
    dates: list[DateRef] = []
    for r in results:
        pub = date.fromisoformat(r.article.published) if r.article.published else None
        dates.extend(date_refs(r.article.id, r.article.text, [(s.start, s.end) for s in r.sentences],
                               list(r.times), pub))
    # 5. entities across the run, and the quotes' speakers
    linked = link({r.article.id: r.entities for r in results})
    quotes: list[Quote] = []
    for r in results:
        ms = linked.mentions.get(r.article.id, ())
        for i, q in enumerate(r.quotes, 1):
            quotes.append(replace(q, id=f"{r.article.id}:q{i}", speaker=_speaker(q, ms, r.article.text)))
    mentions = tuple((aid, m) for aid in sorted(linked.mentions) for m in linked.mentions[aid])
    titles = tuple(sorted({(r.article.id, linked.key_map[(r.article.id, c.key)], t.text)
                           for r in results for c in r.entities.clusters for t in c.titles
                           if (r.article.id, c.key) in linked.key_map}))
    return Analysis(
        articles=tuple(r.article for r in results),
        entities=linked.entities,
        mentions=mentions,
        quotes=tuple(quotes),
        dates=tuple(dates),
        numbers=tuple(n for r in results for n in r.numbers),
        sources_cited=tuple(s for r in results for s in r.sources),
        skipped=tuple(skipped or ()),
        titles=titles,
        results=tuple(results),
    )


def _speaker(q: Quote, mentions: tuple[Mention, ...], text: str) -> str | None:
    """The entity a quote's speaker span names: its first person ("Peskov, spokesman for Putin"),
    else its last mention; not one that only qualifies the speaker, a possessor ("Trump's
    critics") or a nationality ("one U.S. official", "a Russian diplomat")."""
    if q.speaker_start is None or q.speaker_end is None:
        return None
    inside = [m for m in mentions if m.key and m.start < q.speaker_end and q.speaker_start < m.end
              and not _qualifies(m, text[m.end:q.speaker_end])]
    people = [m for m in inside if m.type == "PERSON"]
    # a title the parser cut from the name after it: "[Chief Justice of the United States] John Roberts"
    named = [m for m in mentions if m.key and m.type == "PERSON" and m.start >= q.speaker_end
             and not text[q.speaker_end:m.start].strip()]
    if not people and named:
        return named[0].key
    if not inside:
        return None
    pick = people[0] if people else inside[-1]
    return pick.key


_POSSESSOR = re.compile(r"^(?:'s|’s|'|’)?\s+(?P<rest>\S.*)$", re.S)
_BEFORE_COMMON_NOUN = re.compile(r"^\s+[a-z]")
# what someone put out in their own words ("Trump's tweet said", "Ryan's statement"), or
# the organisation that speaks for them ("Clinton's campaign said", "Pelosi's office")
_OWN_WORDS = frozenset(
    "account ad ads administration announcement article book brief camp campaign column comments "
    "complaint email emails essay filing government interview language letter memo message note office "
    "op-ed post posts remarks response speech statement team testimony tweet tweets video words".split())
_HEAD_ENDS = re.compile(r"\s(?:of|in|on|at|for|to|with|from|about|that|which|who)\s|[,;(]")


def _qualifies(m: Mention, after: str) -> bool:
    """Whether mention ``m``, followed in the speaker span by ``after``, only qualifies the
    speaker: a possessor of someone else ("Clinton's top aide"; not of their own words or
    their campaign: "Trump's tweet", "Clinton's campaign"), or a place or nationality before a
    common noun.  An organisation before
    its spokesman stays the speaker ("a Kremlin spokesman")."""
    if m.text.endswith(("'s", "’s")) or after[:2] in ("'s", "’s") or after[:1] in ("'", "’"):
        owned = _POSSESSOR.match(after)
        if owned is None:
            return False
        head = _HEAD_ENDS.split(" " + owned.group("rest"), maxsplit=1)[0].split()
        return not (head and head[-1].lower() in _OWN_WORDS)  # "Trump's tweet": his words
    return m.type in ("GPE", "NORP") and bool(_BEFORE_COMMON_NOUN.match(after))
