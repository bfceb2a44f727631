"""Tell the story: a timeline of dated events and a neutral summary whose every sentence cites its outlets.

:func:`tell` takes the linked run and its :class:`~newsprism.analysis.Comparison` and returns a
:class:`~newsprism.analysis.Narrative`.  ``summarize`` swaps the extractive summary for another
(:func:`newsprism.tell.llm.llm_summarizer`) with the same signature.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from ..analysis import Analysis, Comparison, Narrative
from ..model import SummarySentence
from .summary import summarize as extractive
from .timeline import build_timeline

__all__ = ["tell"]


def tell(analysis: Analysis, comparison: Comparison,
         summarize: Callable[..., tuple[SummarySentence, ...]] | None = None) -> Narrative:
    """The timeline and the cited summary of a compared run."""
    statements, facts, conflicts = (list(comparison.statements), list(comparison.facts),
                                    list(comparison.conflicts))
    timings: dict[str, float] = {}
    t = time.perf_counter()
    timeline = build_timeline(analysis, statements, facts, conflicts)
    timings["timeline"] = round(time.perf_counter() - t, 4)
    t = time.perf_counter()
    vectors = comparison.vectors if comparison.vectors is not None else np.zeros((len(statements), 1))
    summary = (summarize or extractive)(analysis, statements, facts, conflicts, vectors)
    timings["summary"] = round(time.perf_counter() - t, 4)
    return Narrative(timeline=tuple(timeline), summary=tuple(summary), timings=timings)
