"""Conflicts: aligned variants of one fact that disagree on a slot.

No NLI model installs offline (DEPENDENCIES.md), so contradictions come from
slots of aligned statements: a number counting the same thing with a
different value, disjoint day-level dates, disjoint places that neither
article mentions alongside the other, a negation only one side has, or a
different person doing the same thing.  Precision is measured in
``eval/conflicts.py`` (docs/evaluation.md).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from itertools import combinations

from ..lexicon.words import is_content_word, stem
from ..model import Conflict, Fact, Statement

# "four more boys", "the remaining eight", "another 200": a count relative to something else
RELATIVE_COUNT = re.compile(r"\b(?:more|remaining|other|another|additional|further|extra)\b", re.I)
# words that make a figure approximate; approximate figures this close (relative) agree
APPROXIMATE = re.compile(r"\b(?:nearly|almost|about|around|roughly|approximately|some|over|more than|"
                         r"less than|fewer than|at least|up to|close to|estimated|an estimated)\b", re.I)
APPROX_TOLERANCE = 0.1
# a round figure (this many significant digits at most) and a precise one that rounds to it
# agree when this close (relative): outlets round ("1.4 million" / "1,434,000"), but "1,000"
# against "1,200" is no rounding of note, nor "2,020" against "2,019"
ROUND_DIGITS = 2
ROUNDING_TOLERANCE = 0.05
# a figure given as a floor: any larger figure agrees with it
LOWER_BOUND = re.compile(r"\b(?:at least|more than|upwards of|no fewer than|as many as)\s+\S|\bover\s+[$\d]", re.I)
# polarity and actor conflicts need the variants to be this close, so the
# difference is in the slot and not in what the statements are about
POLARITY_MIN_WORD_OVERLAP = 0.5
# verbs whose polarity says little about the claim ("be", "have", reporting verbs)
POLARITY_IGNORED_VERBS = {"be", "have", "do", "say", "tell", "add", "report", "state", "note"}
ACTOR_MIN_WORD_OVERLAP = 0.6


# a figure given as the whole or as one part of it: a total and a part are not one quantity
# ("plans to move $8 billion in total" / "$3.6 billion from military construction")
TOTAL_OR_PART = re.compile(r"\b(?:total|totals|totalling|totaling|overall|altogether|combined|in all|"
                           r"all told|of which|including|includes|part of|portion|share of)\b", re.I)
_WORDS = re.compile(r"[a-z]+")

_PREPOSITIONS = {"from", "of", "at", "in", "on", "for", "by", "to", "with", "across", "near", "over"}


def counted_noun(counts: str) -> str:
    """The counted noun: the last word before any preposition, singular
    ("people from each side" -> "people", "migrant encounters at the border" -> "encounter")."""
    words = counts.lower().split()
    cut = next((i for i, w in enumerate(words) if w in _PREPOSITIONS), len(words))
    words = words[:cut] or words
    if not words:
        return ""
    w = words[-1]
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def _significant(v: float) -> int:
    """Significant digits of a figure as written: 1,400,000 has 2, 1,434,000 has 4."""
    return len(Decimal(repr(abs(v))).normalize().as_tuple().digits)


def rounded_alike(a: float, b: float) -> bool:
    """One figure is the other rounded: the one with fewer significant digits, ``ROUND_DIGITS`` at
    most, equals the other rounded half up to as many, and the two are within
    ``ROUNDING_TOLERANCE`` ("1.4 million" and "1,434,000", "$8 billion" and "$8.2 billion"; not
    "1.45 million" and "1.4 million", nor "1,000" and "1,200")."""
    if a == b:
        return True
    if a <= 0 or b <= 0:
        return False
    sa, sb = _significant(a), _significant(b)
    if sa == sb or min(sa, sb) > ROUND_DIGITS:
        return False
    rough, exact, digits = (a, b, sa) if sa < sb else (b, a, sb)
    unit = 10.0 ** (math.floor(math.log10(exact)) - digits + 1)
    return math.isclose(math.floor(exact / unit + 0.5) * unit, rough, rel_tol=1e-9) \
        and abs(exact - rough) <= ROUNDING_TOLERANCE * rough


def measure_words(measure: str) -> frozenset[str]:
    """The content stems of what a figure measures, its noun with modifiers and what it is of:
    "military construction projects" and "projects" are not the same measure."""
    return frozenset(stem(w) for w in _WORDS.findall(measure.lower()) if is_content_word(w))


def _num(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,}"


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def _after_other(days: set[str], own_pub: str | None, other_pub: str | None) -> bool:
    """Does one of ``days``, past when its own article was published, fall after the
    other article's publication?"""
    return other_pub is not None and any(
        other_pub < d <= (own_pub or d) for d in days)


def find_conflicts(facts: list[Fact], statements: dict[str, Statement],
                   countries: set[str] | None = None, people: set[str] | None = None,
                   published: dict[str, str] | None = None) -> list[Conflict]:
    """Conflicts between the variants of each fact.

    ``countries`` and ``people`` are the entity ids known to be countries and
    persons: place conflicts need countries, actor conflicts need persons.
    ``published`` (article id -> ISO day): a date conflict needs each side's past day to
    be one the other article could have known; an article cannot report an event dated
    after it was published, so such statements are about different events, not in conflict.
    """
    countries = countries or set()
    people = people or set()
    published = published or {}
    out: list[Conflict] = []
    for f in facts:
        if len(f.variants) < 2:
            continue
        sts = [statements[v.statement] for v in f.variants if v.statement in statements]
        # each article's polarities of each verb over its wordings of the fact
        said: dict[str, dict[str, set[bool]]] = {}
        for s in sts:
            for verb, neg in s.verbs:
                said.setdefault(s.article, {}).setdefault(verb, set()).add(neg)
        found: dict[str, dict[str, tuple[str, ...]]] = {}
        notes: dict[str, str] = {}
        for a, b in combinations(sts, 2):
            if a.article == b.article:
                continue
            for kind, va, vb, note in _compare(a, b, countries, people,
                                               published.get(a.article), published.get(b.article),
                                               said.get(a.article), said.get(b.article)):
                slot = found.setdefault(kind, {})
                slot[a.article] = va
                slot[b.article] = vb
                notes.setdefault(kind, note)
        for kind in sorted(found):
            out.append(Conflict(f.id, kind, dict(sorted(found[kind].items())), notes[kind]))
    return out


