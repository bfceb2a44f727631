"""Statements: each article's clauses with their slots, ready to align across articles."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from ..annotate.clauses import LOCATIVE_PREPS
from ..annotate.linking import entity_slug
from ..lexicon.calendar import MONTHS, WEEKDAYS
from ..lexicon.words import QUOTE_LABELS, SECTION_LABELS
from ..model import Clause, DateRef, Mention, NumberRef, Statement

if TYPE_CHECKING:
    from ..analysis import Analysis

# a clause with fewer words than this is a label or a fragment, not a claim ("Background:")
MIN_STATEMENT_WORDS = 4
# lines that list an article's sources are not claims about the story; the whole sentence
# is not ("Source: RIA Novosti; TASS; Telegram channel ...": each part after a semicolon too)
_NOT_A_CLAIM = re.compile(r"^\s*(?:sources?|via|photo|credits?)\s*:", re.I)
# a section label before a sentence says what kind of paragraph follows, not what happened
# ("Details: At the same time, Peskov noted ...", "Quote: "The meeting ...", "Background:"):
# not part of the statement, nor of the words compared
_LABEL = re.compile(r"(?:" + "|".join(SECTION_LABELS + QUOTE_LABELS) + r")"
                    r"(?:\s+from\s+[^:\n]{1,80}?)?\s*:\s+", re.I)
PLACE_TYPES = {"GPE", "LOC", "FAC"}
# a place name right after one of these names where something is or goes, not who acts: the
# prepositions that put a clause's event at a place (annotate/clauses.py), and those of motion
_LOCATIVE = re.compile(r"\b(?:" + "|".join(sorted(LOCATIVE_PREPS | {"to", "into", "around", "toward", "towards",
                                                                   "via", "through"}))
                       + r")\s+(?:the\s+)?$", re.I)
SPOKESPERSON = "spokesperson"  # the role annotate/entities.py gives "spokesman", "spokeswoman" ...
# TIMEX values that name a day, month or year (not durations or vague references)
_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# a time of a known day ("2025-05-16TMO", "2025-05-16T14:00"): the day
_DAY_OF_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T")
# what a time expression needs to name its own day ("Monday morning", "May 16 at 2pm"); without
# it ("5pm local time", "By 2 a.m.") the day is only the one the time was anchored to
_NAMES_A_DAY = re.compile(
    r"(?i)\b(?:" + "|".join(WEEKDAYS) + r"|today|tonight|yesterday|tomorrow)\b|\d{1,2}/\d{1,2}|"
    r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+\d")
_NAMING_MEASURE = re.compile(r"^\d+(?:\.\d+)?-[a-z]+$", re.I)  # "16-inch"
# "since 2022", "until June": the bound of a span, not the day something happened
_SPAN_BOUNDS = frozenset({"ON_OR_AFTER", "ON_OR_BEFORE"})
# what an amount of money or a percentage is of: the prepositional phrase right after it
# ("$3.6 billion from military construction projects", "5% of the budget"), up to this many
# words, stopping at punctuation or a word that starts a new phrase
_SCOPE_PREPS = frozenset({"from", "for", "of", "in", "on", "at", "per"})
_SCOPE_MAX_WORDS = 5
_SCOPE_STOP = frozenset({"to", "and", "or", "but", "that", "which", "who", "as", "by", "with", "than",
                         "was", "were", "is", "are", "be", "been", "will", "would", "could", "has",
                         "have", "had", "said", "says"})
_SCOPE_WORD = re.compile(r"\s*([\w'$%.-]+)")


@lru_cache(maxsize=1)
def _capital_table() -> dict[str, tuple[str, str]]:
    """Entity id of a capital or seat of government -> (its country's entity id, the country's
    name as ``data/capitals.tsv`` writes it)."""
    out: dict[str, tuple[str, str]] = {}
    text = resources.files("newsprism").joinpath("data/capitals.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        country, _, names = line.partition("\t")
        for name in names.split("|"):
            out.setdefault(entity_slug(name), (entity_slug(country), country.strip()))
    return out


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Entity id of a capital or seat of government -> its country's entity id
    (``data/capitals.tsv``: "moscow" and "kremlin" -> "russia", "kyiv" -> "ukraine")."""
    return {k: v[0] for k, v in _capital_table().items()}


