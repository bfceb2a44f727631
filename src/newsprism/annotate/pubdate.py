"""Infer a missing publication date from the articles of the same run.

Never invents a date: an inferred date always rests on evidence, which is
returned with it, and ambiguity leaves the date unknown.

Two kinds of evidence, strongest first:

1. **Shared events.**  A sentence that names a weekday ("negotiators met in
   Istanbul on Friday ... first direct talks in three years") reports the same
   event as a sentence of another article that dates it ("On May 16 ... first
   direct talks in three years"), and that date falls on the weekday named.
   The article was then published on that day or within the following week;
   the anchor day that most anchors (weighted by similarity) allow is taken.
2. **A dated window.**  Explicit dates the article itself gives bound it: past
   events before, upcoming ones after ("the second round ... on Monday, June
   2").  When the window holds exactly one day of the weekday that the lead
   names ("Peskov said on Friday"), that day is the publication date.

Inferred dates feed the next round, so one article's date can settle
another's; rounds stop when nothing changes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from ..analysis import ArticleResult
from ..lexicon.calendar import WEEKDAY_NAMES
from .timex import TimeMention, resolve

# Two sentences report the same event when they share at least this many
# content words (lemmas, names folded to canonical form)...
MATCH_MIN_SHARED = 5
# ...making up at least this share of the shorter sentence's content words.
MATCH_MIN_OVERLAP = 0.4
# A weekday in past tense names a day at most this many days before publication.
MAX_WEEKDAY_LAG_DAYS = 6
# The lead is the first sentences; its weekday is the day of the news.
LEAD_SENTENCES = 2
# An upcoming event named with its weekday ("on Monday, June 2") is within this many days.
WEEKDAY_HORIZON_DAYS = 7
MAX_ROUNDS = 5
# content words shared by more dated sentences than this are skipped when matching events
MAX_POSTINGS = 5000


@dataclass(frozen=True)
class Inferred:
    published: date
    evidence: str


def _day(value: str | None) -> date | None:
    if not value or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    shared = len(a & b)
    if shared < MATCH_MIN_SHARED:
        return 0.0
    return shared / min(len(a), len(b))


def _snippet(r: ArticleResult, sentence: int, limit: int = 90) -> str:
    s = r.sentences[sentence] if sentence < len(r.sentences) else None
    text = r.article.text[s.start:s.end] if s else ""
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _sentence_of(r: ArticleResult, m: TimeMention) -> int:
    for i, s in enumerate(r.sentences):
        if s.start <= m.start < s.end:
            return i
    return min(m.sentence, len(r.sentences) - 1)


def _dated_sentences(r: ArticleResult, anchor: date | None, year_hint: date | None
                     ) -> list[tuple[int, date, TimeMention]]:
    """(sentence, day, mention) for every time expression of ``r`` that resolves to a day."""
    out = []
    for m in r.times:
        if m.type not in {"DATE", "TIME"}:
            continue
        if anchor is not None:
            day = _day(resolve(m, anchor)[0])
        elif m.kind == "date" and m.day and m.month:
            ref = date(m.year, 1, 1) if m.year else year_hint
            day = _day(resolve(m, ref)[0]) if ref else None
        else:
            day = None
        if day:
            out.append((_sentence_of(r, m), day, m))
    return out


def infer_dates(results: list[ArticleResult]) -> dict[str, Inferred]:
    """Publication dates for the articles of ``results`` that have none, where evidence allows."""
    known: dict[str, date] = {}
    for r in results:
        d = _day(r.article.published)
        if d:
            known[r.article.id] = d
    if not known:
        return {}
    # year-less dates ("May 16") take the year nearest the run's known dates
    ordered = sorted(known.values())
    year_hint = ordered[len(ordered) // 2]
    inferred: dict[str, Inferred] = {}
    by_id = {r.article.id: r for r in results}
    for _ in range(MAX_ROUNDS):
        dated = {r.article.id: _dated_sentences(r, known.get(r.article.id), year_hint) for r in results}
        index = _index(dated, by_id)
        changed = False
        for r in results:
            aid = r.article.id
            if aid in known:
                continue
            found = _from_events(r, by_id, index) or _from_window(r, dated[aid])
            if found:
                known[aid] = found.published
                inferred[aid] = found
                changed = True
        if not changed:
            break
    return inferred


_Posting = tuple[str, int, date, TimeMention]


def _index(dated: dict[str, list[tuple[int, date, TimeMention]]],
           by_id: dict[str, ArticleResult]) -> dict[tuple[int, str], list[_Posting]]:
    """(weekday, content word) -> dated sentences, so matching never scans the whole run."""
    index: dict[tuple[int, str], list[_Posting]] = defaultdict(list)
    for oid, entries in dated.items():
        keys_of = by_id[oid].sentence_keys
        for osi, day, m in entries:
            if osi < len(keys_of):
                for k in keys_of[osi]:
                    index[(day.weekday(), k)].append((oid, osi, day, m))
    return index


def _from_events(r: ArticleResult, by_id: dict[str, ArticleResult],
                 index: dict[tuple[int, str], list[_Posting]]) -> Inferred | None:
    """Anchor weekday mentions on the same events dated by other articles."""
    anchors: list[tuple[float, date, str]] = []
    for m in r.times:
        if m.kind != "weekday" or m.weekday is None or m.direction > 0:
            continue
        si = _sentence_of(r, m)
        keys = r.sentence_keys[si] if si < len(r.sentence_keys) else frozenset()
        shared: dict[tuple[str, int], int] = defaultdict(int)
        found: dict[tuple[str, int], _Posting] = {}
        for k in keys:
            postings = index.get((m.weekday, k), ())
            if len(postings) > MAX_POSTINGS:
                continue  # a word in this many dated sentences says nothing about which event
            for p in postings:
                if p[0] != r.article.id:
                    shared[(p[0], p[1])] += 1
                    found[(p[0], p[1])] = p
        for ref, n in sorted(shared.items()):
            if n < MATCH_MIN_SHARED:
                continue
            oid, osi, day, expr = found[ref]
            other = by_id[oid]
            sim = _similarity(keys, other.sentence_keys[osi])
            if sim >= MATCH_MIN_OVERLAP:
                    why = (f"'{m.text}' in \"{_snippet(r, si)}\" is the event {other.article.label} "
                           f"dates {day.isoformat()} ('{expr.text}' in \"{_snippet(other, osi)}\")")
                    anchors.append((sim, day, why))
    if not anchors:
        return None
    # each anchor day d allows publication in [d, d + lag]; take the day most anchors (by weight) allow
    scores: dict[date, float] = defaultdict(float)
    for sim, day, _ in anchors:
        for _, cand, _ in anchors:
            if day <= cand <= day + timedelta(days=MAX_WEEKDAY_LAG_DAYS):
                scores[cand] += sim
    best = max(scores.values())
    top = sorted(d for d, s in scores.items() if s == best)
    if len(top) > 1 and top[-1] - top[0] > timedelta(days=MAX_WEEKDAY_LAG_DAYS):
        return None  # anchors disagree: leave it unknown
    day = top[-1]
    support = max((a for a in anchors if a[1] == day), key=lambda a: a[0])
    return Inferred(day, "inferred: " + support[2])


def _from_window(r: ArticleResult, own: list[tuple[int, date, TimeMention]]) -> Inferred | None:
    """The single day of the lead's weekday between the article's past and upcoming dated events."""
    lead = next((m for m in r.times if m.kind == "weekday" and m.weekday is not None and m.direction <= 0
                 and _sentence_of(r, m) < LEAD_SENTENCES), None)
    if lead is None:
        return None
    # explicit dates only: a weekday resolved without an anchor would be circular
    past = [(d, m.text) for _, d, m in own if m.direction < 0 and m.kind == "date"]
    future = [(d, m.text) for _, d, m in own if m.direction > 0 and m.kind == "date"]
    if not past or not future:
        return None
    lo = max(past)
    hi = min(future)
    start, end = lo[0], hi[0] - timedelta(days=1)
    weekday_named = [d for d, e in future if _names_weekday(e)]
    if weekday_named:
        start = max(start, min(weekday_named) - timedelta(days=WEEKDAY_HORIZON_DAYS))
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    fits = [d for d in days if d.weekday() == lead.weekday]
    if len(fits) != 1:
        return None
    why = (f"inferred: '{lead.text}' in the lead falls between '{lo[1]}' ({lo[0].isoformat()}, past) and "
           f"'{hi[1]}' ({hi[0].isoformat()}, upcoming); {fits[0].isoformat()} is the only such day")
    return Inferred(fits[0], why)


def _names_weekday(expr: str) -> bool:
    return any(w in expr.lower() for w in WEEKDAY_NAMES)
