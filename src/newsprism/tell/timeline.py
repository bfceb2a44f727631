"""The story's events ordered by date, background included and marked.

Every resolved calendar date (a day, a month or a year — not durations or
vague references) anchors the event of the statement it stands in.  The
variants of one aligned fact that give the same date are one event, and so are
two facts of that date that share a wording (one sentence that states both, "On
May 2 the two sides held their first talks in a year", is a wording of two facts
the grouping kept apart).  A fact's wordings that give no date of their own are
of its event when the fact gives one day only and their article was published
that day or just after (the outlet reports what happened that day), unless said
over time ("has repeatedly said": a span, not that day).  A sentence that names
several days is an event at each, but not again alone at a later day, after its
article's publication, where its article is on another row (a plan it reports).  A fact with a date conflict
(compare/conflicts.py) is flagged.  A statement in someone's own voice (first
person) is shown with their name, or left out when nobody is known to have said
it.  Events before the story's own days (``BACKGROUND_DAYS`` before the earliest
publication date) are background: "talks in March 2022", "not met since December
2019".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..disjoint import DisjointSets
from ..model import Conflict, Fact, Statement, TimelineEvent
from .summary import story_sentence
from .voice import paired, voiced

if TYPE_CHECKING:
    from ..analysis import Analysis

BACKGROUND_DAYS = 30
# an article published this many days after a day still reports that day's news
REPORT_DAYS = 2
_POSSESSIVES = frozenset({"his", "her", "its", "their"})
# a clause that only says who said it, and when: "a person familiar with the matter said Friday."
_BARE_ATTRIBUTION = re.compile(r"^[^,;:\"“”]{1,80}?\b(?:said|says|told|reported|added|confirmed|announced|wrote"
                               r"|tweeted|stated)(?:\s+(?:on|late|early|last))?(?:\s+[A-Z]?[a-z]+){0,2}\s*[.!]?$")
# an event's wording longer than this is cut at a word boundary
MAX_EVENT_CHARS = 220


def _cut(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_EVENT_CHARS:
        return text
    return text[:MAX_EVENT_CHARS].rsplit(" ", 1)[0] + " ..."


def _story_start(analysis: Analysis) -> str | None:
    days = sorted(a.published for a in analysis.articles if a.published)
    if not days:
        return None
    return (date.fromisoformat(days[0]) - timedelta(days=BACKGROUND_DAYS)).isoformat()


def _before(value: str, start: str) -> bool:
    """Whether a TIMEX date (YYYY, YYYY-MM, YYYY-MM-DD) lies wholly before ``start`` (YYYY-MM-DD)."""
    return value < start[: len(value)]


def _reported_on(day: str, published: str | None) -> bool:
    """An article published on ``published`` reports what happened on ``day`` (a whole
    YYYY-MM-DD): the same day or up to ``REPORT_DAYS`` after."""
    if not published or len(day) != 10:
        return False
    try:
        gap = (date.fromisoformat(published) - date.fromisoformat(day)).days
    except ValueError:
        return False
    return 0 <= gap <= REPORT_DAYS


def _said_again(s: Statement, day: str, on_day: dict[str, Counter[str]], published: dict[str, str]) -> bool:
    """``s``, alone on its row at ``day``, says again what the timeline shows: ``day`` is after
    its article's publication day (a plan or an expectation: "On Wednesday, X confirmed ... and
    proposed holding the next round on June 2"), ``s`` is shown at an earlier day of its own,
    and its article is on another row of ``day`` already (its report of that day's event)."""
    pub = published.get(s.article)
    return (pub is not None and day[:10] > pub and any(d < day for d in s.dates)
            and on_day[day][s.article] > 1)


def build_timeline(analysis: Analysis, statements: list[Statement], facts: list[Fact],
                   conflicts: list[Conflict]) -> list[TimelineEvent]:
    """The events, ordered by date; a fact with a date conflict among ``conflicts`` (the
    comparison's) is flagged."""
    fact_of: dict[str, Fact] = {}
    facts_of: dict[str, list[Fact]] = defaultdict(list)  # a statement's facts of several wordings
    for f in facts:  # a statement in two facts goes with the first (the most outlets)
        for v in f.variants:
            fact_of.setdefault(v.statement, f)
            if len(f.variants) > 1:
                facts_of[v.statement].append(f)
    start = _story_start(analysis)
    by_id = {s.id: s for s in statements}
    # (date, fact id or statement id) -> statements; the facts of one date that share a
    # statement giving that date are one event
    events: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    joined: dict[str, DisjointSets] = defaultdict(DisjointSets)
    for s in statements:
        for d in s.dates:
            owners = facts_of.get(s.id, [])
            for f in owners[1:]:
                joined[d].join(owners[0].id, f.id)
    for s in statements:
        for d in s.dates:
            owner = fact_of.get(s.id)
            events[(d, joined[d].find(owner.id) if owner and len(owner.variants) > 1 else s.id)].append(s)
    published = {a.id: a.published[:10] for a in analysis.articles if a.published}
    for f in facts:
        # wordings with no date of their own, of a fact that gives one day: of that day's event
        # when their article was published that day or up to REPORT_DAYS after (an undated
        # statement is of its article's day), and not said "repeatedly" or over time
        own = [by_id[v.statement] for v in f.variants if v.statement in by_id]
        days = {d for w in own for d in w.dates}
        if len(days) != 1 or len(own) < 2:
            continue
        d = days.pop()
        key = (d, joined[d].find(f.id))
        events[key].extend(w for w in own if not w.dates and not w.repeated and w not in events[key]
                           and _reported_on(d, published.get(w.article)))
    conflicting = {c.fact for c in conflicts if c.kind == "date"}
    names = {e.id: e.name for e in analysis.entities}
    # the pronoun that opens a statement, by (article, offset)
    openers = {(aid, m.start): m for aid, m in analysis.mentions if m.kind == "pronoun" and m.key}

    def shown(s: Statement) -> str | None:
        """The statement as the timeline shows it: someone's own words with their name, or
        nothing when nobody is known to have said them (see :mod:`.voice`); one that opens
        with a pronoun gets the person it stands for ("[Benjamin Netanyahu] failed ...")."""
        if not voiced(s.text):
            m = openers.get((s.article, s.start))
            name = names.get(m.key) if m is not None else None
            if m is None or not name or not s.text.startswith(m.text):
                text = paired(s.text)
                if _BARE_ATTRIBUTION.match(text):
                    # "A person familiar with the matter said Friday.": what was said is the
                    # sentence's other clause, so the row shows the sentence
                    sentence, start, _ = story_sentence(analysis, s)
                    if start < s.start:
                        text = paired(" ".join(sentence.split()))
                # a clause cut from its sentence ("while Sanders insisted ...") opens the event
                return text[:1].upper() + text[1:]
            suffix = "'s" if m.text.lower() in _POSSESSIVES else ""
            return paired(f"[{name}{suffix}]{s.text[len(m.text):]}")
        name = names.get(s.speaker or "")
        return f'{name}: "{s.text.strip(chr(34) + " ")}"' if name else None

    # a sentence that names several days is an event at each, but see _said_again
    on_day: dict[str, Counter[str]] = defaultdict(Counter)  # day -> article -> its rows that day
    for (value, _), group in events.items():
        for art in {st.article for st in group}:
            on_day[value][art] += 1
    out: list[TimelineEvent] = []
    for (value, _), group in events.items():
        sts = [s for s in group if shown(s) is not None]
        if not sts:
            continue
        if len(group) == 1 and _said_again(group[0], value, on_day, published):
            continue
        fact = fact_of.get(sts[0].id)
        # the fact's representative wording only if it is one of the statements giving this date
        reps = [s for s in sts if fact is not None and s.text == fact.text and value in s.dates]
        dated = [s for s in sts if value in s.dates]
        text = shown((reps or dated or sts)[0]) or ""
        wordings: dict[str, str] = {}
        for s in sts:
            wordings.setdefault(s.article, shown(s) or "")
        out.append(TimelineEvent(
            date=value, event=_cut(text), articles=tuple(sorted(wordings)),
            wordings={a: _cut(t) for a, t in sorted(wordings.items())},
            background=bool(start and _before(value, start)),
            conflicting=bool(fact is not None and fact.id in conflicting),
            fact=fact.id if fact is not None else None,
        ))
    out.sort(key=lambda e: (e.date, -len(e.articles), e.event))
    return out