def renames(text: str, inside: list[Mention], names: dict[str, str],
            places: tuple[tuple[int, int], ...]) -> tuple[tuple[str, str], ...]:
    """What a clause's mentions (``inside``, in the article ``text``) are read as when two
    clauses are compared, so that one entity reads as one name in both: a variant spelling as
    the entity's name ("Kiev": "Kyiv", "Russian Federation": "Russia"); a capital named as an
    actor, not as the place where something happens, as its country ("Delegations from Moscow
    and Kiev": "Russia", "Ukraine"; the city names only: "the Kremlin" keeps its name).  A
    people stays as written ("Americans" are people more often than their state).  ``names``:
    entity id -> canonical name; ``places``: the clause's place spans (a capital after "in",
    "at", "to" ... is a place too: "a roundtable in Abu Dhabi").  As (written, read) pairs,
    the longest written form first."""
    table = _capital_table()
    out: dict[str, str] = {}
    for m in inside:
        written = " ".join(m.text.split())
        read = None
        at_place = (any(m.start < b and a < m.end for a, b in places)  # "Abu Dhabi": "Dhabi" is the span
                    or bool(_LOCATIVE.search(text, max(0, m.start - 12), m.start)))
        if m.type == "GPE" and m.key in table and not at_place and m.kind in {"name", "alias"}:
            read = table[m.key][1]
        elif m.kind == "alias":
            read = names.get(m.key)
        # an abbreviation ("U.S.", "UK", "Fla.", "Wash.") and a dateline ("WASHINGTON (AP) —")
        # stay as written: the encoder reads the one as its name already, the other names no
        # actor
        if written.replace(".", "").isupper() or written.endswith("."):
            continue
        if read and read.lower() != written.lower() and written not in out:
            out[written] = read
    return tuple(sorted(out.items(), key=lambda x: (-len(x[0]), x[0])))


def measure_scope(text: str, end: int, limit: int) -> str:
    """The phrase after a quantity that says what it is of (``text[end:limit]``): "from
    military construction projects" after "$3.6 billion", "" when none follows."""
    words: list[str] = []
    pos = end
    while pos < limit and len(words) <= _SCOPE_MAX_WORDS:
        m = _SCOPE_WORD.match(text, pos, limit)
        if not m:
            break
        w = m.group(1).rstrip(".").lower()
        if (not words and w not in _SCOPE_PREPS) or (words and w in _SCOPE_STOP):
            break
        words.append(w)
        pos = m.end()
    return " ".join(words) if len(words) > 1 else ""


def _event_dates(found: list[DateRef], attributive: tuple[tuple[int, int], ...] = ()) -> tuple[str, ...]:
    """The dates a clause's event happened on: not a date that names a thing ("passed a bill on
    the Jan. 6 riot", "a probe of the 2020 election"); a span's bound ("the first talks since
    2022") only when the clause names no other date ("they have not met since December 2019");
    a clock time's day only when nothing else names one ("stormed the hotel just before 5pm
    on Saturday": the Saturday)."""
    found = [d for d in found if not any(a <= d.start < b for a, b in attributive)]
    named = [d for d in found if d.type == "DATE" or _NAMES_A_DAY.search(d.text)]
    found = named or found
    points = [d for d in found if d.mod not in _SPAN_BOUNDS]
    return tuple(sorted({d.value for d in (points or found) if d.value}))


def _background(found: list[DateRef]) -> tuple[str, ...]:
    """The years a clause's background reaches back to: the bound of a span that runs up to now
    ("the first formal negotiations since 2022", "had not met since March 2022") and the start
    of a stretch reaching back from the article's day ("the first direct talks in more than
    three years": the publication day three years back).  Years only: a stretch counted in
    years says the year, not the month."""
    years = set()
    for d in found:
        if d.type == "DURATION" and d.anchor and _CALENDAR.match(d.anchor):
            years.add(d.anchor[:4])
        elif d.type == "DATE" and d.mod == "ON_OR_AFTER" and d.value and _CALENDAR.match(d.value):
            years.add(d.value[:4])
    return tuple(sorted(years))


def _measure(x: NumberRef, text: str, limit: int) -> str:
    """What a figure measures: the noun phrase it counts, else its unit with what it is of
    ("usd from military construction projects")."""
    if x.counts:
        return x.counts.lower()
    return " ".join(p for p in ((x.unit or "").lower(), measure_scope(text, x.end, limit)) if p)


def _read_with_antecedent(text: str, c: Clause) -> str:
    """A relative clause read with the noun its pronoun stands for: "who had not met since March
    2022" after "the warring sides" reads "the warring sides had not met since March 2022"; a
    clause with "such a meeting", with the meeting it stands for (``Clause.antecedent``); ""
    for any other clause."""
    if c.antecedent is None or c.pronoun is None or not c.start <= c.pronoun[0] < c.end:
        return ""
    a, b = c.antecedent
    p, q = c.pronoun
    noun = " ".join(text[a:b].split())
    if text[p:q].lower() == "whose":
        noun += "'s"
    if p > c.start and noun.split(" ", 1)[0] in {"The", "A", "An"}:
        noun = noun[0].lower() + noun[1:]  # "said such talks never work": "said the talks ..."
    return " ".join((text[c.start:p] + noun + text[q:c.end]).split())


