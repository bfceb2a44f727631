"""Compare the outlets: facts, omissions, conflicts, quote variants, framing; then tell the story.

:func:`compare` takes an :class:`~newsprism.pipeline.Analysis` and returns a
:class:`Comparison`:

1. statements: each article's clauses with their slots (entities, actors,
   places, numbers, dates, polarity) (``statements``);
2. embeddings of the statements (``embed``; swappable encoder);
3. facts: statements of different articles aligned by meaning and shared
   slots, with a status (``align``); conflicts between aligned variants
   (``conflicts``); omissions per outlet;
4. quote groups across outlets with word-level diffs (``quotegroups``);
5. framing: the words each outlet chose for the same referent (``framing``);
6. the timeline and the cited summary (:mod:`newsprism.tell`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import (
    Conflict,
    Fact,
    FramingRow,
    Omission,
    QuoteGroup,
    Statement,
    SummarySentence,
    TimelineEvent,
)

if TYPE_CHECKING:
    from ..pipeline import Analysis
    from .embed import Encoder

__all__ = ["Comparison", "compare"]


@dataclass(frozen=True)
class Comparison:
    statements: tuple[Statement, ...]
    facts: tuple[Fact, ...]
    omissions: tuple[Omission, ...]
    conflicts: tuple[Conflict, ...]
    quote_groups: tuple[QuoteGroup, ...]
    framing: tuple[FramingRow, ...]
    timeline: tuple[TimelineEvent, ...]
    summary: tuple[SummarySentence, ...]
    # seconds per step (statements, encode, align, ...), for benchmarks; not part of the output
    timings: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def fact(self, fact_id: str) -> Fact:
        for f in self.facts:
            if f.id == fact_id:
                return f
        raise KeyError(fact_id)


def compare(analysis: Analysis, encoder: Encoder | None = None,
            summarize: Callable[..., tuple[SummarySentence, ...]] | None = None) -> Comparison:
    """Cross-outlet comparison of an analysis (needs at least one article)."""
    from ..tell.summary import summarize as default_summarize
    from ..tell.timeline import build_timeline
    from .align import align, independence, omissions
    from .conflicts import find_conflicts
    from .embed import load_encoder
    from .framing import framing
    from .quotegroups import group_quotes
    from .statements import build_statements

    timings: dict[str, float] = {}

    @contextmanager
    def timed(step: str) -> Iterator[None]:
        t = time.perf_counter()
        yield
        timings[step] = round(time.perf_counter() - t, 4)

    with timed("load_encoder"):
        encoder = encoder or load_encoder()
    with timed("statements"):
        statements = build_statements(analysis)
    with timed("encode"):
        vectors = encoder.encode([s.text for s in statements])
    countries, people = _kinds(analysis)
    published = {a.id: a.published[:10] for a in analysis.articles if a.published}

    def conflicts_of(facts: list[Fact], by_id: dict[str, Statement]) -> list[Conflict]:
        return find_conflicts(facts, by_id, countries, people, published)

    with timed("align"):
        indep = independence(analysis)
        facts, conflicts = align(analysis, statements, vectors, conflicts_of, indep)
    with timed("quote_groups"):
        groups = group_quotes(analysis, encoder)
    with timed("framing"):
        rows = framing(analysis, facts)
    with timed("timeline"):
        timeline = build_timeline(analysis, statements, facts, conflicts)
    with timed("summary"):
        summary = (summarize or default_summarize)(analysis, statements, facts, conflicts, vectors)
    with timed("omissions"):
        omitted = omissions(analysis, facts, indep)
    return Comparison(
        statements=tuple(statements),
        facts=tuple(facts),
        omissions=tuple(omitted),
        conflicts=tuple(conflicts),
        quote_groups=tuple(groups),
        framing=tuple(rows),
        timeline=tuple(timeline),
        summary=tuple(summary),
        timings=timings,
    )


def _kinds(analysis: Analysis) -> tuple[set[str], set[str]]:
    """Entity ids of countries (alias-table rows with demonyms) and of persons."""
    from ..annotate.aliases import load_aliases

    table = load_aliases()
    country_names = table.countries()
    countries = {e.id for e in analysis.entities if e.name in country_names}
    people = {e.id for e in analysis.entities if e.type == "PERSON"}
    return countries, people
