"""What differs between SQLite and PostgreSQL, in one place: one class per backend.

The store's queries are SQLAlchemy Core and the same on both; a backend adds
the connection set-up (SQLite pragmas, transaction start), the dialect's
``INSERT ... ON CONFLICT DO NOTHING`` construct, the migration lock and full-text
search (SQLite FTS5 / PostgreSQL ``tsvector`` + GIN).  It is chosen by the URL's
dialect name, never by sniffing objects.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import unicodedata
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import Connection, Engine, Integer, Table, column, create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.sql.selectable import TextualSelect

from ..errors import QueryError, StoreError
from .records import SearchHit

# execution option set on the connection ``Store.atomic`` opens: SQLite then starts
# the transaction with BEGIN IMMEDIATE (takes the write lock up front, so a batch
# never fails half-way on a lock upgrade; other writers wait up to the busy timeout)
WRITE_OPTION = "newsprism_write"

# PostgreSQL: text beyond this many characters is not indexed for search (a tsvector
# holds at most 1 MB; 200,000 characters of prose stay far below it)
PG_FTS_MAX_CHARS = 200_000
# PostgreSQL text search configuration: English stemming, as SQLite's porter tokenizer
PG_FTS_CONFIG = "english"
# key of the transaction-level advisory lock that serialises migrations on PostgreSQL
PG_MIGRATION_LOCK = 0x6E657773  # "news"
# key (with the schema's hash) of the session-level advisory lock one ingest holds on PostgreSQL
PG_INGEST_LOCK = 0x6E706931  # "npi1"
# SQLite: the file beside the database that one ingest holds an exclusive flock() on
# (hidden: a folder that holds the database and is ingested does not read it as an article)
INGEST_LOCK_NAME = ".{name}.ingest-lock"
# SQLite bm25 column weights (title, text): a word in the title counts four times
SQLITE_BM25_WEIGHTS = (4.0, 1.0)
SNIPPET_WORDS = 16
# a search query longer than this is refused (QueryError): a pasted paragraph fits; the cost of
# a query is bounded by its distinct words (below), this bounds the work of finding them
MAX_QUERY_CHARS = 1_000
# at most this many different words in one search query (QueryError beyond; stop words not
# counted): a long sentence fits; the store's 32 most frequent searched words take 81 ms on
# 100,000 articles (bench/search.py, docs/benchmarks.md)
MAX_QUERY_TERMS = 32
# PostgreSQL's English stop words (its tsearch_data/english.stop: the words plainto_tsquery
# drops), left out of SQLite queries too, so that both stores search the same words: a word
# nearly every article holds changes no ranking, and is the costliest to rank (each of its many
# places in every article is read); a query of nothing else is refused
STOPWORDS = frozenset("""
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against between
    into through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
""".split())
# at most this many matches of one query are ranked, the most recently stored ones: SQLite's
# bm25 costs ~7 microseconds a match and word here (20,000 matches of one word: 0.13-0.17 s), so
# a word nearly every article of a 100k store holds would take ~0.7 s to rank; a query matching
# more is one of such words, where the newest matches are the ones a reader wants first
RANK_MAX = 20_000
# a hit's snippet marks the query's first this many words (SQLite: a snippet's cost grows with
# the words marked; on 5,500 articles, 32 common words took ~12 ms a hit, 8 of them ~2 ms)
SNIPPET_TERMS = 8


def _dumps(value: Any) -> str:
    """JSON for the evidence column: sorted keys, so equal data is stored byte-identical."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def words(query: str) -> list[str]:
    """The words of a search query (punctuation and operators are ignored)."""
    return re.findall(r"\w+", query)


def _fold(word: str) -> str:
    """A word as both full-text indexes compare it: case-folded, accents dropped (``Café`` =
    ``cafe``), so that spellings the index cannot tell apart count as one term."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def query_terms(query: str) -> list[str]:
    """The terms full-text search runs for ``query``: its words, each once (the first
    spelling of words that differ only in case or accents), in order, without the
    :data:`STOPWORDS` (a query of nothing else is a :class:`QueryError`).

    Every query is cut down to these before it reaches the database, because the cost of
    SQLite's MATCH grows faster than its number of terms, repeats included (on 2,000 articles:
    one word 200 times 0.3 s, 800 times 4 s; 3,200 times took 76 s on a 100k store); a query
    over :data:`MAX_QUERY_CHARS` characters or of more than :data:`MAX_QUERY_TERMS` different
    words is a :class:`QueryError` saying so."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"search query of {len(query):,} characters: at most {MAX_QUERY_CHARS:,} "
                         "are searched; shorten it to the words that matter")
    terms: dict[str, str] = {}
    for w in words(query):
        terms.setdefault(_fold(w), w)
    kept = [w for key, w in terms.items() if key not in STOPWORDS]
    if terms and not kept:  # PostgreSQL would search nothing; SQLite would rank every article
        listed = ", ".join(list(terms.values())[:6]) + (", ..." if len(terms) > 6 else "")
        raise QueryError(f"search query of only words too common to search for ({listed}); "
                         "add one that says what to look for")
    if len(kept) > MAX_QUERY_TERMS:
        raise QueryError(f"search query of {len(kept)} different words: at most {MAX_QUERY_TERMS} "
                         "are searched together (words like 'the' not counted); leave out some")
    return kept


