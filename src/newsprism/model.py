"""The data that flows between stages: small frozen dataclasses.

Every annotation is a character span ``[start, end)`` into the cleaned text
that its :class:`Article` owns; ``Article.offsets`` maps such offsets back to
the source text (the decoded file, or the body text extracted from HTML).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OffsetMap:
    """Piecewise-linear map from cleaned-text offsets to source-text offsets.

    ``runs`` holds ``(clean_start, source_start, length)`` triples sorted by
    ``clean_start``; inside a run, offsets advance together.  Characters that
    cleaning inserted (a space that replaced a line break, say) belong to a
    run of their own that points at what they replaced.
    """

    runs: tuple[tuple[int, int, int], ...]
    length: int

    def to_source(self, i: int) -> int:
        """Source offset of cleaned offset ``i`` (``i == length`` maps to the end)."""
        if not self.runs:
            return 0
        if i >= self.length:
            c, s, n = self.runs[-1]
            return s + n
        k = bisect_right(self._starts, i) - 1
        c, s, n = self.runs[max(k, 0)]
        return s + min(i - c, max(n - 1, 0))

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span covering cleaned span ``[start, end)``."""
        if end <= start:
            p = self.to_source(start)
            return p, p
        return self.to_source(start), self.to_source(end - 1) + 1

    @property
    def _starts(self) -> list[int]:
        cached = self.__dict__.get("_starts_cache")
        if cached is None:
            cached = [r[0] for r in self.runs]
            object.__setattr__(self, "_starts_cache", cached)
        return cached

    @classmethod
    def from_offsets(cls, offsets: list[int] | tuple[int, ...]) -> OffsetMap:
        """Compress a per-character offset list into runs."""
        runs: list[tuple[int, int, int]] = []
        n = len(offsets)
        i = 0
        while i < n:
            j = i + 1
            while j < n and offsets[j] == offsets[j - 1] + 1:
                j += 1
            runs.append((i, offsets[i], j - i))
            i = j
        return cls(tuple(runs), n)


@dataclass(frozen=True)
class Copy:
    """Another publication of an article's text (a wire reprint, a republication), found
    by the copy finder at ingest: shown with the article as "also published by" and never
    counted as a second outlet's corroboration."""

    id: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    similarity: float | None = None  # the copy finder's estimated word-shingle overlap


@dataclass(frozen=True)
class RawDocument:
    """One input document as read, before cleaning.

    ``text`` is plain text (for HTML, the body trafilatura extracted); ``meta``
    holds what the container itself stated (markup, JSONL fields) and
    ``evidence`` says where each of those values came from.
    """

    id: str
    source: str
    text: str
    format: str
    meta: Mapping[str, str] = field(default_factory=dict)
    evidence: Mapping[str, str] = field(default_factory=dict)
    copies: tuple[Copy, ...] = ()  # other publications of this text ("also published by")


@dataclass(frozen=True)
class Removed:
    """A piece of the source that cleaning dropped, and why (kept for audit and tests)."""

    source_start: int
    source_end: int
    text: str
    reason: str


