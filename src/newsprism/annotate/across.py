"""The link stage: what needs every article of the run, after each was annotated on its own.

1. publication dates the articles do not state, inferred from the others (:mod:`.pubdate`);
2. every time expression resolved against its article's (possibly inferred) date;
3. entity clusters merged into canonical entities across articles (:mod:`.linking`);
4. each quote's speaker linked to its canonical entity (:mod:`.quotes`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ..analysis import Analysis, ArticleResult
from ..model import DateRef, Mention, Quote, Skipped
from .linking import link
from .pubdate import infer_dates
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
