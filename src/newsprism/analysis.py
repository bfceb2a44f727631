"""The records of one analysis run, and their JSON form.

The run's stages hand these records down the line (``ingest -> clean -> annotate -> link ->
compare -> tell -> report``): :class:`ArticleResult` per article from the annotate stage,
:class:`Analysis` once the run is linked, :class:`Comparison` from the compare stage and
:class:`Narrative` from the tell stage.  They sit on the ground floor beside
:mod:`newsprism.model` so that every stage imports them downwards and none imports the
orchestrator (:mod:`newsprism.pipeline`).

The JSON document (``Analysis.to_json``) has one object, a stable key order, and is
byte-identical for the same input; its schema ships as ``newsprism/data/analysis.schema.json``
(:func:`newsprism.report.json.schema`).  Spans (``start``/``end``) are character offsets into
the article's cleaned ``text``; ``source_start``/``source_end`` point into the source text (the
decoded file, or the body extracted from HTML), through the article's ``offsets`` map (runs of
``[clean_start, source_start, length]``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import (
    Article,
    Clause,
    Conflict,
    DateRef,
    Entity,
    Fact,
    FramingRow,
    LocalEntities,
    Mention,
    NumberRef,
    Omission,
    Quote,
    QuoteGroup,
    Sentence,
    Skipped,
    SourceCite,
    Statement,
    SummarySentence,
    TimelineEvent,
    TimeMention,
)
from .version import __version__

if TYPE_CHECKING:
    import numpy as np


__all__ = ["SCHEMA_VERSION", "Analysis", "ArticleResult", "Comparison", "Narrative",
           "analysis_dict", "analysis_json"]

SCHEMA_VERSION = 5  # 4: omissions[].possibly_reported; 5: facts[].support


@dataclass(frozen=True)
class ArticleResult:
    """Everything found in one article, before run-wide linking."""

    article: Article
    sentences: tuple[Sentence, ...]
    entities: LocalEntities
    quotes: tuple[Quote, ...]
    times: tuple[TimeMention, ...]
    numbers: tuple[NumberRef, ...]
    sources: tuple[SourceCite, ...]
    # per sentence: content lemmas, with names folded to their canonical form
    sentence_keys: tuple[frozenset[str], ...]
    clauses: tuple[Clause, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """What the compare stage finds across outlets."""

    statements: tuple[Statement, ...]
    facts: tuple[Fact, ...]
    omissions: tuple[Omission, ...]
    conflicts: tuple[Conflict, ...]
    quote_groups: tuple[QuoteGroup, ...]
    framing: tuple[FramingRow, ...]
    # the statements' embeddings, one row each (L2-normalised), for the tell stage; not output
    vectors: np.ndarray | None = field(default=None, compare=False, repr=False)
    # seconds per step (statements, encode, align, ...), for benchmarks; not part of the output
    timings: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def fact(self, fact_id: str) -> Fact:
        for f in self.facts:
            if f.id == fact_id:
                return f
        raise KeyError(fact_id)


@dataclass(frozen=True)
class Narrative:
    """What the tell stage makes of the comparison: the timeline and the cited summary."""

    timeline: tuple[TimelineEvent, ...]
    summary: tuple[SummarySentence, ...]
    timings: dict[str, float] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Analysis:
    """The result of :func:`newsprism.analyze`: cleaned articles and everything found in them."""

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
    # the cross-outlet comparison (facts, omissions, conflicts, quote groups, framing)
    comparison: Comparison | None = field(default=None, repr=False, compare=False)
    # the story told from it (timeline, cited summary)
    narrative: Narrative | None = field(default=None, repr=False, compare=False)
    # seconds per stage (read, annotate, link, compare, tell), for benchmarks; not in the output
    timings: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    def to_dict(self) -> dict[str, Any]:
        return analysis_dict(self)

    def to_json(self) -> str:
        return analysis_json(self)


# --- the JSON form ----------------------------------------------------------------------------


def _article(a: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source,
        "format": a.format,
        "outlet": a.outlet,
        "title": a.title,
        "published": a.published,
        "published_time": a.published_time,
        "published_inferred": a.published_inferred,
        "author": a.author,
        "url": a.url,
        "language": a.language,
        "links": list(a.links),
        "evidence": {k: a.evidence[k] for k in sorted(a.evidence)},
        "text": a.text,
        "offsets": [list(r) for r in a.offsets.runs],
        "removed": [{"reason": r.reason, "text": r.text, "source_start": r.source_start,
                     "source_end": r.source_end} for r in a.removed],
        "also_published_by": [{"id": c.id, "outlet": c.outlet, "title": c.title, "url": c.url,
                               "published": c.published, "similarity": c.similarity}
                              for c in a.copies],
    }


def analysis_dict(analysis: Analysis) -> dict[str, Any]:
    """The analysis as plain JSON-ready data."""
    by_id = {a.id: a for a in analysis.articles}

    def src(article_id: str, start: int | None, end: int | None) -> dict[str, int | None]:
        if start is None or end is None:
            return {"source_start": None, "source_end": None}
        s, e = by_id[article_id].source_span(start, end)
        return {"source_start": s, "source_end": e}

    entity_names = {e.id: e.name for e in analysis.entities}
    return {
        "newsprism": __version__,
        "schema_version": SCHEMA_VERSION,
        "articles": [_article(a) for a in analysis.articles],
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases),
             "articles": list(e.articles), "mentions": e.mentions}
            for e in analysis.entities
        ],
        "mentions": [
            {"article": aid, "entity": m.key or None, "text": m.text, "type": m.type, "kind": m.kind,
             "start": m.start, "end": m.end}
            for aid, m in analysis.mentions
        ],
        "quotes": [
            {"id": q.id, "article": q.article, "speaker": q.speaker,
             "speaker_name": entity_names.get(q.speaker or "", q.speaker_name) if q.speaker else q.speaker_name,
             "speaker_text": q.speaker_name, "text": q.text, "kind": q.kind, "cue": q.cue,
             "start": q.start, "end": q.end, **src(q.article, q.start, q.end),
             "speaker_start": q.speaker_start, "speaker_end": q.speaker_end}
            for q in analysis.quotes
        ],
        "dates": [
            {"article": d.article, "text": d.text, "value": d.value, "type": d.type, "anchor": d.anchor,
             "mod": d.mod, "sentence": d.sentence_text, "sentence_index": d.sentence,
             "start": d.start, "end": d.end, **src(d.article, d.start, d.end)}
            for d in analysis.dates
        ],
        "numbers": [
            {"article": n.article, "text": n.text, "value": n.value, "unit": n.unit, "counts": n.counts,
             "sentence_index": n.sentence, "start": n.start, "end": n.end}
            for n in analysis.numbers
        ],
        "sources_cited": [
            {"article": s.article, "name": s.name, "role": s.role, "text": s.text,
             "start": s.start, "end": s.end}
            for s in analysis.sources_cited
        ],
        "skipped": [{"source": s.source, "reason": s.reason} for s in analysis.skipped],
        **_compared(analysis),
    }


def _compared(analysis: Analysis) -> dict[str, Any]:
    """facts, omissions, quote_groups, framing, conflicts (the comparison), then timeline and
    summary (the narrative); empty lists for a stage that did not run."""
    c, n = analysis.comparison, analysis.narrative
    out: dict[str, Any] = {k: [] for k in ("facts", "omissions", "quote_groups", "framing",
                                           "conflicts", "timeline", "summary")}
    if c is None:
        return out
    out.update({
        "facts": [
            {"id": f.id, "text": f.text, "status": f.status, "articles": list(f.articles), "outlets": f.outlets,
             "dates": list(f.dates), "score": f.score,
             "variants": [{"article": v.article, "text": v.text, "start": v.start, "end": v.end}
                          for v in f.variants],
             "support": [{"article": x.article, "probability": x.probability, "level": x.level}
                         for x in f.support]}
            for f in c.facts
        ],
        "omissions": [
            {"article": o.article, "facts": list(o.facts),
             "possibly_reported": [{"fact": x.fact, "statement": x.statement, "text": x.text,
                                    "start": x.start, "end": x.end, "probability": x.probability}
                                   for x in o.possible]}
            for o in c.omissions
        ],
        "quote_groups": [
            {"id": g.id, "speaker": g.speaker, "speaker_name": g.speaker_name, "quotes": list(g.quotes),
             "articles": list(g.articles), "reference": g.reference,
             "diffs": {q: [{"op": d.op, "text": d.text, "other": d.other} for d in segs]
                       for q, segs in g.diffs.items()},
             "divergent": [{"quote": q, "reason": why} for q, why in g.divergent]}
            for g in c.quote_groups
        ],
        "framing": [
            {"referent": r.referent, "kind": r.kind, "terms": {t: list(a) for t, a in r.terms.items()},
             "score": r.score, "note": r.note}
            for r in c.framing
        ],
        "conflicts": [
            {"fact": x.fact, "kind": x.kind, "values": {a: list(v) for a, v in x.values.items()},
             "description": x.description}
            for x in c.conflicts
        ],
    })
    if n is None:
        return out
    out.update({
        "timeline": [
            {"date": e.date, "event": e.event, "articles": list(e.articles), "wordings": dict(e.wordings),
             "background": e.background, "conflicting": e.conflicting, "fact": e.fact}
            for e in n.timeline
        ],
        "summary": [{"text": s.text, "citations": list(s.citations), "facts": list(s.facts)} for s in n.summary],
    })
    return out


def analysis_json(analysis: Analysis) -> str:
    """The JSON document: stable key order, byte-identical for the same input."""
    return json.dumps(analysis_dict(analysis), ensure_ascii=False, indent=2) + "\n"