@dataclass(frozen=True)
class Article:
    """A cleaned article with its metadata; the unit every later stage works on."""

    id: str
    source: str
    text: str
    offsets: OffsetMap
    source_text: str
    format: str = "text"
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    published_time: str | None = None
    published_inferred: bool = False
    author: str | None = None
    language: str | None = None
    links: tuple[str, ...] = ()
    evidence: Mapping[str, str] = field(default_factory=dict)
    removed: tuple[Removed, ...] = ()
    copies: tuple[Copy, ...] = ()  # other publications of this text ("also published by")

    @property
    def label(self) -> str:
        """Short name for display: the outlet when known, else the id."""
        return self.outlet or self.id

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span_to_source(start, end)


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, with the reason (reported, never fatal)."""

    source: str
    reason: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


def sentence_at(starts: Sequence[int], offset: int) -> int:
    """Index of the sentence (given by its sorted start offsets) that contains character
    ``offset``, or the last one before it; 0 before the first."""
    return max(0, bisect_right(starts, offset) - 1)


@dataclass(frozen=True)
class Mention:
    """A reference to an entity in one article.

    ``kind`` is ``name`` (a proper name), ``short`` (a surname or short form),
    ``alias`` (a variant spelling from the alias table), ``description``
    ("the Kremlin spokesman"), ``pronoun`` or ``demonym`` ("Russian").
    ``key`` is the canonical entity key once linking has run.
    """

    start: int
    end: int
    text: str
    type: str
    kind: str
    key: str


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    articles: tuple[str, ...]
    mentions: int = 0


# --- entities as one article sees them (annotate/entities.py; linked across the run later)


@dataclass(frozen=True)
class Title:
    """A role a person is given in the text: ``role`` class plus modifiers ("kremlin")."""

    role: str
    mods: frozenset[str]
    text: str


@dataclass(frozen=True)
class Cluster:
    """One entity as seen in one article."""

    key: str
    type: str
    canonical: str | None  # the alias table's name, when the table knows it
    names: tuple[str, ...]  # full names as written ("Vladimir Putin")
    surfaces: tuple[str, ...]  # every surface form used
    titles: tuple[Title, ...]
    gender: str | None


@dataclass(frozen=True)
class PendingDescription:
    """A description the article could not resolve by itself (the run may)."""

    mention: int
    role: str
    mods: frozenset[str]


@dataclass(frozen=True)
class LocalEntities:
    """The entities of one article: its mentions, clustered, and what only the run can resolve."""

    mentions: tuple[Mention, ...]
    clusters: tuple[Cluster, ...]
    pending: tuple[PendingDescription, ...] = ()


@dataclass(frozen=True)
class Quote:
    """A direct or indirect quote with its speaker and cue.

    ``speaker_start``/``speaker_end`` is the span naming the speaker in this
    article (a name, a description or a pronoun), or ``None`` when the speaker
    comes from context; ``speaker`` is the canonical entity id once linked.
    """

    article: str
    start: int
    end: int
    text: str
    kind: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_name: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker: str | None = None
    id: str = ""


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
class DateRef:
    """A time expression resolved against the article's publication date.

    ``value`` follows TIMEX3: ``2025-05-16``, ``2025-05``, ``2025``,
    ``2025-W20``, ``P3Y`` (durations), ``PRESENT_REF``...; ``None`` when it
    cannot be resolved (no publication date known).  For durations that reach
    back or forward from the publication date, ``anchor`` is the date reached.
    """

    article: str
    start: int
    end: int
    text: str
    type: str
    value: str | None
    sentence: int
    sentence_text: str
    anchor: str | None = None
    mod: str | None = None


@dataclass(frozen=True)
class NumberRef:
    """A quantity with what it counts: "1,000 people from each side"."""

    article: str
    start: int
    end: int
    text: str
    value: float | None
    unit: str | None
    counts: str | None
    sentence: int


@dataclass(frozen=True)
class SourceCite:
    """An outlet or agency the article names as its source (or credits for a photo)."""

    article: str
    name: str
    role: str  # "source" (cited for information) or "photo" (credited for an image)
    text: str
    start: int | None = None  # span in the cleaned text; None for credits cleaning removed
    end: int | None = None


# --- comparison across outlets (compare/ and tell/) ------------------------------------------


@dataclass(frozen=True)
class Clause:
    """A clause-level statement found in one article (from the parse): who did/said what.

    ``subject_start``/``subject_end`` span the grammatical subject; ``negated``
    marks a negation on the main verb ("did not", "never").
    """

    start: int
    end: int
    sentence: int
    verb: str | None = None
    subject_start: int | None = None
    subject_end: int | None = None
    negated: bool = False
    # where the clause puts its event: names after "in", "at"... ("met in Istanbul")
    places: tuple[tuple[int, int], ...] = ()
    # the claim's verbs (main verb, what it reports, coordinated verbs) with their polarity
    verbs: tuple[tuple[str, bool], ...] = ()
    # dates that name a thing rather than time the clause ("the Jan. 6 riot", "Wednesday's vote")
    attributive_dates: tuple[tuple[int, int], ...] = ()
    # a relative clause split off its sentence ("who had not met since March 2022"): the noun
    # phrase its relative pronoun stands for ("the warring sides"), and that pronoun's span
    antecedent: tuple[int, int] | None = None
    pronoun: tuple[int, int] | None = None
    # the claim is not one day's: "has said" (some time up to now), "has repeatedly said",
    # "reiterated"
    repeated: bool = False


@dataclass(frozen=True)
class Statement:
    """An atomic claim with its slots, ready to align across articles."""

    id: str  # "<article>:s<n>"
    article: str
    start: int
    end: int
    text: str
    sentence: int
    entities: tuple[str, ...] = ()  # canonical entity ids mentioned
    actors: tuple[str, ...] = ()  # entity ids in the subject
    places: tuple[str, ...] = ()  # entity ids of where the event happens ("in Istanbul")
    numbers: tuple[tuple[float, str], ...] = ()  # (value, what it counts or its unit)
    dates: tuple[str, ...] = ()  # resolved TIMEX values of DATE expressions
    negated: bool = False
    verb: str | None = None
    speaker: str | None = None  # entity id when the claim is someone's quote
    verbs: tuple[tuple[str, bool], ...] = ()  # (lemma, negated) along the claim
    # the claim as compared (embedded and judged) when it differs from ``text``: a relative
    # clause read with the noun its pronoun stands for ("the warring sides had not met ...")
    reads: str = ""
    # said more than once or over time up to its article ("has repeatedly said"): its time is
    # the span before its article's publication day, not that day
    repeated: bool = False
    # the institutions its speaker or a person in its subject speaks for, by a title the run
    # gives them ("Kremlin spokesman Dmitry Peskov": "kremlin"): "the Kremlin said" and
    # "Peskov said" are one voice
    speaks_for: tuple[str, ...] = ()
    # the years its background reaches back to: a span's bound ("the first talks since 2022")
    # and the start of a stretch reaching back from its article's day ("the first talks in
    # three years", published in 2025: "2022")
    background: tuple[str, ...] = ()
    # names it gives an entity that the comparison reads as the entity's own name: a variant
    # spelling ("Kiev": "Kyiv", "Türkiye": "Turkey"), a capital that stands for its country
    # ("Delegations from Moscow and Kiev": "Russia", "Ukraine"); (as written, as read) pairs,
    # longest first
    renames: tuple[tuple[str, str], ...] = ()

    @property
    def compared(self) -> str:
        """The words the comparison reads: ``reads`` when set, else ``text``; each of
        ``renames`` read as the entity's own name."""
        out = self.reads or self.text
        for written, name in self.renames:
            out = re.sub(rf"(?<!\w){re.escape(written)}(?!\w)", name.replace("\\", r"\\"), out)
        return out


