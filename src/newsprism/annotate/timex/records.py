"""The two records of the package: what a rule reads from its match, and the mention it becomes.

A :class:`Reading` is a handler's answer, before the parse is consulted; :func:`find_time_mentions`
adds the tense, the sentence and the span and makes it a :class:`TimeMention`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import TimeMention

__all__ = ["Reading", "TimeMention"]


@dataclass(frozen=True)
class Reading:
    """What a rule handler read from its match (fields as in :class:`TimeMention`).

    ``direction`` here is what the words themselves say ("last Friday": -1); 0 leaves it to
    the tense of the governing verb.  Two fields never reach the mention: ``year_offset``
    (years from the anchor's for "June last year", "the third quarter of next year"), which
    becomes ``offset`` in years, and ``skip_lead``, the characters at the start of the match
    that belong to the next noun ("the" in "the third-quarter loss").
    """

    type: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    direction: int = 0
    offset: float | None = None
    unit: str | None = None
    duration: str | None = None
    mod: str | None = None
    reach: int = 0
    part: str | None = None
    hour: int | None = None
    minute: int | None = None
    value: str | None = None
    year_offset: int | None = None
    skip_lead: int = 0
