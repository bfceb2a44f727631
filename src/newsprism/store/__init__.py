"""The corpus store: articles poured in daily, near-duplicates linked, stories kept.

One SQLite file by default (WAL journal); the same code on PostgreSQL when the
URL is ``postgresql://...``.  Queries are SQLAlchemy Core; what differs between
the two databases (connection set-up, ``INSERT ... ON CONFLICT``, full-text
search) lives in :mod:`.backends`.

>>> with Store.open("news.db") as store:                        # doctest: +SKIP
...     with store.atomic() as conn:
...         results = store.add_articles(conn, batch)
...     store.search("ceasefire talks")

Schema (built by the named migrations in :mod:`.schema`)
--------------------------------------------------------
``migrations``  name (PK, ``0001_articles_and_stories``...), applied_at.
``articles``    id (PK), content_hash (UNIQUE: sha256 of the whitespace-normalised
                cleaned text), doc_id, source, url, outlet, title, published
                (YYYY-MM-DD), published_time, author, language, text, source_text,
                format, evidence (JSON, sorted keys), features (blob of the grouping
                stage), revision_of (-> articles: the earlier revision this row
                replaces), story_id (-> stories), duplicate_of (-> articles: the
                original of a near-duplicate / syndicated copy), duplicate_similarity,
                ingested_at (UTC ISO seconds).  Indexes: url, (source, doc_id),
                story_id, published, revision_of, duplicate_of.
``stories``     id (PK), title, first, last (days), n_articles (current articles),
                state (blob of the online clustering), merged_into (-> stories; set
                on the story that was merged away), updated_at.  Indexes: last,
                merged_into.
``term_df``     term (PK: a term id of the grouping features), df (articles with the
                term); the row of term -1 holds the number of articles counted.
                Corpus document frequencies of the story clustering.
``analysis_cache`` story_id (PK, -> stories), key (the story's articles, newsprism and schema
                versions: a row whose key no longer matches is out of date), analysis (JSON
                as ``report.json`` writes it), html (the report's page body), articles_html,
                computed_at, seconds.  One row per story, kept by the web app.
                ``stories.updated_at`` is indexed for the list's "latest changed first".
full text       SQLite: ``articles_fts``, an external-content FTS5 table over
                (title, text), porter stemming, kept in step by triggers on
                ``articles``.  PostgreSQL: ``articles.search``, a generated
                ``tsvector`` (title weight A, text weight B, English), GIN index.

Every revision is a row of its own; "current" articles are those no later row
revises, and listings, counts of story articles and search show only those.

Consistency
-----------
Every write goes through :meth:`Store.atomic`, one transaction per batch: a
process killed mid-batch leaves the database at the previous commit (SQLite's
WAL rolls the torn transaction back on the next open; PostgreSQL aborts the
connection's transaction).  Re-running the same ingest is safe: an article whose
content hash is stored is reported ``exists`` and not written again.
"""

from __future__ import annotations

from .db import Store, utc_now
from .records import (
    AddResult,
    ArticleBrief,
    ArticleRow,
    CachedAnalysis,
    SearchHit,
    StoredArticle,
    StoryRow,
    content_hash,
)
from .schema import MIGRATIONS

__all__ = [
    "Store",
    "StoredArticle",
    "AddResult",
    "ArticleRow",
    "ArticleBrief",
    "CachedAnalysis",
    "StoryRow",
    "SearchHit",
    "content_hash",
    "utc_now",
    "MIGRATIONS",
]