@dataclass(frozen=True)
class Variant:
    """One article's wording of a fact."""

    article: str
    statement: str  # Statement.id
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Conflict:
    """Two articles disagree on a slot of the same fact."""

    fact: str
    kind: str  # number | date | place | actor | polarity
    values: Mapping[str, tuple[str, ...]]  # article id -> the values it gives
    description: str


@dataclass(frozen=True)
class Support:
    """How sure the pair judge is that one article states a fact that another outlet states too:
    its best P(same claim) between a wording of this article and one of another outlet in the
    fact, and that read as a level: "sure" at or above the judge's ``sure`` probability (chosen
    for precision 0.9 on held-out folds of the claim pairs), else "likely" (a corroboration worth
    checking)."""

    article: str
    probability: float
    level: str  # sure | likely


@dataclass(frozen=True)
class Fact:
    """Statements of several articles that report the same thing (or one article's alone)."""

    id: str
    text: str  # representative wording
    status: str  # corroborated | unique | conflicting
    articles: tuple[str, ...]
    variants: tuple[Variant, ...]
    outlets: int  # independent outlets carrying it (copies of one another count once)
    dates: tuple[str, ...] = ()
    score: float = 0.0  # how central the fact is to the story
    # per article, how sure the judge is that it states what another outlet in the fact states
    # (only for facts of two outlets or more; an article whose wordings were joined by rule, not
    # judged against another outlet's, has none)
    support: tuple[Support, ...] = ()


@dataclass(frozen=True)
class Possible:
    """A fact an article may report in other words: its closest statement, and how sure."""

    fact: str
    statement: str
    text: str
    start: int
    end: int
    probability: float  # the pair judge's P(same claim), below its "same claim" threshold


@dataclass(frozen=True)
class Omission:
    article: str
    facts: tuple[str, ...]  # ids of facts most other outlets carry and this one does not
    possible: tuple[Possible, ...] = ()  # such facts it may carry in other words: not omissions


@dataclass(frozen=True)
class DiffSegment:
    """A piece of a quote variant compared with the group's reference wording."""

    op: str  # equal | insert | delete | replace
    text: str  # this variant's words ("" for delete)
    other: str = ""  # the reference's words (for delete/replace)


@dataclass(frozen=True)
class QuoteGroup:
    """Renderings of the same utterance (same speaker, same moment) by several articles."""

    id: str
    speaker: str | None
    speaker_name: str | None
    quotes: tuple[str, ...]  # Quote ids
    articles: tuple[str, ...]
    reference: str  # Quote id whose wording the diffs compare against
    diffs: Mapping[str, tuple[DiffSegment, ...]]  # Quote id -> its diff against the reference
    divergent: tuple[tuple[str, str], ...] = ()  # (Quote id, what it adds, drops or changes)


@dataclass(frozen=True)
class FramingRow:
    """The words each outlet chose for one referent (an entity, an event, a speaker's verbs)."""

    referent: str
    kind: str  # name | description | lexicon | aligned | attribution | sources
    terms: Mapping[str, tuple[str, ...]]  # term -> article ids using it
    score: float = 0.0  # how much the outlets' choices differ (higher = more distinctive)
    note: str = ""


@dataclass(frozen=True)
class TimelineEvent:
    date: str  # TIMEX value: YYYY-MM-DD, YYYY-MM or YYYY
    event: str
    articles: tuple[str, ...]
    wordings: Mapping[str, str]  # article id -> its sentence
    background: bool = False  # before the story's own days
    conflicting: bool = False  # outlets date this event differently
    fact: str | None = None


@dataclass(frozen=True)
class SummarySentence:
    text: str
    citations: tuple[str, ...]  # article ids
    facts: tuple[str, ...] = ()