def spokespeople(analysis: Analysis) -> dict[str, frozenset[str]]:
    """Person entity id -> the institutions the run names them spokesperson of, when the
    institution is an entity of the run too: "Kremlin spokesman Dmitry Peskov" and "Dmitry
    Peskov, spokesman for Kremlin leader Vladimir Putin" -> {"kremlin"} (the title's modifiers,
    read as entity ids)."""
    ids = {e.id for e in analysis.entities}
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for art, eid, title in analysis.titles:
        holders[(art, title)].add(eid)
    out: dict[str, set[str]] = defaultdict(set)
    for r in analysis.results:
        for c in r.entities.clusters:
            for t in c.titles:
                if t.role != SPOKESPERSON:
                    continue
                for eid in holders.get((r.article.id, t.text), ()):
                    out[eid].update(org for m in t.mods if (org := entity_slug(m)) in ids and org != eid)
    return {k: frozenset(v) for k, v in out.items() if v}


def build_statements(analysis: Analysis) -> list[Statement]:
    """Statements of every article, in article then text order."""
    types = {e.id: e.type for e in analysis.entities}
    names = {e.id: e.name for e in analysis.entities}
    mentions = defaultdict(list)
    for aid, m in analysis.mentions:
        if m.key:
            mentions[aid].append(m)
    dates = defaultdict(list)
    spans = defaultdict(list)
    for d in analysis.dates:
        if d.type == "DURATION" or d.mod == "ON_OR_AFTER":
            spans[d.article].append(d)
        if d.value and d.type == "DATE" and _CALENDAR.match(d.value):
            dates[d.article].append(d)
        elif d.value and d.type == "TIME" and (day := _DAY_OF_TIME.match(d.value)):
            dates[d.article].append(replace(d, value=day.group(1)))  # "Monday morning": that Monday
    numbers = defaultdict(list)
    for n in analysis.numbers:
        # a hyphenated measure that counts nothing names which thing ("the 16-inch MacBook
        # Pro"): not a figure two outlets could disagree on
        if n.value is not None and not (n.counts is None and _NAMING_MEASURE.match(n.text)):
            numbers[n.article].append(n)
    quotes = defaultdict(list)
    for q in analysis.quotes:
        if q.speaker:
            quotes[q.article].append(q)

    voices = spokespeople(analysis)
    out: list[Statement] = []
    for r in analysis.results:
        aid = r.article.id
        text = r.article.text
        count = 0
        sentence_start: dict[int, int] = {}
        for c in r.clauses:
            sentence_start.setdefault(c.sentence, c.start)
        for c in r.clauses:
            opening = sentence_start[c.sentence]
            if _NOT_A_CLAIM.match(text[opening:c.end]):
                continue
            label = _LABEL.match(text, c.start, c.end) if c.start == opening else None
            if label:
                c = replace(c, start=label.end())
            body = text[c.start:c.end]
            if len(body.split()) < MIN_STATEMENT_WORDS:
                continue
            count += 1
            inside = [m for m in mentions[aid] if c.start <= m.start < c.end]
            subject = [m for m in inside if c.subject_start is not None and c.subject_end is not None
                       and c.subject_start <= m.start < c.subject_end]
            speaker = next((q.speaker for q in quotes[aid] if q.start < c.end and c.start < q.end), None)
            actors = {m.key for m in subject}
            out.append(Statement(
                id=f"{aid}:s{count}",
                article=aid,
                start=c.start,
                end=c.end,
                text=body,
                sentence=c.sentence,
                entities=tuple(sorted({m.key for m in inside})),
                actors=tuple(sorted(actors)),
                places=tuple(sorted({m.key for m in inside if types.get(m.key) in PLACE_TYPES
                                     and any(a <= m.start < b for a, b in c.places)})),
                numbers=tuple(sorted({(x.value, _measure(x, text, c.end))
                                      for x in numbers[aid] if c.start <= x.start < c.end
                                      and x.value is not None})),
                dates=_event_dates([d for d in dates[aid] if c.start <= d.start < c.end and d.value],
                                   c.attributive_dates),
                negated=c.negated,
                verb=c.verb,
                verbs=c.verbs,
                speaker=speaker,
                reads=_read_with_antecedent(text, c),
                repeated=c.repeated,
                speaks_for=tuple(sorted({org for x in actors | {speaker or ""} for org in voices.get(x, ())})),
                background=_background([d for d in spans[aid] if c.start <= d.start < c.end]),
                renames=renames(text, inside, names, c.places),
            ))
    return out