class Backend:
    """The interface both backends implement (``name`` is SQLAlchemy's dialect name)."""

    name: ClassVar[str]
    label: ClassVar[str]

    @staticmethod
    def insert(table: Table) -> Any:
        """The dialect's ``insert()`` (it has ``.on_conflict_do_nothing``)."""
        raise NotImplementedError

    def create_engine(self, url: URL, busy_timeout: float, read_only: bool = False) -> Engine:
        """An engine for the store at ``url``; ``read_only``: one that cannot write (the read
        commands), which opens the database as it is and changes nothing in it."""
        raise NotImplementedError

    def lock_migrations(self, conn: Connection) -> None:
        """Serialise concurrent migrations for the rest of the transaction."""
        raise NotImplementedError

    @contextmanager
    def ingest_lock(self, engine: Engine, name: str) -> Iterator[None]:
        """Held by one ingest for its whole run, so that a second ingest into the same store
        is refused at once (:class:`StoreError`) instead of clustering beside the first
        without seeing its stories; released when the process ends, however it ends."""
        raise NotImplementedError
        yield  # pragma: no cover

    def create_fts(self, conn: Connection) -> None:
        raise NotImplementedError

    def search(self, conn: Connection, terms: list[str], limit: int) -> list[SearchHit]:
        """Current articles holding all ``terms`` (from :func:`query_terms`), best first."""
        raise NotImplementedError

    def story_ids_matching(self, terms: list[str]) -> TextualSelect | None:
        """``SELECT story_id`` of articles holding all ``terms`` (``None``: no terms)."""
        raise NotImplementedError


def _read_only_uri(path: str) -> str:
    """The ``mode=ro`` URI that opens the SQLite file at ``path`` for reading only.

    A database in WAL mode (every store ``ingest`` wrote) needs its ``-shm`` index to be read,
    and SQLite cannot create one in a folder it may not write to: then, if no ``-wal`` file
    holds changes not yet copied into the database, the file is opened ``immutable`` (nobody
    who may not write the folder can be writing to it: a writer needs to create those files)."""
    uri = f"file:{urllib.parse.quote(os.path.abspath(path))}?mode=ro"
    probe = sqlite3.connect(uri, uri=True)
    try:
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        wal = Path(path + "-wal")
        pending = wal.exists() and wal.stat().st_size > 0
        if "readonly" in str(exc) and not pending and not os.access(Path(path).parent, os.W_OK):
            return uri + "&immutable=1"
    except sqlite3.DatabaseError:
        pass  # not a database: said, with the store's name, when it is first read
    finally:
        probe.close()
    return uri


