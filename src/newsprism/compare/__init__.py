"""Compare the outlets: statements, facts, omissions, conflicts, quote variants, framing.

:func:`compare` takes an :class:`~newsprism.analysis.Analysis` (the linked run) and returns a
:class:`~newsprism.analysis.Comparison`:

1. statements: each article's clauses with their slots (entities, actors,
   places, numbers, dates, polarity) (``statements``);
2. embeddings of the statements (:mod:`newsprism.embed`; swappable encoder);
3. facts: statements aligned by the pair judge's probability that they state the same claim
   (``judge``: meaning, words, slots and time), with a status, and the conflicts between
   aligned variants (``align``, ``conflicts``); then the omissions per outlet;
4. quote groups across outlets with word-level diffs (``quotegroups``);
5. framing: the words each outlet chose for the same referent (``framing``).

Telling the story from it (timeline, cited summary) is the next stage: :mod:`newsprism.tell`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..analysis import Analysis, Comparison
from ..annotate.aliases import load_aliases
from ..embed import Encoder, load_encoder
from ..model import Conflict, Fact, Statement
from . import align, conflicts, framing, quotegroups, statements

__all__ = ["compare"]


def compare(analysis: Analysis, encoder: Encoder | None = None) -> Comparison:
    """Cross-outlet comparison of an analysis (needs at least one article)."""
    timings: dict[str, float] = {}

    @contextmanager
    def timed(step: str) -> Iterator[None]:
        t = time.perf_counter()
        yield
        timings[step] = round(time.perf_counter() - t, 4)

    with timed("load_encoder"):
        encoder = encoder or load_encoder()
    with timed("statements"):
        stated = statements.build_statements(analysis)
    with timed("encode"):
        vectors = encoder.encode([s.compared for s in stated])
    countries, people = _kinds(analysis)
    published = {a.id: a.published[:10] for a in analysis.articles if a.published}

    def conflicts_of(facts: list[Fact], by_id: dict[str, Statement]) -> list[Conflict]:
        return conflicts.find_conflicts(facts, by_id, countries, people, published)

    when, days = align.when_of(analysis, stated), align.published_of(analysis, stated)
    with timed("judge"):
        probs = align.pair_probabilities(stated, vectors, when, published=days)
    with timed("align"):
        indep = align.independence(analysis)
        facts, conflicting = align.align(analysis, stated, vectors, conflicts_of, indep, probs)
    with timed("omissions"):
        omitted = align.omissions(analysis, facts, indep, stated, probs,
                                  judge_pairs=align.pair_judge(stated, vectors, when, days))
    with timed("quote_groups"):
        groups = quotegroups.group_quotes(analysis, encoder)
    with timed("framing"):
        rows = framing.framing(analysis, facts)
    return Comparison(
        statements=tuple(stated),
        facts=tuple(facts),
        omissions=tuple(omitted),
        conflicts=tuple(conflicting),
        quote_groups=tuple(groups),
        framing=tuple(rows),
        vectors=vectors,
        timings=timings,
    )


def _kinds(analysis: Analysis) -> tuple[set[str], set[str]]:
    """Entity ids of countries (alias-table rows with demonyms) and of persons."""
    table = load_aliases()
    country_names = table.countries()
    countries = {e.id for e in analysis.entities if e.name in country_names}
    people = {e.id for e in analysis.entities if e.type == "PERSON"}
    return countries, people
