"""The JSON document: one object, stable key order, byte-identical for the same input.

The schema ships as ``newsprism/data/analysis.schema.json``.  Spans
(``start``/``end``) are character offsets into the article's cleaned
``text``; ``source_start``/``source_end`` point into the source text (the
decoded file, or the body extracted from HTML), through the article's
``offsets`` map (runs of ``[clean_start, source_start, length]``).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from .. import __version__

if TYPE_CHECKING:
    from ..pipeline import Analysis

SCHEMA_VERSION = 3


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


def to_dict(analysis: Analysis) -> dict[str, Any]:
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
        **_comparison(analysis),
    }


def _comparison(analysis: Analysis) -> dict[str, Any]:
    """facts, omissions, quote_groups, framing, conflicts, timeline, summary (empty lists without one)."""
    c = analysis.comparison
    if c is None:
        return {k: [] for k in ("facts", "omissions", "quote_groups", "framing", "conflicts", "timeline", "summary")}
    return {
        "facts": [
            {"id": f.id, "text": f.text, "status": f.status, "articles": list(f.articles), "outlets": f.outlets,
             "dates": list(f.dates), "score": f.score,
             "variants": [{"article": v.article, "text": v.text, "start": v.start, "end": v.end}
                          for v in f.variants]}
            for f in c.facts
        ],
        "omissions": [{"article": o.article, "facts": list(o.facts)} for o in c.omissions],
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
        "timeline": [
            {"date": e.date, "event": e.event, "articles": list(e.articles), "wordings": dict(e.wordings),
             "background": e.background, "conflicting": e.conflicting, "fact": e.fact}
            for e in c.timeline
        ],
        "summary": [{"text": s.text, "citations": list(s.citations), "facts": list(s.facts)} for s in c.summary],
    }


def to_json(analysis: Analysis) -> str:
    return json.dumps(to_dict(analysis), ensure_ascii=False, indent=2) + "\n"


def schema() -> dict[str, Any]:
    """The JSON Schema the document follows."""
    text = resources.files("newsprism").joinpath("data/analysis.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
