"""The two records of the package: what a rule reads from its match, and the mention it becomes.

A :class:`Reading` is a handler's answer, before the parse is consulted; :func:`find_time_mentions`
adds the tense, the sentence and the span and makes it a :class:`TimeMention`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TimeMention:
    """One time expression with the parts needed to resolve it without the Doc.

    ``kind`` says how to resolve it: ``date`` (day, month, optional year and
    weekday), ``weekday``, ``month``, ``year``, ``relative`` (``offset`` units
    from the anchor's own unit: "yesterday", "next week", "this year"), ``ago``
    (``offset`` units back from the anchor date: "two years ago"), ``period``
    (quarters, halves, seasons: ``part`` is "Q3", "H1", "SU"), ``decade``,
    ``century``, ``duration``, ``ref`` and ``set`` (a fixed ``value``), ``time``
    (a clock time or part of day on a day given by the other fields),
    ``holiday``, ``anaphoric`` ("the next day": relative to the story, not the
    anchor), ``fallback`` (explicit text for dateparser) and ``unknown``.

    ``direction`` is -1 (past), +1 (future) or 0 (unknown), from cues in the
    expression or the tense of the verb that governs it; ``weak`` marks a
    direction that is only a hint (a tense reached through a noun phrase or an
    infinitive: "the Aug. 7 bombings", "agreed to buy it in February").  For durations,
    ``reach`` says whether the stretch ends at the anchor (-1: "in the past
    three years", "first talks in more than three years") or starts there
    (+1: "within two weeks", future tense).
    """

    start: int
    end: int
    text: str
    type: str
    kind: str
    sentence: int = 0
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    direction: int = 0
    weak: bool = False
    offset: float | None = None
    unit: str | None = None
    duration: str | None = None
    mod: str | None = None
    since: bool = False
    until: bool = False
    reach: int = 0
    nominal: bool = False
    part: str | None = None
    hour: int | None = None
    minute: int | None = None
    value: str | None = None
    source: str = "rule"


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
