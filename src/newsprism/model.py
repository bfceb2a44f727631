"""The data that flows between stages: small frozen dataclasses.

Every annotation is a character span ``[start, end)`` into the cleaned text
that its :class:`Article` owns; ``Article.offsets`` maps such offsets back to
the source text (the decoded file, or the body text extracted from HTML).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
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


@dataclass(frozen=True)
class Annotations:
    """Everything the annotate stage found in one article."""

    article: str
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    dates: tuple[DateRef, ...] = ()
    numbers: tuple[NumberRef, ...] = ()
    sources: tuple[SourceCite, ...] = ()
    extra: Mapping[str, object] = field(default_factory=dict)
