"""What goes into the store and what comes out of it: small frozen dataclasses."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field


def content_hash(text: str) -> str:
    """SHA-256 (hex) of ``text`` with whitespace runs collapsed to one space and ends stripped.

    Re-flowing a text (line breaks, doubled spaces) keeps its hash, so a re-poured
    archive is recognised; any change of words gives a new hash (a revision).
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredArticle:
    """One cleaned article as the corpus pipeline hands it to the store."""

    content_hash: str  # content_hash(text)
    doc_id: str  # the input's id (file stem / JSONL id / URL-derived)
    source: str  # path, path:line, feed URL, warc path#record
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None  # YYYY-MM-DD
    published_time: str | None
    author: str | None
    language: str | None
    text: str  # cleaned text
    source_text: str  # text before cleaning (re-analysis maps offsets back to it)
    format: str  # text | html | jsonl | feed | warc
    evidence: Mapping[str, str] = field(default_factory=dict)  # field -> how it was found
    features: bytes | None = None  # opaque blob of the grouping stage (MinHash + vectors)


@dataclass(frozen=True)
class AddResult:
    """What ``Store.add_articles`` did with one item.

    ``status`` is ``added`` (new), ``exists`` (its content hash was stored already:
    ``id`` is that row, nothing was written) or ``revision`` (new text for a stored
    URL, or source + doc id: ``revision_of`` is the latest earlier row).
    """

    id: int | None
    status: str
    revision_of: int | None = None


@dataclass(frozen=True)
class ArticleRow:
    """One stored article (one revision of it), as read back."""

    id: int
    content_hash: str
    doc_id: str
    source: str
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    published_time: str | None
    author: str | None
    language: str | None
    text: str
    source_text: str
    format: str
    evidence: Mapping[str, str]
    features: bytes | None
    revision_of: int | None  # the earlier revision this row replaces
    story_id: int | None
    duplicate_of: int | None  # the article this one is a near-duplicate / syndicated copy of
    duplicate_similarity: float | None
    ingested_at: str  # UTC, ISO seconds: 2025-05-16T09:30:00Z

    def stored(self) -> StoredArticle:
        """The row as the :class:`StoredArticle` it was added from."""
        return StoredArticle(
            content_hash=self.content_hash, doc_id=self.doc_id, source=self.source,
            url=self.url, outlet=self.outlet, title=self.title, published=self.published,
            published_time=self.published_time, author=self.author, language=self.language,
            text=self.text, source_text=self.source_text, format=self.format,
            evidence=dict(self.evidence), features=self.features,
        )


@dataclass(frozen=True)
class StoryRow:
    """A live (not merged) story with the outlets and current articles it holds."""

    id: int
    title: str | None
    first: str | None  # first and last publication day (YYYY-MM-DD)
    last: str | None
    outlets: tuple[str, ...]  # sorted, distinct
    articles: tuple[int, ...]  # ids of the latest revision of each article, ascending
    n_articles: int
    unattributed: int = 0  # articles whose outlet neither the text nor the markup gave
    undated: int = 0  # articles with no publication day (the span covers the dated ones)


@dataclass(frozen=True)
class SearchHit:
    """A full-text match.  ``rank``: higher is better; its scale differs between backends."""

    article_id: int
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str  # matched words in [brackets]
    rank: float


@dataclass(frozen=True)
class CachedAnalysis:
    """A story's kept analysis (table ``analysis_cache``); parts not asked for are ``None``.

    ``key`` names what it was computed from (see :meth:`Store.story_key`): when the story's
    key differs, the analysis is out of date."""

    story_id: int
    key: str
    computed_at: str  # UTC, ISO seconds
    seconds: float  # how long computing it took
    analysis: str | None = None  # the JSON document (report.json / analysis_json)
    html: str | None = None  # the report's page body
    articles_html: Mapping[str, str] | None = None  # analysis article id -> highlighted text


@dataclass(frozen=True)
class ArticleBrief:
    """What lists of articles show of one (no texts, no features): pages read these, not rows."""

    id: int
    doc_id: str
    source: str
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    story_id: int | None
    duplicate_of: int | None
    revision_of: int | None
    ingested_at: str
