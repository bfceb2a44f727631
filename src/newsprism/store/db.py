"""The :class:`Store`: the corpus database behind one small API, on SQLite or PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    bindparam,
    delete,
    exists,
    func,
    select,
    tuple_,
    update,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.sql.elements import BindParameter

from ..errors import ConfigError, StoreError
from . import schema
from .backends import BACKENDS, WRITE_OPTION, Backend, query_terms
from .records import (
    AddResult,
    ArticleBrief,
    ArticleRow,
    CachedAnalysis,
    SearchHit,
    StoredArticle,
    StoryRow,
)
from .schema import DOCS_COUNTED, analysis_cache, articles, stories, term_df

# ids per IN (...) list: far below SQLite's 32,766 bound parameters and PostgreSQL's 65,535
IN_CHUNK = 5_000
# seconds a writer waits for another writer's lock (SQLite) / for a connection (PostgreSQL)
BUSY_TIMEOUT = 30.0


def utc_now() -> str:
    """UTC time in ISO seconds (``2025-05-16T09:30:00Z``): the store's clock."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _chunks(values: Sequence[Any], n: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), n):
        yield values[i:i + n]


# built once: making aliases of a 21-column table costs more than running the query
_later = articles.alias("later")
_counted = articles.alias("counted")


def _is_current(a: Any) -> Any:
    """Condition: row ``a`` is the latest revision (no later row revises it)."""
    return ~exists().where(_later.c.revision_of == a.c.id)


CURRENT = _is_current(articles)
# a story's current articles, correlated to the stories row being updated
N_CURRENT = (select(func.count()).select_from(_counted)
             .where(_counted.c.story_id == stories.c.id, _is_current(_counted)).scalar_subquery())
# ... their first and last day, and the title of the earliest stored one that has a title
_IN_STORY = (_counted.c.story_id == stories.c.id, _is_current(_counted))
FIRST_CURRENT = select(func.min(_counted.c.published)).where(*_IN_STORY).scalar_subquery()
LAST_CURRENT = select(func.max(_counted.c.published)).where(*_IN_STORY).scalar_subquery()
TITLE_CURRENT = (select(_counted.c.title).where(*_IN_STORY, _counted.c.title.is_not(None))
                 .order_by(_counted.c.id).limit(1).scalar_subquery())

# the statements the pipeline runs per article, built once: building a statement costs
# several times more than executing a cached one (ids go in as expanding IN lists)
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
SQL_STORY = (select(stories.c.id, stories.c.title, stories.c.first, stories.c.last, stories.c.merged_into)
             .where(stories.c.id == bindparam("sid")))
SQL_NEW_STORY = stories.insert()
SQL_ARTICLE_STORIES = select(articles.c.id, articles.c.story_id).where(articles.c.id.in_(_IDS))
SQL_SET_STORY = update(articles).where(articles.c.id.in_(_IDS)).values(story_id=bindparam("sid"))
SQL_RECOUNT = (update(stories).where(stories.c.id.in_(_IDS))
               .values(n_articles=N_CURRENT, updated_at=bindparam("now")))
SQL_RESPAN = (update(stories).where(stories.c.id.in_(_IDS))
              .values(n_articles=N_CURRENT, first=FIRST_CURRENT, last=LAST_CURRENT, title=TITLE_CURRENT,
                      updated_at=bindparam("now")))
SQL_LINK_DUPLICATE = (update(articles).where(articles.c.id == bindparam("aid"))
                      .values(duplicate_of=bindparam("orig"), duplicate_similarity=bindparam("sim")))
STORY_FIELDS = ("title", "first", "last", "state", "n_articles", "updated_at")
# the parts of a cached analysis that can be read (the key and the times always are)
CACHE_PARTS = ("analysis", "html", "articles_html")
# revisions followed either way from an article (a chain is one per URL or name: never this long)
MAX_REVISIONS = 1_000
# copies of one article listed at most (a wire story reprinted by every outlet of a feed)
MAX_COPIES = 500
# story orders of :meth:`Store.stories`: the latest publication day, or the latest change
# (articles joined, left, revised or linked: ``stories.updated_at``)
STORY_ORDERS = ("last", "activity")


@lru_cache(maxsize=64)
def _sql_update_story(fields: frozenset[str]) -> Any:
    """``UPDATE stories SET <fields>`` for one story; values bound as ``v_<field>``."""
    return update(stories).where(stories.c.id == bindparam("sid")).values(
        {f: bindparam(f"v_{f}") for f in STORY_FIELDS if f in fields})


def _reason(exc: BaseException) -> str:
    """The driver's message, first line, without SQLAlchemy's decorations."""
    orig = getattr(exc, "orig", None) or exc
    msg = str(orig).strip().splitlines()
    return msg[0] if msg else type(orig).__name__


def _day_of(value: str | date, name: str = "since") -> str:
    """"2025", "2025-05", "2025-05-16" (or a date) as the ISO day it starts on."""
    if isinstance(value, date):
        return value.isoformat()[:10]
    text = value.strip()
    for pad in ("", "-01", "-01-01"):
        try:
            return date.fromisoformat(text + pad).isoformat()
        except ValueError:
            continue
    raise ConfigError(f"{name}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")


