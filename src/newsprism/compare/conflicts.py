"""Conflicts: aligned variants of one fact that disagree on a slot.

No NLI model installs offline (DEPENDENCIES.md), so contradictions come from
slots of aligned statements: a number counting the same thing with a
different value, disjoint day-level dates, disjoint places that neither
article mentions alongside the other, a negation only one side has, or a
different person doing the same thing.  Precision is measured in
``eval/conflicts.py`` (docs/evaluation.md).
"""

from __future__ import annotations

from itertools import combinations

from ..model import Conflict, Fact, Statement

# polarity and actor conflicts need the variants to be this close, so the
# difference is in the slot and not in what the statements are about
POLARITY_MIN_WORD_OVERLAP = 0.6
ACTOR_MIN_WORD_OVERLAP = 0.6


def _head(counts: str) -> str:
    """The counted noun: last word, singular ("people from each side" -> "people")."""
    words = counts.lower().split()
    if not words:
        return ""
    if "from" in words or "of" in words:  # "people from each side" counts people
        cut = min(i for i, w in enumerate(words) if w in ("from", "of"))
        words = words[:cut] or words
    w = words[-1]
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def _num(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,}"


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def find_conflicts(facts: list[Fact], statements: dict[str, Statement]) -> list[Conflict]:
    out: list[Conflict] = []
    for f in facts:
        if len(f.variants) < 2:
            continue
        sts = [statements[v.statement] for v in f.variants if v.statement in statements]
        found: dict[str, dict[str, tuple[str, ...]]] = {}
        notes: dict[str, str] = {}
        for a, b in combinations(sts, 2):
            if a.article == b.article:
                continue
            for kind, va, vb, note in _compare(a, b):
                slot = found.setdefault(kind, {})
                slot[a.article] = va
                slot[b.article] = vb
                notes.setdefault(kind, note)
        for kind in sorted(found):
            out.append(Conflict(f.id, kind, dict(sorted(found[kind].items())), notes[kind]))
    return out


def _compare(a: Statement, b: Statement) -> list[tuple[str, tuple[str, ...], tuple[str, ...], str]]:
    res = []
    # numbers counting the same thing
    heads_a = {_head(c): (v, c) for v, c in a.numbers if c}
    heads_b = {_head(c): (v, c) for v, c in b.numbers if c}
    for h in sorted(set(heads_a) & set(heads_b)):
        (va, ca), (vb, cb) = heads_a[h], heads_b[h]
        if h and va != vb:
            res.append(("number", (f"{_num(va)} {ca}",), (f"{_num(vb)} {cb}",), f"different number of {h}s"
                        if not h.endswith("s") else f"different number of {h}"))
    # dates of the day: both give one, and they share none
    days_a = {d for d in a.dates if len(d) == 10}
    days_b = {d for d in b.dates if len(d) == 10}
    if days_a and days_b and not days_a & days_b:
        res.append(("date", tuple(sorted(days_a)), tuple(sorted(days_b)), "different dates for the same event"))
    # places: disjoint, and neither statement names the other's place
    if a.places and b.places and not set(a.places) & set(b.places) \
            and not set(a.places) & set(b.entities) and not set(b.places) & set(a.entities):
        res.append(("place", a.places, b.places, "different places for the same event"))
    # polarity: one side negates what the other affirms
    if a.negated != b.negated and _overlap(a.text, b.text) >= POLARITY_MIN_WORD_OVERLAP:
        neg, pos = (a, b) if a.negated else (b, a)
        res.append(("polarity", ("negated",) if a.negated else ("affirmed",),
                    ("negated",) if b.negated else ("affirmed",), f"{neg.article} negates what {pos.article} affirms"))
    # actors: different people doing the same thing
    if a.actors and b.actors and a.verb and a.verb == b.verb and not set(a.actors) & set(b.entities) \
            and not set(b.actors) & set(a.entities) and _overlap(a.text, b.text) >= ACTOR_MIN_WORD_OVERLAP:
        res.append(("actor", a.actors, b.actors, f"different actors for '{a.verb}'"))
    return res
