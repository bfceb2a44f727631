"""The link stage: what needs every article of the run, after each was annotated on its own.

1. publication dates the articles do not state, inferred from the others (:mod:`.pubdate`);
2. every time expression resolved against its article's (possibly inferred) date;
3. entity clusters merged into canonical entities across articles (:mod:`.linking`);
4. each quote's speaker linked to its canonical entity (:mod:`.quotes`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..analysis import Analysis, ArticleResult
from ..model import DateRef, Quote, Skipped
from .linking import link
from .pubdate import infer_dates
from .quotes import speaker_entity
from .timex import date_refs

__all__ = ["link_run"]


def link_run(results: list[ArticleResult], skipped: list[Skipped] | None = None) -> Analysis:
    """Run-wide steps: publication dates, date resolution, entities, quote speakers."""
    # 1. publication dates the articles do not state
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
    # 2. time expressions against each article's date
    dates: list[DateRef] = []
    for r in results:
        pub = date.fromisoformat(r.article.published) if r.article.published else None
        dates.extend(date_refs(r.article.id, r.article.text, [(s.start, s.end) for s in r.sentences],
                               list(r.times), pub))
    # 3-4. entities across the run, and the quotes' speakers
    linked = link({r.article.id: r.entities for r in results})
    quotes: list[Quote] = []
    for r in results:
        ms = linked.mentions.get(r.article.id, ())
        for i, q in enumerate(r.quotes, 1):
            quotes.append(replace(q, id=f"{r.article.id}:q{i}", speaker=speaker_entity(q, ms, r.article.text)))
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