class Store:
    """The corpus store: articles (every revision), near-duplicate links, stories, search.

    Open with :meth:`open`; write only inside :meth:`atomic`, passing its
    connection to the write methods; the read methods open their own.
    """

    def __init__(self, engine: Engine, backend: Backend, name: str,
                 clock: Callable[[], str] = utc_now) -> None:
        self._engine = engine
        self.backend = backend
        self.name = name  # the file path or the URL without password, for messages
        self._clock = clock
        self._local = threading.local()

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str | os.PathLike[str], *, busy_timeout: float = BUSY_TIMEOUT,
             clock: Callable[[], str] = utc_now, create: bool = True) -> Store:
        """Open (creating if needed) the store at ``url`` and apply missing migrations.

        ``create=False`` (commands that only read): the store is opened read-only and
        nothing in it changes (no migration, no journal-mode switch; a read-only file or
        folder can be read); a store that does not exist yet, an empty file included, is a
        :class:`StoreError` instead of a new empty one, so that a mistyped path is said,
        not answered with an empty list (and no file is left behind).

        ``url``: a file path (``news.db``), ``sqlite:///news.db`` or
        ``postgresql://user:pass@host:5432/db`` (keep newsprism in a schema of its
        own with ``?options=-csearch_path%3Dnews``).  ``clock`` gives the
        ``ingested_at``/``updated_at`` stamps (inject a fixed one for byte-identical output).
        """
        sa_url, name = _parse_url(url)
        if not create and sa_url.get_backend_name() == "sqlite" and not Path(sa_url.database or "").exists():
            raise StoreError(f"{name}: no such store (`newsprism ingest PATH --db {name}` creates it)")
        backend = BACKENDS[sa_url.get_backend_name()]
        try:
            engine = backend.create_engine(sa_url, busy_timeout, read_only=not create)
        except (ImportError, ArgumentError) as exc:
            hint = " (install it: pip install 'psycopg[binary]')" if isinstance(exc, ImportError) else ""
            raise StoreError(f"{name}: cannot use {backend.label}: {exc}{hint}") from exc
        store = cls(engine, backend, name, clock)
        try:
            store._migrate(create)
        except BaseException:
            engine.dispose()
            raise
        return store

    def _migrate(self, create: bool = True) -> list[str]:
        with self._guard("open", connecting=True):
            with self._engine.connect() as conn:
                missing = schema.check(conn, self.name)
            if not missing:
                return []
            if not create and len(missing) == len(schema.MIGRATIONS):
                raise StoreError(f"{self.name} holds no newsprism store yet "
                                 f"(`newsprism ingest PATH --db {self.name}` creates it)")
            if not create:  # read-only: an older store is read by a version that upgrades it
                raise StoreError(f"{self.name} was written by an earlier newsprism (its schema lacks "
                                 f"{', '.join(missing)}); the next `newsprism ingest PATH --db {self.name}` "
                                 "upgrades it, reading commands change nothing")
        with self.atomic() as conn, self._guard("migrate"):
            return schema.migrate(conn, self.backend, self.name, self._clock())

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.name!r})"

    def migrations(self) -> list[tuple[str, str]]:
        """(name, applied_at) of the migrations recorded in the database, in order."""
        m = schema.migrations
        with self._read() as conn:
            return [(r.name, r.applied_at) for r in conn.execute(select(m).order_by(m.c.name))]

    # --- transactions --------------------------------------------------------------------
    @contextmanager
    def atomic(self) -> Iterator[Connection]:
        """One transaction: everything written inside commits together or not at all.

        On SQLite it holds the write lock from the start (other writers wait up to the
        busy timeout).  Nested use in the same thread becomes a savepoint of the outer one.
        """
        outer: Connection | None = getattr(self._local, "conn", None)
        if outer is not None:
            with self._guard("write"), outer.begin_nested():
                yield outer
            return
        with self._guard("write"), self._engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            self._local.conn = conn
            try:
                with conn.begin():
                    yield conn
            finally:
                self._local.conn = None

    @contextmanager
    def ingest_lock(self) -> Iterator[None]:
        """Held for a whole ingest: a second ingest into this store, from any process, gets a
        :class:`StoreError` at once (it would cluster without seeing the first one's new
        stories).  Reading is never blocked by it."""
        with ExitStack() as stack:
            with self._guard("lock", connecting=True):  # errors of taking it, not of the ingest
                stack.enter_context(self.backend.ingest_lock(self._engine, self.name))
            yield

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        outer: Connection | None = getattr(self._local, "conn", None)
        if outer is not None:  # read inside atomic(): see the batch's own writes
            with self._guard("read"):
                yield outer
            return
        with self._guard("read"), self._engine.connect() as conn:
            yield conn

    @contextmanager
    def _guard(self, what: str, connecting: bool = False) -> Iterator[None]:
        """Database errors become :class:`StoreError` naming the database and the problem."""
        try:
            yield
        except StoreError:
            raise
        except OperationalError as exc:
            reason = _reason(exc)
            if connecting and self.backend.name == "postgresql":
                u = self._engine.url
                where = f"{u.host or 'localhost'}:{u.port or 5432}"
                raise StoreError(
                    f"cannot connect to PostgreSQL at {where} ({self.name}): {reason}"
                ) from exc
            if "not a database" in reason:
                raise StoreError(f"{self.name} is not a newsprism database (not an SQLite file: {reason})") from exc
            if "locked" in reason:
                reason += " (another process holds the write lock; try again when it is done)"
            raise StoreError(f"{self.name}: {what} failed: {reason}") from exc
        except SQLAlchemyError as exc:
            reason = _reason(exc)
            if connecting and "not a database" in reason:
                raise StoreError(f"{self.name} is not a newsprism database (not an SQLite file: {reason})") from exc
            raise StoreError(f"{self.name}: {what} failed: {reason}") from exc

    # --- articles ------------------------------------------------------------------------
    def add_articles(self, conn: Connection, items: Sequence[StoredArticle]) -> list[AddResult]:
        """Store a batch; one result per item, in order.  Idempotent (see :class:`AddResult`).

        A revision joins the story of the row it revises.  Costs a few queries per
        batch (hash look-up, revision look-up, one multi-row insert), not per item.
        """
        if not items:
            return []
        with self._guard("add articles"):
            return self._add(conn, items)

    def _add(self, conn: Connection, items: Sequence[StoredArticle]) -> list[AddResult]:
        a = articles
        now = self._clock()
        hashes = list(dict.fromkeys(it.content_hash for it in items))
        stored = self._ids_of(conn, hashes)

        # 1. the first item of each unseen hash is new
        first_of: dict[str, int] = {}
        for i, it in enumerate(items):
            if it.content_hash not in stored and it.content_hash not in first_of:
                first_of[it.content_hash] = i
        new = sorted(first_of.values())

        # 2. what each new item revises: the latest stored row with its URL (or, without
        #    a URL, its source + doc id), or an earlier new item of this batch
        urls = sorted({u for i in new if (u := items[i].url)})
        keys = sorted({(items[i].source, items[i].doc_id) for i in new if not items[i].url})
        by_url: dict[str, tuple[int, int | None]] = {}
        for chunk in _chunks(urls):
            for r in conn.execute(select(a.c.url, a.c.id, a.c.story_id).where(a.c.url.in_(chunk))):
                if r.url not in by_url or r.id > by_url[r.url][0]:
                    by_url[r.url] = (r.id, r.story_id)
        by_key: dict[tuple[str, str], tuple[int, int | None]] = {}
        for chunk in _chunks(keys):
            q = select(a.c.source, a.c.doc_id, a.c.id, a.c.story_id).where(
                tuple_(a.c.source, a.c.doc_id).in_(list(chunk)))
            for kr in conn.execute(q):
                k = (kr.source, kr.doc_id)
                if k not in by_key or kr.id > by_key[k][0]:
                    by_key[k] = (kr.id, kr.story_id)

        rows: list[dict[str, Any]] = []
        revises: dict[str, int | str] = {}  # new hash -> stored id, or hash of a new item
        latest_new: dict[Any, str] = {}  # url or (source, doc_id) -> hash of latest new item
        for i in new:
            it = items[i]
            key: Any = it.url or (it.source, it.doc_id)
            prior = by_url.get(it.url) if it.url else by_key.get((it.source, it.doc_id))
            story_id = None
            if key in latest_new:
                revises[it.content_hash] = latest_new[key]
            elif prior is not None:
                revises[it.content_hash], story_id = prior
            latest_new[key] = it.content_hash
            p = revises.get(it.content_hash)
            rows.append(_row(it, now, p if isinstance(p, int) else None, story_id))

        # 3. one multi-row insert; a hash another writer stored meanwhile is skipped
        ids = dict(stored)
        if rows:
            stmt = self.backend.insert(a).on_conflict_do_nothing(index_elements=[a.c.content_hash])
            inserted = {r.content_hash: r.id for r in conn.execute(
                stmt.returning(a.c.id, a.c.content_hash), rows)}
            ids.update(inserted)
            lost = [r["content_hash"] for r in rows if r["content_hash"] not in inserted]
            ids.update(self._ids_of(conn, lost))
            # revisions of an item of this same batch are linked once its id is known
            links = [{"b_id": inserted[h], "b_rev": ids[p]} for h, p in revises.items()
                     if isinstance(p, str) and h in inserted]
            if links:
                conn.execute(update(a).where(a.c.id == bindparam("b_id"))
                             .values(revision_of=bindparam("b_rev")), links)
        else:
            inserted = {}

        # 4. the results, in input order
        out: list[AddResult] = []
        for i, it in enumerate(items):
            h = it.content_hash
            if h in inserted and first_of.get(h) == i:
                p = revises.get(h)
                if p is None:
                    out.append(AddResult(inserted[h], "added"))
                else:
                    out.append(AddResult(inserted[h], "revision", ids[p] if isinstance(p, str) else p))
            else:
                out.append(AddResult(ids.get(h), "exists"))
        return out

    def _ids_of(self, conn: Connection, hashes: Sequence[str]) -> dict[str, int]:
        a = articles
        found: dict[str, int] = {}
        for chunk in _chunks(hashes):
            found.update((r.content_hash, r.id) for r in conn.execute(
                select(a.c.content_hash, a.c.id).where(a.c.content_hash.in_(chunk))))
        return found

    def link_duplicate(self, conn: Connection, article_id: int, original_id: int,
                       similarity: float) -> None:
        """Mark ``article_id`` as a near-duplicate (syndicated copy) of ``original_id``."""
        if article_id == original_id:
            raise ValueError(f"article {article_id} cannot be a duplicate of itself")
        with self._guard("link duplicate"):
            try:
                res = conn.execute(SQL_LINK_DUPLICATE, {
                    "aid": article_id, "orig": original_id, "sim": float(similarity)})
            except IntegrityError as exc:  # the foreign key: no such original
                raise StoreError(f"{self.name}: no article {original_id}") from exc
            if res.rowcount == 0:
                self._no_such_articles([article_id])

    def has_hash(self, h: str) -> bool:
        with self._read() as conn:
            return conn.scalar(select(articles.c.id).where(articles.c.content_hash == h)) is not None

    def article(self, article_id: int) -> ArticleRow:
        found = self.articles([article_id])
        if not found:
            raise StoreError(f"{self.name}: no article {article_id}")
        return found[0]

    def articles(self, ids: Iterable[int]) -> list[ArticleRow]:
        """The rows with these ids (any revision), in the order given; unknown ids are left out."""
        wanted = list(dict.fromkeys(ids))
        got: dict[int, ArticleRow] = {}
        with self._read() as conn:
            for chunk in _chunks(wanted):
                for r in conn.execute(select(articles).where(articles.c.id.in_(chunk))):
                    got[r.id] = _article(r)
        return [got[i] for i in wanted if i in got]

    def doc_ids(self, ids: Iterable[int]) -> dict[int, str]:
        """The id each article was given (its ``doc_id``: JSONL ``id``, file name) by store id."""
        a = articles
        out: dict[int, str] = {}
        with self._read() as conn:
            for chunk in _chunks(list(dict.fromkeys(ids))):
                out.update((r.id, r.doc_id) for r in conn.execute(
                    select(a.c.id, a.c.doc_id).where(a.c.id.in_(chunk))))
        return out

    def find_hashes(self, hashes: Iterable[str]) -> dict[str, tuple[int, int | None]]:
        """(article id, story id) of the stored articles with these content hashes."""
        a = articles
        out: dict[str, tuple[int, int | None]] = {}
        with self._read() as conn:
            for chunk in _chunks(list(dict.fromkeys(hashes))):
                out.update((r.content_hash, (r.id, r.story_id)) for r in conn.execute(
                    select(a.c.content_hash, a.c.id, a.c.story_id).where(a.c.content_hash.in_(chunk))))
        return out

    def briefs(self, ids: Iterable[int]) -> list[ArticleBrief]:
        """The articles with these ids (any revision) without their texts, in the order given;
        unknown ids are left out."""
        wanted = list(dict.fromkeys(ids))
        got: dict[int, ArticleBrief] = {}
        with self._read() as conn:
            for chunk in _chunks(wanted):
                got.update((r.id, _brief(r)) for r in conn.execute(
                    select(*BRIEF_COLUMNS).where(articles.c.id.in_(chunk))))
        return [got[i] for i in wanted if i in got]

    def story_briefs(self, story_id: int) -> list[ArticleBrief]:
        """:meth:`story_articles` without their texts (same articles, same order)."""
        a = articles
        q = (select(*BRIEF_COLUMNS).where(a.c.story_id == story_id, CURRENT)
             .order_by(a.c.published.asc().nulls_last(), a.c.id))
        with self._read() as conn:
            return [_brief(r) for r in conn.execute(q)]

    def revisions(self, article_id: int) -> list[ArticleBrief]:
        """Every revision of the article (itself included), oldest first; [] when there is
        no such article."""
        a = articles
        earlier = select(a.c.revision_of).where(a.c.id == bindparam("x"))
        later = select(a.c.id).where(a.c.revision_of == bindparam("x")).order_by(a.c.id).limit(1)
        found: dict[bool, list[int]] = {True: [], False: []}  # earlier ones, later ones
        with self._read() as conn:
            if conn.scalar(select(a.c.id).where(a.c.id == article_id)) is None:
                return []
            for step, back in ((earlier, True), (later, False)):
                here = article_id
                for _ in range(MAX_REVISIONS):
                    nxt = conn.scalar(step, {"x": here})
                    if nxt is None or nxt == article_id or nxt in found[back]:
                        break
                    found[back].append(nxt)
                    here = nxt
        chain = [*reversed(found[True]), article_id, *found[False]]
        return self.briefs(chain)

    def copies(self, article_id: int) -> list[ArticleBrief]:
        """The current articles linked as copies of this one (reprints), oldest first."""
        a = articles
        q = (select(*BRIEF_COLUMNS).where(a.c.duplicate_of == article_id, CURRENT)
             .order_by(a.c.id).limit(MAX_COPIES))
        with self._read() as conn:
            return [_brief(r) for r in conn.execute(q)]

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """The content hashes of ``hashes`` already stored (one query per 5,000).

        Lets the pipeline skip the costly work (features, clustering) for articles it has.
        """
        with self._read() as conn:
            return set(self._ids_of(conn, list(dict.fromkeys(hashes))))

    def recent_features(self, limit: int, since: str | None = None) -> list[tuple[int, bytes, int | None]]:
        """(id, features, story id) of the latest-ingested current articles that have
        features, newest first; ``since``: published on or after that day.  Near-duplicate
        detection and story refinement rebuild their memory from them after a restart."""
        a = articles
        q = select(a.c.id, a.c.features, a.c.story_id).where(a.c.features.is_not(None), CURRENT)
        if since:
            q = q.where(a.c.published >= since)
        q = q.order_by(a.c.id.desc()).limit(limit)
        with self._read() as conn:
            return [(r.id, r.features, r.story_id) for r in conn.execute(q)]

    # --- stories -------------------------------------------------------------------------
    def new_story(self, conn: Connection, *, title: str | None, first: str | None,
                  last: str | None, state: bytes | None) -> int:
        with self._guard("create story"):
            res = conn.execute(SQL_NEW_STORY, {
                "title": title, "first": first, "last": last, "state": state, "n_articles": 0,
                "updated_at": self._clock()})
            pk = res.inserted_primary_key
            assert pk is not None
            return int(pk[0])

    def update_story(self, conn: Connection, story_id: int, *, title: str | None = None,
                     first: str | None = None, last: str | None = None, state: bytes | None = None,
                     n_articles: int | None = None, days: Iterable[str] = (),
                     title_if_missing: str | None = None) -> None:
        """Set the fields given (``None`` leaves a field as it is); ``days`` widen
        ``first``/``last`` to include them; ``title_if_missing`` names a story that has no
        title yet."""
        values: dict[str, Any] = {k: v for k, v in (
            ("title", title), ("first", first), ("last", last), ("state", state),
            ("n_articles", n_articles)) if v is not None}
        with self._guard("update story"):
            row = self._live_story(conn, story_id)
            if title_if_missing and row.title is None and "title" not in values:
                values["title"] = title_if_missing
            span = [d for d in days if d]
            if span:
                lo, hi = values.get("first", row.first), values.get("last", row.last)
                values["first"] = min([lo, *span] if lo else span)
                values["last"] = max([hi, *span] if hi else span)
            values["updated_at"] = self._clock()
            conn.execute(_sql_update_story(frozenset(values)),
                         {"sid": story_id, **{f"v_{k}": v for k, v in values.items()}})

    def set_story(self, conn: Connection, article_ids: Sequence[int], story_id: int) -> None:
        """Put the articles in the story; the article counts of the stories involved follow."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return
        with self._guard("set story"):
            self._live_story(conn, story_id)
            touched, found = {story_id}, set()
            for chunk in _chunks(ids):
                for r in conn.execute(SQL_ARTICLE_STORIES, {"ids": chunk}):
                    found.add(r.id)
                    if r.story_id is not None:
                        touched.add(r.story_id)
            self._no_such_articles([i for i in ids if i not in found])
            for chunk in _chunks(ids):
                conn.execute(SQL_SET_STORY, {"ids": chunk, "sid": story_id})
            self._recount(conn, sorted(touched))

    def merge_stories(self, conn: Connection, keep: int, gone: int) -> None:
        """Move ``gone``'s articles into ``keep``; ``gone`` is kept, marked ``merged_into=keep``."""
        if keep == gone:
            raise ValueError(f"cannot merge story {keep} into itself")
        s = stories
        with self._guard("merge stories"):
            k = self._live_story(conn, keep)
            g = self._live_story(conn, gone)
            now = self._clock()
            conn.execute(update(articles).where(articles.c.story_id == gone).values(story_id=keep))
            conn.execute(update(s).where(s.c.merged_into == gone).values(merged_into=keep, updated_at=now))
            conn.execute(update(s).where(s.c.id == gone).values(merged_into=keep, n_articles=0, updated_at=now))
            firsts = [d for d in (k.first, g.first) if d]
            lasts = [d for d in (k.last, g.last) if d]
            conn.execute(update(s).where(s.c.id == keep).values(
                title=k.title if k.title is not None else g.title,
                first=min(firsts) if firsts else None, last=max(lasts) if lasts else None,
                updated_at=now))
            self._recount(conn, [keep])

    def respan(self, conn: Connection, story_ids: Sequence[int]) -> None:
        """Recompute the stories' article count, first and last day and title from their
        current articles (after articles moved out of them)."""
        with self._guard("update stories"):
            for chunk in _chunks(list(dict.fromkeys(story_ids))):
                conn.execute(SQL_RESPAN, {"ids": chunk, "now": self._clock()})

    def _live_story(self, conn: Connection, story_id: int) -> Any:
        row = conn.execute(SQL_STORY, {"sid": story_id}).first()
        if row is None:
            raise StoreError(f"{self.name}: no story {story_id}")
        if row.merged_into is not None:
            raise StoreError(f"{self.name}: story {story_id} was merged into story {row.merged_into}")
        return row

    def _no_such_articles(self, missing: Sequence[int]) -> None:
        if missing:
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            raise StoreError(f"{self.name}: no article {', '.join(map(str, missing[:5]))}{more}")

    def _recount(self, conn: Connection, story_ids: Sequence[int]) -> None:
        for chunk in _chunks(story_ids):
            conn.execute(SQL_RECOUNT, {"ids": chunk, "now": self._clock()})

    def stories(self, *, since: str | date | None = None, query: str | None = None,
                limit: int = 50, min_articles: int = 1, offset: int = 0,
                until: str | date | None = None, order: str = "last") -> list[StoryRow]:
        """Live stories, newest ``last`` first (``order="activity"``: the latest changed first);
        ``since``: last day on or after it (a date, or "YYYY-MM-DD", "YYYY-MM" or "YYYY";
        anything else is a :class:`ConfigError`); ``until``: first day on or before it (the
        day it starts on, as ``since``); ``query``: some article of the story matches
        (full-text, all words; limits as :meth:`search`);
        ``min_articles``: stories of at least that many current articles; ``offset``: skip that
        many (paging; :meth:`count_stories` counts them all)."""
        s = stories
        q = self._story_filter(select(s.c.id, s.c.title, s.c.first, s.c.last, s.c.n_articles),
                               since, until, query, min_articles)
        if q is None:
            return []
        if order not in STORY_ORDERS:
            raise ValueError(f"order {order!r}: expected one of {', '.join(STORY_ORDERS)}")
        if order == "activity":
            q = q.order_by(s.c.updated_at.desc(), s.c.id.desc())
        else:
            q = q.order_by(s.c.last.desc().nulls_last(), s.c.id.desc())
        q = q.limit(limit).offset(max(0, offset))
        with self._read() as conn:
            return self._story_rows(conn, list(conn.execute(q)))

    def story_rows(self, story_ids: Iterable[int]) -> list[StoryRow]:
        """These stories (live or merged away) as :meth:`stories` lists them, in the order
        given; unknown ids are left out."""
        s = stories
        wanted = list(dict.fromkeys(story_ids))
        with self._read() as conn:
            found = {r.id: r for chunk in _chunks(wanted) for r in conn.execute(
                select(s.c.id, s.c.title, s.c.first, s.c.last, s.c.n_articles).where(s.c.id.in_(chunk)))}
            return self._story_rows(conn, [found[i] for i in wanted if i in found])

    @staticmethod
    def _story_rows(conn: Connection, found: list[Any]) -> list[StoryRow]:
        a = articles
        members: dict[int, list[tuple[int, str | None, bool]]] = {r.id: [] for r in found}
        for chunk in _chunks(list(members)):
            for r in conn.execute(select(a.c.story_id, a.c.id, a.c.outlet, a.c.published)
                                  .where(a.c.story_id.in_(chunk), CURRENT)):
                members[r.story_id].append((r.id, r.outlet, r.published is not None))
        return [StoryRow(
            id=r.id, title=r.title, first=r.first, last=r.last,
            outlets=tuple(sorted({o for _, o, _ in members[r.id] if o})),
            articles=tuple(sorted(i for i, _, _ in members[r.id])),
            n_articles=r.n_articles,
            unattributed=sum(1 for _, o, _ in members[r.id] if not o),
            undated=sum(1 for _, _, dated in members[r.id] if not dated),
        ) for r in found]

    def count_stories(self, *, since: str | date | None = None, query: str | None = None,
                      min_articles: int = 1, until: str | date | None = None) -> int:
        """How many live stories :meth:`stories` lists with these filters, all pages together."""
        q = self._story_filter(select(func.count()).select_from(stories), since, until, query, min_articles)
        if q is None:
            return 0
        with self._read() as conn:
            return int(conn.scalar(q) or 0)

    def _story_filter(self, q: Any, since: str | date | None, until: str | date | None,
                      query: str | None, min_articles: int) -> Any:
        """``q`` narrowed to the live stories the filters keep (None: no story can match)."""
        s = stories
        q = q.where(s.c.merged_into.is_(None))
        if min_articles > 1:
            q = q.where(s.c.n_articles >= min_articles)
        if since:
            q = q.where(s.c.last >= _day_of(since))
        if until:
            q = q.where(s.c.first <= _day_of(until, "until"))
        if query is not None:
            matching = self.backend.story_ids_matching(query_terms(query))
            if matching is None:
                return None
            q = q.where(s.c.id.in_(matching))
        return q

    def story_updated(self, story_ids: Iterable[int]) -> dict[int, str]:
        """When each story last changed (``updated_at``: articles joined, left or were revised)."""
        s = stories
        out: dict[int, str] = {}
        with self._read() as conn:
            for chunk in _chunks(list(dict.fromkeys(story_ids))):
                out.update((r.id, r.updated_at) for r in conn.execute(
                    select(s.c.id, s.c.updated_at).where(s.c.id.in_(chunk))))
        return out

    def story_fate(self, story_id: int) -> tuple[bool, int | None]:
        """Whether story ``story_id`` exists, and the live story that took its articles when
        it was merged, else ``None`` (:meth:`merge_stories` re-points the stories a merged
        story had absorbed, so ``merged_into`` always names a live story)."""
        with self._read() as conn:
            row = conn.execute(SQL_STORY, {"sid": story_id}).first()
        return (False, None) if row is None else (True, row.merged_into)

    def story_articles(self, story_id: int) -> list[ArticleRow]:
        """The story's articles (latest revision of each), oldest first; ``duplicate_of``
        and ``duplicate_similarity`` say which are copies of which."""
        a = articles
        q = (select(a).where(a.c.story_id == story_id, CURRENT)
             .order_by(a.c.published.asc().nulls_last(), a.c.id))
        with self._read() as conn:
            return [_article(r) for r in conn.execute(q)]

    def story_key(self, story_id: int) -> str | None:
        """A fingerprint of the story's current articles (ids, content hashes, copy links): it
        changes whenever an article joins or leaves the story, is revised, or is linked as a
        copy, so an analysis kept under it is out of date; ``None``: no current article."""
        a = articles
        q = (select(a.c.id, a.c.content_hash, a.c.duplicate_of)
             .where(a.c.story_id == story_id, CURRENT).order_by(a.c.id))
        with self._read() as conn:
            rows = conn.execute(q).all()
        if not rows:
            return None
        digest = hashlib.sha256()
        for r in rows:
            digest.update(f"{r.id}:{r.content_hash}:{r.duplicate_of or ''}\n".encode("ascii"))
        return digest.hexdigest()

    def cached_analysis(self, story_id: int, parts: Iterable[str] = ("html",)) -> CachedAnalysis | None:
        """The story's kept analysis with the ``parts`` asked for (of :data:`CACHE_PARTS`; the
        others stay ``None``, unread: the JSON of a large story is megabytes), or ``None``."""
        wanted = tuple(dict.fromkeys(parts))
        unknown = [p for p in wanted if p not in CACHE_PARTS]
        if unknown:
            raise ValueError(f"no part {unknown[0]!r} in a cached analysis (parts: {', '.join(CACHE_PARTS)})")
        c = analysis_cache
        q = select(c.c.story_id, c.c.key, c.c.computed_at, c.c.seconds, *(c.c[p] for p in wanted)
                   ).where(c.c.story_id == story_id)
        with self._read() as conn:
            r = conn.execute(q).first()
        if r is None:
            return None
        got = r._mapping
        return CachedAnalysis(story_id=r.story_id, key=r.key, computed_at=r.computed_at,
                              seconds=float(r.seconds), **{p: got[p] for p in wanted})

    def put_analysis(self, story_id: int, key: str, *, analysis: str, html: str,
                     articles_html: Mapping[str, str], seconds: float) -> None:
        """Keep the story's analysis under ``key`` (replacing the one kept before), in a
        transaction of its own; a story that does not exist is a :class:`StoreError`."""
        c = analysis_cache
        values = {"story_id": story_id, "key": key, "analysis": analysis, "html": html,
                  "articles_html": dict(articles_html), "computed_at": self._clock(),
                  "seconds": float(seconds)}
        stmt = self.backend.insert(c).values(values)
        stmt = stmt.on_conflict_do_update(index_elements=[c.c.story_id],
                                          set_={k: stmt.excluded[k] for k in values if k != "story_id"})
        with self.atomic() as conn, self._guard(f"keep the analysis of story {story_id}"):
            if conn.execute(SQL_STORY, {"sid": story_id}).first() is None:
                raise StoreError(f"{self.name}: no story {story_id}")
            conn.execute(stmt)

    def recent_story_states(self, since: str | None, limit: int) -> list[tuple[int, bytes | None, str | None]]:
        """(id, state, last) of live stories, newest first: online clustering resumes from them."""
        s = stories
        q = select(s.c.id, s.c.state, s.c.last).where(s.c.merged_into.is_(None))
        if since:
            q = q.where(s.c.last >= since)
        q = q.order_by(s.c.last.desc().nulls_last(), s.c.id.desc()).limit(limit)
        with self._read() as conn:
            return [(r.id, r.state, r.last) for r in conn.execute(q)]

    # --- upgrading the grouping features ---------------------------------------------------
    def newest_features(self) -> bytes | None:
        """The features blob of the latest-ingested current article (None: no article has one)."""
        a = articles
        q = select(a.c.features).where(a.c.features.is_not(None), CURRENT).order_by(a.c.id.desc()).limit(1)
        with self._read() as conn:
            return conn.scalar(q)

    def current_with_features(self, conn: Connection, after: int, limit: int) -> list[ArticleRow]:
        """Up to ``limit`` current articles that have features, with ids above ``after``, in id
        order (the order they were ingested in)."""
        a = articles
        q = (select(a).where(a.c.id > after, a.c.features.is_not(None), CURRENT)
             .order_by(a.c.id).limit(limit))
        return [_article(r) for r in conn.execute(q)]

    def set_features(self, conn: Connection, rows: Sequence[tuple[int, bytes]]) -> None:
        """Replace the features blob of these articles."""
        if not rows:
            return
        stmt = (update(articles).where(articles.c.id == bindparam("aid"))
                .values(features=bindparam("blob")))
        with self._guard("update features"):
            conn.execute(stmt, [{"aid": i, "blob": b} for i, b in rows])

    def clear_story_states(self, conn: Connection) -> None:
        """Forget every story's clustering state (before states are rebuilt in the same transaction)."""
        with self._guard("clear story states"):
            conn.execute(update(stories).where(stories.c.state.is_not(None)).values(state=None))

    def clear_term_counts(self, conn: Connection) -> None:
        """Forget the corpus term counts (before they are counted again in the same transaction)."""
        with self._guard("clear term statistics"):
            conn.execute(delete(term_df))

    # --- corpus term statistics ------------------------------------------------------------
    def add_term_counts(self, conn: Connection, docs: int, counts: dict[int, int]) -> None:
        """Add ``docs`` articles and their terms' document counts to the corpus statistics
        (group/termstats.py), in the batch's transaction."""
        if not docs and not counts:
            return
        t = term_df
        rows = [{"term": DOCS_COUNTED, "df": docs}] + [{"term": k, "df": v} for k, v in sorted(counts.items())]
        stmt = self.backend.insert(t)
        stmt = stmt.on_conflict_do_update(index_elements=[t.c.term], set_={"df": t.c.df + stmt.excluded.df})
        with self._guard("update term statistics"):
            for chunk in _chunks(rows):
                conn.execute(stmt, list(chunk))

    def term_counts(self) -> tuple[int, dict[int, int]]:
        """(articles counted, {term id: articles with the term}) of the corpus statistics."""
        t = term_df
        with self._read() as conn:
            counts = {int(r.term): int(r.df) for r in conn.execute(select(t.c.term, t.c.df))}
        return counts.pop(DOCS_COUNTED, 0), counts

    # --- search and counts ---------------------------------------------------------------
    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Current articles whose title or text holds all the words of ``text``, best first.

        The query is cut down to its distinct words first (:func:`.backends.query_terms`); one
        too long or of too many words is a :class:`~newsprism.errors.QueryError`."""
        terms = query_terms(text)
        with self._read() as conn:
            return self.backend.search(conn, terms, limit)

    def counts(self) -> dict[str, int]:
        """``articles``: rows stored (every revision); ``revisions``: rows that replace an
        earlier one; ``duplicates``: rows linked as copies; ``stories``: live stories."""
        a, s = articles, stories
        with self._read() as conn:
            n, rev, dup = conn.execute(select(
                func.count(), func.count(a.c.revision_of), func.count(a.c.duplicate_of))).one()
            live = conn.scalar(select(func.count()).select_from(s).where(s.c.merged_into.is_(None)))
        return {"articles": n, "revisions": rev, "duplicates": dup, "stories": live or 0}


def _row(it: StoredArticle, now: str, revision_of: int | None, story_id: int | None) -> dict[str, Any]:
    return {
        "content_hash": it.content_hash, "doc_id": it.doc_id, "source": it.source, "url": it.url,
        "outlet": it.outlet, "title": it.title, "published": it.published,
        "published_time": it.published_time, "author": it.author, "language": it.language,
        "text": it.text, "source_text": it.source_text, "format": it.format,
        "evidence": dict(it.evidence), "features": it.features, "revision_of": revision_of,
        "story_id": story_id, "duplicate_of": None, "duplicate_similarity": None, "ingested_at": now,
    }


def _article(r: Row[Any]) -> ArticleRow:
    return ArticleRow(
        id=r.id, content_hash=r.content_hash, doc_id=r.doc_id, source=r.source, url=r.url,
        outlet=r.outlet, title=r.title, published=r.published, published_time=r.published_time,
        author=r.author, language=r.language, text=r.text, source_text=r.source_text,
        format=r.format, evidence=r.evidence or {}, features=r.features,
        revision_of=r.revision_of, story_id=r.story_id, duplicate_of=r.duplicate_of,
        duplicate_similarity=r.duplicate_similarity, ingested_at=r.ingested_at,
    )


BRIEF_COLUMNS = tuple(articles.c[f] for f in ArticleBrief.__dataclass_fields__)


def _brief(r: Row[Any]) -> ArticleBrief:
    return ArticleBrief(**r._mapping)


def _parse_url(url: str | os.PathLike[str]) -> tuple[URL, str]:
    """SQLAlchemy URL and a display name (the path, or the URL without its password)."""
    raw = os.fspath(url)
    if "://" not in raw:
        path = Path(raw).expanduser()
        if not path.parent.is_dir():
            raise StoreError(f"{raw}: cannot create the database: folder {path.parent} does not exist")
        if path.is_dir():
            raise StoreError(f"{raw} is a folder, not a database file")
        return URL.create("sqlite+pysqlite", database=str(path)), str(path)
    try:
        u = make_url(raw)
    except ArgumentError as exc:
        raise StoreError(f"{raw}: not a database URL ({exc})") from exc
    backend = u.get_backend_name()
    if backend == "postgres":
        u = u.set(drivername="postgresql")
        backend = "postgresql"
    if backend == "sqlite":
        if not u.database or u.database == ":memory:":
            raise StoreError(f"{raw}: the store needs a database file (sqlite:///path/news.db)")
        return _parse_url(u.database)
    if backend not in BACKENDS:
        raise StoreError(f"{u.render_as_string(hide_password=True)}: unsupported database "
                         f"'{backend}' (use a file path, sqlite:///file.db or postgresql://...)")
    return u, u.render_as_string(hide_password=True)


__all__ = ["CACHE_PARTS", "ArticleBrief", "CachedAnalysis", "Store", "utc_now"]