class SQLiteBackend(Backend):
    """One file, WAL journal, FTS5 external-content table kept in step by triggers."""

    name = "sqlite"
    label = "SQLite"
    @staticmethod
    def insert(table: Table) -> Any:
        return sqlite.insert(table)

    def create_engine(self, url: URL, busy_timeout: float, read_only: bool = False) -> Engine:
        """Read-only: the file is opened through a ``mode=ro`` URI and left as it is (its
        journal mode too; a 0-byte file stays 0 bytes); writing through it fails."""
        extra: dict[str, Any] = {}
        if read_only:
            uri = _read_only_uri(str(url.database))
            extra["creator"] = lambda: sqlite3.connect(uri, uri=True, timeout=busy_timeout,
                                                       isolation_level=None, check_same_thread=False)
        engine = create_engine(
            url, connect_args={"timeout": busy_timeout}, **extra,
            json_serializer=_dumps, json_deserializer=json.loads,
        )
        busy_ms = int(busy_timeout * 1000)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, record: Any) -> None:
            # the driver's own transaction handling is off: SQLAlchemy emits BEGIN (below),
            # so DDL and reads are transactional too
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            try:
                if read_only:
                    cur.execute("PRAGMA query_only=ON")
                else:
                    cur.execute("PRAGMA journal_mode=WAL")
                    cur.execute("PRAGMA synchronous=NORMAL")  # WAL: durable across process crashes
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute(f"PRAGMA busy_timeout={busy_ms}")
            finally:
                cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            write = conn.get_execution_options().get(WRITE_OPTION)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine

    def lock_migrations(self, conn: Connection) -> None:
        """Nothing to do: BEGIN IMMEDIATE already holds the database's write lock."""

    @contextmanager
    def ingest_lock(self, engine: Engine, name: str) -> Iterator[None]:
        """An exclusive ``flock`` on ``.<database>.ingest-lock`` (the kernel drops it when the
        process dies, even by SIGKILL); the file keeps the holder's pid for the message.
        The lock file lies beside the database's real path (symbolic links resolved), so that
        ``--db news.db`` and ``--db link/news.db`` take the same lock.  Where ``fcntl`` does
        not exist (Windows) no lock is taken."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            yield
            return
        db = Path(os.path.realpath(str(engine.url.database)))
        path = db.with_name(INGEST_LOCK_NAME.format(name=db.name))
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise StoreError(f"{name}: cannot create the ingest lock {path}: {exc.strerror}") from exc
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                who = f" (pid {holder})" if holder.isdigit() else ""
                raise StoreError(f"{name}: another `newsprism ingest` is writing to this store{who}; "
                                 "run this one again when it is done") from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            try:
                yield
            finally:
                os.ftruncate(fd, 0)
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def create_fts(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "title, text, content='articles', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.id, old.title, old.text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.id, old.title, old.text); "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
        )
        conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")

    @staticmethod
    def _match(terms: list[str]) -> str:
        # every word quoted: FTS5 operators and punctuation in user text cannot break the query
        return " ".join('"' + w.replace('"', '""') + '"' for w in terms)

    def search(self, conn: Connection, terms: list[str], limit: int) -> list[SearchHit]:
        match = self._match(terms)
        if not match:
            return []
        wt, wx = SQLITE_BM25_WEIGHTS
        # at most RANK_MAX matches are ranked, the most recently stored: the first row past them
        # bounds the ranking below (listing matches in rowid order costs little, ranking does)
        floor = conn.execute(text(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q ORDER BY rowid DESC LIMIT 1 OFFSET :cap"
        ), {"q": match, "cap": RANK_MAX}).scalar() or 0
        # ranked first, snippets after, for the hits shown only (a snippet costs more than a
        # rank, and words in every article would otherwise have one made for every article),
        # each marking the query's first SNIPPET_TERMS words; CROSS JOIN keeps this order, each
        # hit looking up its own row of the index
        rows = conn.execute(text(
            "SELECT a.id, a.title, a.outlet, a.published, "
            f"snippet(articles_fts, 1, '[', ']', '…', {SNIPPET_WORDS}) AS snip, top.score "
            f"FROM (SELECT f.rowid AS id, -bm25(articles_fts, {wt}, {wx}) AS score "
            "FROM articles_fts AS f WHERE articles_fts MATCH :q AND f.rowid > :floor "
            "AND NOT EXISTS (SELECT 1 FROM articles AS r WHERE r.revision_of = f.rowid) "
            "ORDER BY score DESC, f.rowid LIMIT :n) AS top "
            "CROSS JOIN articles_fts CROSS JOIN articles AS a "
            "WHERE articles_fts MATCH :shown AND articles_fts.rowid = top.id AND a.id = top.id "
            "ORDER BY top.score DESC, a.id"
        ), {"q": match, "floor": floor, "shown": self._match(terms[:SNIPPET_TERMS]), "n": limit})
        return [SearchHit(r[0], r[1], r[2], r[3], r[4] or "", float(r[5])) for r in rows]

    def story_ids_matching(self, terms: list[str]) -> TextualSelect | None:
        match = self._match(terms)
        if not match:
            return None
        # (the RANK_MAX most recently stored matches at most, as search ranks them)
        return _story_ids(text(
            "SELECT a.story_id FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH :fts_q AND a.story_id IS NOT NULL "
            "AND articles_fts.rowid > coalesce((SELECT f.rowid FROM articles_fts AS f "
            "WHERE f.articles_fts MATCH :fts_q ORDER BY f.rowid DESC LIMIT 1 OFFSET :fts_cap), 0) "
            "AND NOT EXISTS (SELECT 1 FROM articles AS r WHERE r.revision_of = a.id)"
        ).bindparams(fts_q=match, fts_cap=RANK_MAX))


class PostgresBackend(Backend):
    """A server database; search is a generated, weighted ``tsvector`` column with a GIN index."""

    name = "postgresql"
    label = "PostgreSQL"
    @staticmethod
    def insert(table: Table) -> Any:
        return postgresql.insert(table)

    def create_engine(self, url: URL, busy_timeout: float, read_only: bool = False) -> Engine:
        """Read-only: every transaction is ``READ ONLY`` (the server refuses any write)."""
        return create_engine(
            url.set(drivername="postgresql+psycopg"), pool_pre_ping=True,
            connect_args={"connect_timeout": max(1, int(busy_timeout))},
            execution_options={"postgresql_readonly": True} if read_only else {},
            json_serializer=_dumps, json_deserializer=json.loads,
        )

    def lock_migrations(self, conn: Connection) -> None:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})

    @contextmanager
    def ingest_lock(self, engine: Engine, name: str) -> Iterator[None]:
        """A session-level advisory lock, keyed by the store's schema (two stores in one
        database do not block each other), held by a connection of its own for the run; the
        server drops it when that connection ends."""
        key = text("SELECT pg_try_advisory_lock(:k, hashtext(current_schema()))").bindparams(k=PG_INGEST_LOCK)
        with engine.connect() as conn:
            got = conn.scalar(key)
            conn.commit()  # the lock is the session's, not the transaction's
            if not got:
                raise StoreError(f"{name}: another `newsprism ingest` is writing to this store; "
                                 "run this one again when it is done")
            try:
                yield
            finally:
                try:
                    conn.execute(text("SELECT pg_advisory_unlock(:k, hashtext(current_schema()))"),
                                 {"k": PG_INGEST_LOCK})
                    conn.commit()
                except SQLAlchemyError:  # the connection is gone, and the lock with it
                    pass

    def create_fts(self, conn: Connection) -> None:
        cfg = PG_FTS_CONFIG
        conn.exec_driver_sql(
            "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS ("
            f"setweight(to_tsvector('{cfg}', coalesce(title, '')), 'A') || "
            f"setweight(to_tsvector('{cfg}', left(text, {PG_FTS_MAX_CHARS})), 'B')) STORED"
        )
        conn.exec_driver_sql("CREATE INDEX ix_articles_search ON articles USING gin (search)")

    def search(self, conn: Connection, terms: list[str], limit: int) -> list[SearchHit]:
        if not terms:
            return []
        cfg = PG_FTS_CONFIG
        opts = f"StartSel=[, StopSel=], MaxFragments=1, MaxWords={SNIPPET_WORDS + 8}, MinWords={SNIPPET_WORDS // 2}"
        # at most RANK_MAX matches ranked, the most recently stored (as on SQLite); the text is
        # read, and a headline made, for the hits shown only
        rows = conn.execute(text(
            "SELECT a.id, a.title, a.outlet, a.published, "
            f"ts_headline('{cfg}', left(a.text, {PG_FTS_MAX_CHARS}), top.q, '{opts}') AS snip, top.score "
            "FROM (SELECT c.id, c.q, ts_rank_cd(c.search, c.q) AS score "
            "FROM (SELECT m.id, m.search, q.q "
            f"FROM articles AS m, plainto_tsquery('{cfg}', :q) AS q(q) "
            "WHERE m.search @@ q.q "
            "AND NOT EXISTS (SELECT 1 FROM articles AS r WHERE r.revision_of = m.id) "
            "ORDER BY m.id DESC LIMIT :cap) AS c "
            "ORDER BY score DESC, c.id LIMIT :n) AS top "
            "JOIN articles AS a ON a.id = top.id "
            "ORDER BY top.score DESC, a.id"
        ), {"q": " ".join(terms), "cap": RANK_MAX, "n": limit})
        return [SearchHit(r[0], r[1], r[2], r[3], r[4] or "", float(r[5])) for r in rows]

    def story_ids_matching(self, terms: list[str]) -> TextualSelect | None:
        if not terms:
            return None
        # (the RANK_MAX most recently stored matches at most, as search ranks them)
        return _story_ids(text(
            "SELECT m.story_id FROM (SELECT a.id, a.story_id FROM articles AS a "
            f"WHERE a.search @@ plainto_tsquery('{PG_FTS_CONFIG}', :fts_q) AND a.story_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM articles AS r WHERE r.revision_of = a.id) "
            "ORDER BY a.id DESC LIMIT :fts_cap) AS m"
        ).bindparams(fts_q=" ".join(terms), fts_cap=RANK_MAX))


def _story_ids(clause: TextClause) -> TextualSelect:
    return clause.columns(column("story_id", Integer))


BACKENDS: dict[str, Backend] = {"sqlite": SQLiteBackend(), "postgresql": PostgresBackend()}
