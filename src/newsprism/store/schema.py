"""The tables (current shape) and the named migrations that build them, applied in order.

A migration is a function of an open write transaction; ``migrate`` applies the
missing ones and records each in ``migrations`` in that same transaction, so a
database is always at a whole migration.  Never edit a released migration: add
a new one (and update the current-shape tables below to match).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    insert,
    inspect,
    select,
)
from sqlalchemy.exc import DBAPIError

from ..errors import StoreError

if TYPE_CHECKING:
    from .backends import Backend

# 64-bit ids on PostgreSQL; on SQLite "INTEGER PRIMARY KEY" is the rowid (also 64-bit)
ID = BigInteger().with_variant(Integer(), "sqlite")

# migration names: four digits, underscore, words -- a name of this shape that this
# version does not know means the database was written by a newer newsprism
MIGRATION_NAME = re.compile(r"^\d{4}_[a-z0-9_]+$")


def _bootstrap_table(md: MetaData) -> Table:
    return Table(
        "migrations", md,
        Column("name", String(100), primary_key=True),
        Column("applied_at", String(20), nullable=False),
    )


def _v1_tables(md: MetaData) -> tuple[Table, Table]:
    """``stories`` and ``articles`` as migration 0001 creates them (frozen: do not edit)."""
    stories = Table(
        "stories", md,
        Column("id", ID, primary_key=True),
        Column("title", Text),
        Column("first", String(10)),
        Column("last", String(10)),
        Column("n_articles", Integer, nullable=False, server_default="0"),
        Column("state", LargeBinary),
        Column("merged_into", ID, ForeignKey("stories.id")),
        Column("updated_at", String(20), nullable=False),
        Index("ix_stories_last", "last"),
        Index("ix_stories_merged_into", "merged_into"),
    )
    articles = Table(
        "articles", md,
        Column("id", ID, primary_key=True),
        Column("content_hash", String(64), nullable=False, unique=True),
        Column("doc_id", Text, nullable=False),
        Column("source", Text, nullable=False),
        Column("url", Text),
        Column("outlet", Text),
        Column("title", Text),
        Column("published", String(10)),
        Column("published_time", Text),
        Column("author", Text),
        Column("language", String(16)),
        Column("text", Text, nullable=False),
        Column("source_text", Text, nullable=False),
        Column("format", String(16), nullable=False),
        Column("evidence", JSON, nullable=False),
        Column("features", LargeBinary),
        Column("revision_of", ID, ForeignKey("articles.id")),
        Column("story_id", ID, ForeignKey("stories.id")),
        Column("duplicate_of", ID, ForeignKey("articles.id")),
        Column("duplicate_similarity", Float),
        Column("ingested_at", String(20), nullable=False),
        Index("ix_articles_url", "url"),
        Index("ix_articles_source_doc", "source", "doc_id"),
        Index("ix_articles_story", "story_id"),
        Index("ix_articles_published", "published"),
        Index("ix_articles_revision_of", "revision_of"),
        Index("ix_articles_duplicate_of", "duplicate_of"),
    )
    return stories, articles


# term id of the row of ``term_df`` that holds the number of articles counted (term ids are
# unsigned 32-bit CRCs, so it is never a term's)
DOCS_COUNTED = -1


def _v3_term_df(md: MetaData) -> Table:
    """``term_df`` as migration 0003 creates it (frozen: do not edit)."""
    return Table(
        "term_df", md,
        Column("term", BigInteger, primary_key=True, autoincrement=False),
        Column("df", BigInteger, nullable=False),
    )


def _v4_analysis_cache(md: MetaData) -> Table:
    """``analysis_cache`` as migration 0004 creates it (frozen: do not edit).

    One row per story: its last comparison (``newsprism story ID``'s analysis), kept so that
    the web app computes a story once per change of its articles.  ``key`` says which articles
    (and which newsprism) it was computed from; a row whose key no longer matches the story is
    out of date but still shown while a new one is computed.  ``analysis`` is the JSON document
    as ``report.json`` writes it; ``html`` the report's page body and ``articles_html`` each
    analysed article's highlighted text (by its id in the analysis), as the web app shows them."""
    return Table(
        "analysis_cache", md,
        Column("story_id", ID, ForeignKey("stories.id"), primary_key=True, autoincrement=False),
        Column("key", Text, nullable=False),
        Column("analysis", Text, nullable=False),
        Column("html", Text, nullable=False),
        Column("articles_html", JSON, nullable=False),
        Column("computed_at", String(20), nullable=False),
        Column("seconds", Float, nullable=False),
    )


def _v4_activity_index(stories: Table) -> Index:
    """Stories by their latest change (the web app's story list), as migration 0004 adds it."""
    return Index("ix_stories_updated_at", stories.c.updated_at)


# --- the current shape, used by the queries -------------------------------------------------
metadata = MetaData()
migrations = _bootstrap_table(metadata)
stories, articles = _v1_tables(metadata)
term_df = _v3_term_df(metadata)
analysis_cache = _v4_analysis_cache(metadata)
_v4_activity_index(stories)


# --- the migrations, in order ---------------------------------------------------------------
def m0001_articles_and_stories(conn: Connection, backend: Backend) -> None:
    md = MetaData()
    v1 = _v1_tables(md)
    md.create_all(conn, tables=list(v1))


def m0002_full_text_search(conn: Connection, backend: Backend) -> None:
    backend.create_fts(conn)


def m0003_term_document_frequencies(conn: Connection, backend: Backend) -> None:
    md = MetaData()
    md.create_all(conn, tables=[_v3_term_df(md)])


def m0004_analysis_cache(conn: Connection, backend: Backend) -> None:
    md = MetaData()
    v1_stories, _ = _v1_tables(md)  # the table its foreign key names (not created: it exists)
    md.create_all(conn, tables=[_v4_analysis_cache(md)])
    _v4_activity_index(v1_stories).create(conn, checkfirst=True)


Migration = Callable[[Connection, "Backend"], None]
MIGRATIONS: tuple[tuple[str, Migration], ...] = (
    ("0001_articles_and_stories", m0001_articles_and_stories),
    ("0002_full_text_search", m0002_full_text_search),
    ("0003_term_document_frequencies", m0003_term_document_frequencies),
    ("0004_analysis_cache", m0004_analysis_cache),
)


def check(conn: Connection, name: str) -> list[str]:
    """Names of the migrations this database still needs; raises for a foreign or newer database."""
    tables = set(inspect(conn).get_table_names())
    if "migrations" not in tables:
        ours = {"articles", "stories"}
        if tables:
            clash = sorted(tables & ours)
            why = f"it has tables {', '.join(clash)}" if clash else f"it holds {len(tables)} other tables"
            raise StoreError(f"{name} is not a newsprism database ({why} but no 'migrations' table)")
        return [m for m, _ in MIGRATIONS]
    try:
        applied = set(conn.scalars(select(migrations.c.name)))
    except DBAPIError as exc:  # a 'migrations' table of another shape
        raise StoreError(f"{name} is not a newsprism database (its 'migrations' table is not ours)") from exc
    known = [m for m, _ in MIGRATIONS]
    unknown = sorted(applied - set(known))
    if any(not MIGRATION_NAME.match(m) for m in unknown):
        raise StoreError(f"{name} is not a newsprism database (unknown migrations: {', '.join(unknown[:3])})")
    if unknown:
        raise StoreError(
            f"{name} has a newer schema than this version of newsprism knows "
            f"(migrations {', '.join(unknown)}); upgrade newsprism to open it"
        )
    return [m for m in known if m not in applied]


def migrate(conn: Connection, backend: Backend, name: str, now: str) -> list[str]:
    """Apply the missing migrations inside ``conn``'s transaction; returns their names."""
    backend.lock_migrations(conn)
    missing = check(conn, name)  # again, under the lock: another process may have migrated
    if not missing:
        return []
    migrations.create(conn, checkfirst=True)
    todo = dict(MIGRATIONS)
    for m in missing:
        todo[m](conn, backend)
        conn.execute(insert(migrations).values(name=m, applied_at=now))
    return missing