def _compare(a: Statement, b: Statement, countries: set[str], people: set[str],
             pub_a: str | None = None, pub_b: str | None = None,
             said_a: dict[str, set[bool]] | None = None, said_b: dict[str, set[bool]] | None = None,
             ) -> list[tuple[str, tuple[str, ...], tuple[str, ...], str]]:
    """The slots on which ``a`` and ``b`` disagree.  ``said_a`` / ``said_b``: each verb's
    polarities over all the wordings of the fact by ``a``'s and ``b``'s articles; an article
    that also gives the other's polarity ("he's barely spoken to Biden" and, quoted, "I don't
    believe I've spoken with him") does not contradict it, as a figure given with the other's
    figure does not."""
    res: list[tuple[str, tuple[str, ...], tuple[str, ...], str]] = []
    # numbers counting the same thing
    heads_a = {counted_noun(c): (v, c) for v, c in a.numbers if c}
    heads_b = {counted_noun(c): (v, c) for v, c in b.numbers if c}
    values_a = {v for v, _ in a.numbers}
    values_b = {v for v, _ in b.numbers}
    # a figure measured at another time is another quantity: both name days, and none shared
    other_time = bool(a.dates and b.dates and not set(a.dates) & set(b.dates))
    for h in sorted(set(heads_a) & set(heads_b)):
        (va, ca), (vb, cb) = heads_a[h], heads_b[h]
        if not h or va == vb or va in values_b or vb in values_a:
            continue  # each side also gives the other's figure ("to 5.7% from 5.9%", "157 of 338")
        if rounded_alike(va, vb):
            continue  # "1.4 million people" is "1,434,000 people" rounded
        if other_time or measure_words(ca) != measure_words(cb):
            continue  # the same noun, but of another scope or time: "$3.6 billion from military
            # construction projects" is one part of "$8 billion"
        if bool(TOTAL_OR_PART.search(a.text)) != bool(TOTAL_OR_PART.search(b.text)):
            continue  # one side gives a total or a part of it, the other a plain figure
        if RELATIVE_COUNT.search(ca) or RELATIVE_COUNT.search(cb):
            continue  # "four more boys" against "eight boys" counts different sets
        if (APPROXIMATE.search(a.text) or APPROXIMATE.search(b.text)) \
                and abs(va - vb) <= APPROX_TOLERANCE * max(abs(va), abs(vb)):
            continue  # "nearly $500 billion" and "$484 billion" agree
        if LOWER_BOUND.search(a.text) and vb >= va or LOWER_BOUND.search(b.text) and va >= vb:
            continue  # "at least one rocket" allows three
        res.append(("number", (f"{_num(va)} {ca}",), (f"{_num(vb)} {cb}",), f"different figures for '{h}'"))
    # dates of the day: both give one, and they share none
    days_a = {d for d in a.dates if len(d) == 10}
    days_b = {d for d in b.dates if len(d) == 10}
    # (not when one side tells of a past day that came after the other article was
    # published: the other could not have told of it, so the two are different events)
    if days_a and days_b and not days_a & days_b \
            and not _after_other(days_a, pub_a, pub_b) and not _after_other(days_b, pub_b, pub_a):
        res.append(("date", tuple(sorted(days_a)), tuple(sorted(days_b)), "different dates for the same event"))
    # places: disjoint countries, and neither statement names the other's (a city and the
    # region or country around it do not disagree, and without a gazetteer only countries are
    # known not to contain one another)
    if a.places and b.places and set(a.places) <= countries and set(b.places) <= countries \
            and not set(a.places) & set(b.places) \
            and not set(a.places) & set(b.entities) and not set(b.places) & set(a.entities):
        res.append(("place", a.places, b.places, "different places for the same event"))
    # polarity: a verb one side negates and the other affirms ("did not pay" / "paid")
    pol_a, pol_b = dict(a.verbs), dict(b.verbs)
    flipped = sorted(v for v in set(pol_a) & set(pol_b)
                     if pol_a[v] != pol_b[v] and v not in POLARITY_IGNORED_VERBS
                     and pol_a[v] not in (said_b or {}).get(v, set())
                     and pol_b[v] not in (said_a or {}).get(v, set()))
    if flipped and _overlap(a.text, b.text) >= POLARITY_MIN_WORD_OVERLAP:
        v = flipped[0]
        neg, pos = (a, b) if pol_a[v] else (b, a)
        res.append(("polarity", (f"not {v}",) if pol_a[v] else (v,), (f"not {v}",) if pol_b[v] else (v,),
                    f"{neg.article} says '{v}' did not happen, {pos.article} that it did"))
    # actors: different people doing the same thing
    if a.actors and b.actors and set(a.actors) <= people and set(b.actors) <= people \
            and a.verb and a.verb == b.verb and not set(a.actors) & set(b.entities) \
            and not set(b.actors) & set(a.entities) and _overlap(a.text, b.text) >= ACTOR_MIN_WORD_OVERLAP:
        res.append(("actor", a.actors, b.actors, f"different actors for '{a.verb}'"))
    return res
