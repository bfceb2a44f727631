"""The corpus store on SQLite and PostgreSQL: idempotent adds, revisions, stories, search, crashes.

PostgreSQL: the server in ``NEWSPRISM_TEST_PG`` (a ``postgresql://`` URL) when set;
otherwise a throwaway local server is started for the session (Debian's
``/usr/lib/postgresql/*/bin``), and the PostgreSQL cases are skipped only when
none can be started.  Every test gets a fresh database (SQLite) or schema (PostgreSQL).
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from newsprism.errors import ConfigError, QueryError, StoreError
from newsprism.store import MIGRATIONS, Store, StoredArticle, content_hash

PG_ENV = "NEWSPRISM_TEST_PG"


# --- PostgreSQL server for the session ------------------------------------------------------
def _pg_bindir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return str(Path(found[-1]).parent)
    initdb = shutil.which("initdb")
    return str(Path(initdb).parent) if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_postgres() -> tuple[str | None, str, list[str]]:
    """(URL, why not, stop command) of a throwaway server on 127.0.0.1."""
    bindir = _pg_bindir()
    if bindir is None:
        return None, "no PostgreSQL server binaries (initdb) found", []
    root = tempfile.mkdtemp(prefix="newsprism-pg-")
    as_user: list[str] = []
    if os.getuid() == 0:  # initdb refuses to run as root
        runuser = shutil.which("runuser")
        as_user = [runuser, "-u", "postgres", "--"] if runuser else ["su", "postgres", "-c"]
        try:
            shutil.chown(root, "postgres")
        except (LookupError, OSError) as exc:
            return None, f"cannot hand {root} to the 'postgres' user: {exc}", []

    def cmd(*args: str) -> list[str]:
        return [*as_user, shlex.join(args)] if as_user[:1] == ["su"] else [*as_user, *args]

    data = f"{root}/data"
    r = subprocess.run(cmd(f"{bindir}/initdb", "-D", data, "-U", "newsprism", "--auth=trust",
                           "-E", "UTF8", "--no-sync"), capture_output=True, text=True)
    if r.returncode:
        return None, f"initdb failed: {(r.stderr or r.stdout).strip()[-300:]}", []
    stop = cmd(f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop")
    for _ in range(3):  # the port may be taken between choosing and binding it
        port = _free_port()
        opts = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={root} "
                "-c fsync=off -c full_page_writes=off")
        r = subprocess.run(cmd(f"{bindir}/pg_ctl", "-D", data, "-l", f"{root}/log", "-w", "-t", "60",
                               "-o", opts, "start"), capture_output=True, text=True)
        if r.returncode == 0:
            return f"postgresql://newsprism@127.0.0.1:{port}/postgres", "", stop
    log = Path(root, "log").read_text(errors="replace")[-300:] if Path(root, "log").exists() else ""
    shutil.rmtree(root, ignore_errors=True)
    return None, f"pg_ctl start failed: {(r.stderr or r.stdout).strip()[-200:]} {log}", []


@dataclass
class PgServer:
    url: str | None  # base URL (its database); None when there is no server
    why: str  # why there is none
    admin: Engine | None = None  # AUTOCOMMIT engine that creates and drops the test schemas


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The PostgreSQL server of the session: ``NEWSPRISM_TEST_PG``, else a throwaway one."""
    stop: list[str] = []
    if os.environ.get(PG_ENV):
        url: str | None = os.environ[PG_ENV]
        why = ""
    else:
        url, why, stop = _start_postgres()
    server = PgServer(url, why)
    if url is not None:
        server.admin = create_engine(make_url(url).set(drivername="postgresql+psycopg"),
                                     isolation_level="AUTOCOMMIT")
    try:
        yield server
    finally:
        if server.admin is not None:
            server.admin.dispose()
        if stop:
            subprocess.run(stop, capture_output=True)
            shutil.rmtree(Path(stop[stop.index("-D") + 1]).parent, ignore_errors=True)


def _pg_url(server: PgServer) -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped afterwards."""
    if server.url is None or server.admin is None:
        pytest.skip(f"no PostgreSQL server: {server.why} (set {PG_ENV}=postgresql://user@host:port/db)")
    schema = f"np_test_{uuid.uuid4().hex[:12]}"
    with server.admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(server.url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with server.admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store URL on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "news.db")
        return
    yield from _pg_url(request.getfixturevalue("pg_server"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url, clock=lambda: "2025-05-20T08:00:00Z") as s:
        yield s


# --- articles made by hand -----------------------------------------------------------------
def art(n: int, text: str | None = None, *, url: str | None = "", title: str | None = None,
        outlet: str | None = "Outlet A", published: str | None = "2025-05-16",
        features: bytes | None = None, source: str | None = None) -> StoredArticle:
    body = text if text is not None else f"Article number {n} reports on the harbour reopening."
    return StoredArticle(
        content_hash=content_hash(body), doc_id=f"doc{n}", source=source or f"inbox/{n}.txt",
        url=f"https://news.example/{n}" if url == "" else url, outlet=outlet,
        title=title if title is not None else f"Headline {n}", published=published,
        published_time="09:30", author="A. Writer", language="en", text=body,
        source_text=f"Headline {n}\n{body}\nAll rights reserved.", format="text",
        evidence={"title": "first line", "published": "byline"}, features=features,
    )


# --- migrations ------------------------------------------------------------------------------
def test_store_migrations_recorded_and_idempotent(db_url: str) -> None:
    with Store.open(db_url, clock=lambda: "2025-01-01T00:00:00Z") as s:
        first = s.migrations()
        with s.atomic() as conn:
            s.add_articles(conn, [art(1)])
    assert [m for m, _ in first] == [m for m, _ in MIGRATIONS]
    assert {t for _, t in first} == {"2025-01-01T00:00:00Z"}
    with Store.open(db_url, clock=lambda: "2030-01-01T00:00:00Z") as s:
        assert s.migrations() == first  # nothing re-applied, data kept
        assert s.counts()["articles"] == 1


def test_store_read_only_open_does_not_create_a_store(db_url: str) -> None:
    """`stories`/`story`/`search` open with create=False: a mistyped path or an empty
    database is an error naming it, and nothing is created there."""
    with pytest.raises(StoreError, match="no such store|holds no newsprism store yet"):
        Store.open(db_url, create=False)
    if "://" not in db_url:
        assert not Path(db_url).exists()
    else:
        engine = create_engine(db_url)
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []
        engine.dispose()
    with Store.open(db_url) as s, s.atomic() as conn:
        s.add_articles(conn, [art(1)])
    with Store.open(db_url, create=False) as s:
        assert s.counts()["articles"] == 1


def test_a_read_only_store_cannot_be_written_through(db_url: str) -> None:
    """What the reading commands open (create=False) refuses writes, on SQLite and PostgreSQL
    alike (tests/test_readonly.py: the commands themselves)."""
    with Store.open(db_url) as s, s.atomic() as conn:
        s.add_articles(conn, [art(1)])
    with Store.open(db_url, create=False) as reader:
        assert reader.counts()["articles"] == 1
        with pytest.raises(StoreError, match="read-?only"), reader.atomic() as conn:
            reader.add_articles(conn, [art(2)])
    with Store.open(db_url) as s:
        assert s.counts()["articles"] == 1


def test_store_ingest_lock_admits_one_ingest_at_a_time(db_url: str) -> None:
    with Store.open(db_url) as first, Store.open(db_url) as second:
        with first.ingest_lock():
            with pytest.raises(StoreError, match="another `newsprism ingest` is writing to this store"), \
                    second.ingest_lock():
                pass
            with second.atomic() as conn:  # it does not block writing or reading
                second.add_articles(conn, [art(1)])
            assert first.counts()["articles"] == 1
        with second.ingest_lock():  # released
            pass
    if "://" not in db_url:  # SQLite names the holder
        with Store.open(db_url) as a, Store.open(db_url) as b, a.ingest_lock():
            with pytest.raises(StoreError, match=rf"\(pid {os.getpid()}\)"), b.ingest_lock():
                pass


def test_store_ingest_lock_holds_through_symbolic_links(tmp_path: Path) -> None:
    """One store reached by another path (a linked folder, a linked file) is the same store:
    a second ingest through it is refused, not let in beside the first (issue 21: two ingests
    ran at once through `--db news.db` and `--db link/news.db`)."""
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    (tmp_path / "alias.db").symlink_to(real / "news.db")
    with Store.open(real / "news.db") as first, first.ingest_lock():
        for other in (tmp_path / "link" / "news.db", tmp_path / "alias.db"):
            with Store.open(other) as second:
                with pytest.raises(StoreError, match="another `newsprism ingest` is writing"), \
                        second.ingest_lock():
                    pass
    with Store.open(tmp_path / "link" / "news.db") as again, again.ingest_lock():  # released
        pass


def test_store_newer_schema_is_refused(db_url: str) -> None:
    with Store.open(db_url) as s, s.atomic() as conn:
        conn.execute(text("INSERT INTO migrations (name, applied_at) VALUES ('9999_from_the_future', 'x')"))
    with pytest.raises(StoreError, match="newer schema.*9999_from_the_future") as err:
        Store.open(db_url)
    assert err.value.code == "E400"


def test_store_open_url_forms(tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    for url in (path, str(path), f"sqlite:///{path}"):
        with Store.open(url) as s:
            assert s.name == str(path)
            assert s.backend.name == "sqlite"
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "missing" / "news.db")
    with pytest.raises(StoreError, match="unsupported database"):
        Store.open("mysql://u@localhost/db")


# --- adding ----------------------------------------------------------------------------------
def test_store_add_twice_all_exist(store: Store) -> None:
    batch = [art(i) for i in range(50)]
    with store.atomic() as conn:
        first = store.add_articles(conn, batch)
    assert [r.status for r in first] == ["added"] * 50
    assert len({r.id for r in first}) == 50
    before = store.counts()
    with store.atomic() as conn:
        second = store.add_articles(conn, batch)
    assert [r.status for r in second] == ["exists"] * 50
    assert [r.id for r in second] == [r.id for r in first]
    assert store.counts() == before == {"articles": 50, "revisions": 0, "duplicates": 0, "stories": 0}


def test_store_add_same_hash_twice_in_one_batch(store: Store) -> None:
    a = art(1)
    reflowed = replace(a, text=a.text.replace(" ", "\n  "), content_hash=content_hash(a.text.replace(" ", "\n  ")))
    assert reflowed.content_hash == a.content_hash  # whitespace does not change the hash
    with store.atomic() as conn:
        res = store.add_articles(conn, [a, reflowed, art(2)])
    assert [r.status for r in res] == ["added", "exists", "added"]
    assert res[0].id == res[1].id
    assert store.has_hash(a.content_hash) and not store.has_hash(content_hash("nothing"))


def test_store_fields_round_trip(store: Store) -> None:
    a = art(7, features=b"\x00\x01minhash\xff")
    with store.atomic() as conn:
        (res,) = store.add_articles(conn, [a])
    row = store.article(res.id or 0)
    assert row.stored() == a
    assert row.ingested_at == "2025-05-20T08:00:00Z"
    assert (row.revision_of, row.story_id, row.duplicate_of) == (None, None, None)
    with pytest.raises(StoreError, match="no article 999"):
        store.article(999)


def test_store_revision_links_old_row(store: Store) -> None:
    old = art(1, "The port will reopen on Monday, officials said.")
    with store.atomic() as conn:
        (r1,) = store.add_articles(conn, [old])
        sid = store.new_story(conn, title="Port", first="2025-05-16", last="2025-05-16", state=None)
        store.set_story(conn, [r1.id or 0], sid)
    new = replace(old, text="The port will reopen on Tuesday, officials said.",
                  content_hash=content_hash("The port will reopen on Tuesday, officials said."))
    with store.atomic() as conn:
        (r2,) = store.add_articles(conn, [new])
    assert r2.status == "revision" and r2.revision_of == r1.id and r2.id != r1.id
    row = store.article(r2.id or 0)
    assert row.revision_of == r1.id and row.story_id == sid  # the revision joins the story
    # the story shows the latest revision only, and its count is unchanged
    assert [a.id for a in store.story_articles(sid)] == [r2.id]
    assert store.stories()[0].n_articles == 1
    assert store.counts() == {"articles": 2, "revisions": 1, "duplicates": 0, "stories": 1}
    # search sees the current text only
    assert [h.article_id for h in store.search("Tuesday")] == [r2.id]
    assert store.search("Monday") == []


def test_store_revision_without_url_and_within_batch(store: Store) -> None:
    v1 = art(1, "First version of a wire story.", url=None, source="wire/feed.jsonl")
    v2 = art(1, "Second version of a wire story.", url=None, source="wire/feed.jsonl")
    v3 = art(1, "Third version of a wire story.", url=None, source="wire/feed.jsonl")
    other = art(1, "Same doc id, another source.", url=None, source="other/feed.jsonl")
    with store.atomic() as conn:
        (r1,) = store.add_articles(conn, [v1])
    with store.atomic() as conn:
        r2, r3, r4 = store.add_articles(conn, [v2, v3, other])
    assert (r2.status, r2.revision_of) == ("revision", r1.id)
    assert (r3.status, r3.revision_of) == ("revision", r2.id)  # chains inside a batch
    assert (r4.status, r4.revision_of) == ("added", None)
    assert store.article(r3.id or 0).revision_of == r2.id
    assert store.counts()["revisions"] == 2


# --- transactions and crashes -------------------------------------------------------------------
def test_store_atomic_rolls_back_on_error(store: Store) -> None:
    with store.atomic() as conn:
        store.add_articles(conn, [art(0)])
    with pytest.raises(RuntimeError, match="boom"), store.atomic() as conn:
        store.add_articles(conn, [art(i) for i in range(1, 20)])
        sid = store.new_story(conn, title="x", first=None, last=None, state=b"s")
        store.set_story(conn, [1], sid)
        raise RuntimeError("boom")
    assert store.counts() == {"articles": 1, "revisions": 0, "duplicates": 0, "stories": 0}
    assert not store.has_hash(art(5).content_hash)
    assert store.article(1).story_id is None
    # the same batch goes in afterwards, complete
    with store.atomic() as conn:
        res = store.add_articles(conn, [art(i) for i in range(20)])
    assert [r.status for r in res].count("added") == 19


def test_store_atomic_nests_as_savepoint(store: Store) -> None:
    with store.atomic() as conn:
        store.add_articles(conn, [art(1)])
        with pytest.raises(KeyError), store.atomic() as inner:
            assert inner is conn
            store.add_articles(inner, [art(2)])
            raise KeyError("inner only")
        assert store.has_hash(art(1).content_hash)  # reads inside atomic() see its writes
    assert store.has_hash(art(1).content_hash) and not store.has_hash(art(2).content_hash)


def test_store_database_errors_become_store_errors(store: Store) -> None:
    with pytest.raises(StoreError, match="no story 42"), store.atomic() as conn:
        store.set_story(conn, [1], 42)
    with store.atomic() as conn:
        (r,) = store.add_articles(conn, [art(1)])
    with pytest.raises(StoreError, match="no article 77"), store.atomic() as conn:
        store.link_duplicate(conn, r.id or 0, 77, 0.9)
    with pytest.raises(StoreError, match=r"\[E400\].*failed"), store.atomic() as conn:
        conn.execute(text("INSERT INTO no_such_table VALUES (1)"))


CRASH_SCRIPT = textwrap.dedent("""
    import sys, time
    from newsprism.store import Store, StoredArticle, content_hash

    url, n_batches, size, stall = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

    def item(i):
        text = f"Item {i}: " + " ".join(f"word{(i * 7 + k) % 997}" for k in range(300))
        return StoredArticle(content_hash=content_hash(text), doc_id=f"d{i}", source=f"feed:{i}",
                             url=f"https://x.example/{i}", outlet="X", title=f"Title {i}",
                             published="2025-05-16", published_time=None, author=None,
                             language="en", text=text, source_text=text, format="feed",
                             evidence={}, features=bytes(64))

    added = exists = 0
    with Store.open(url) as store:
        for b in range(n_batches):
            with store.atomic() as conn:
                res = store.add_articles(conn, [item(b * size + j) for j in range(size)])
                new = [r.id for r in res if r.status == "added"]
                added += len(new)
                exists += len(res) - len(new)
                if new:  # one story per batch, made only with what this run added
                    sid = store.new_story(conn, title=f"batch {b}", first="2025-05-16",
                                          last="2025-05-16", state=b"state")
                    store.set_story(conn, new, sid)
                if b == stall:
                    print("stalled", b, flush=True)
                    time.sleep(120)
            print("committed", b, flush=True)
    print("done", added, exists, flush=True)
""")


@pytest.mark.parametrize("stall", [True, False], ids=["inside-transaction", "while-running"])
def test_store_crash_mid_batch_is_consistent(db_url: str, tmp_path: Path, stall: bool) -> None:
    script = tmp_path / "ingest.py"
    script.write_text(CRASH_SCRIPT)
    n_batches, size, kill_at = 8, 150, 3
    with Store.open(db_url):
        pass  # migrations done up front: the child's first batch starts at once

    def run(stall_at: int) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, str(script), db_url, str(n_batches), str(size),
                                 str(stall_at)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)

    child = run(kill_at if stall else -1)
    assert child.stdout is not None
    wanted = f"stalled {kill_at}" if stall else f"committed {kill_at - 1}"
    seen: list[str] = []
    for line in child.stdout:
        seen.append(line.strip())
        if line.strip() == wanted:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, (seen, child.stderr.read() if child.stderr else "")

    if not db_url.startswith("postgresql"):
        con = sqlite3.connect(db_url)
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        con.close()
    with Store.open(db_url) as s:
        c = s.counts()
        n = c["articles"]
        assert n % size == 0, f"a torn batch: {n} articles"
        batches = n // size
        assert (batches == kill_at) if stall else (kill_at <= batches < n_batches)
        assert c["stories"] == batches
        assert all(st.n_articles == size for st in s.stories(limit=100))
        ids = [a.doc_id for st in s.stories(limit=100) for a in s.story_articles(st.id)]
        assert sorted(ids) == sorted(f"d{i}" for i in range(batches * size))  # whole, earliest batches

    again = run(-1)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert out.strip().splitlines()[-1] == f"done {(n_batches - batches) * size} {batches * size}"
    with Store.open(db_url) as s:
        assert s.counts() == {"articles": n_batches * size, "revisions": 0, "duplicates": 0,
                              "stories": n_batches}
        ids = [a.doc_id for st in s.stories(limit=100) for a in s.story_articles(st.id)]
        assert sorted(ids) == sorted(f"d{i}" for i in range(n_batches * size))


# --- search ----------------------------------------------------------------------------------
def test_store_search_finds_and_ranks(store: Store) -> None:
    items = [
        art(1, "The harbour of Odesa reopened. Grain ships left the harbour at dawn; "
               "the harbour master said more would follow.", title="Harbour reopens"),
        art(2, "Officials met in Istanbul. Later the talks turned to the harbour.", title="Talks go on"),
        art(3, "Nothing about ports here: a story on elections.", title="Elections"),
    ]
    with store.atomic() as conn:
        ids = [r.id for r in store.add_articles(conn, items)]
    hits = store.search("harbour")
    assert [h.article_id for h in hits] == [ids[0], ids[1]]  # title + many mentions first
    assert hits[0].rank > hits[1].rank
    assert hits[0].title == "Harbour reopens" and hits[0].outlet == "Outlet A"
    assert "[harbour]" in hits[1].snippet.lower()
    assert [h.article_id for h in store.search("elections")] == [ids[2]]  # a word of the title
    assert [h.article_id for h in store.search("election")] == [ids[2]]  # stemmed
    assert [h.article_id for h in store.search("Istanbul talks")] == [ids[1]]  # all words
    assert store.search("Istanbul elections") == []
    assert [h.article_id for h in store.search('harbour*) "')] == [ids[0], ids[1]]  # punctuation
    assert store.search('"harbour" OR (NEAR*') == []  # operators are plain words, never errors
    assert store.search("  ...  ") == []
    assert len(store.search("harbour", limit=1)) == 1


def _match_params(store: Store) -> list[str]:
    """The full-text query strings the store sends to the database, recorded as they go."""
    sent: list[str] = []

    def record(conn, cursor, statement, params, context, many) -> None:  # type: ignore[no-untyped-def]
        if "MATCH" in statement or "tsquery" in statement:
            values = params.values() if isinstance(params, dict) else params
            sent.extend(v for v in values if isinstance(v, str))

    event.listen(store._engine, "before_cursor_execute", record)
    return sent


def test_store_search_sends_each_word_once(store: Store) -> None:
    """A word repeated in a query is searched once (issue 21: "court" 3,200 times kept SQLite's
    MATCH busy for 76 s); spellings the index cannot tell apart (case, accents) are one word."""
    with store.atomic() as conn:
        ids = [r.id for r in store.add_articles(conn, [
            art(1, "The court heard the appeal in the harbour case.", title="Court"),
            art(2, "A café by the harbour reopened.", title="Cafe")])]
    sent = _match_params(store)
    repeated = " ".join(["court", "Court", "COURT"] * 50) + " harbour court"
    assert [h.article_id for h in store.search(repeated)] == [ids[0]]
    assert store.stories(query=repeated) == []  # (no stories yet; the query runs)
    assert [h.article_id for h in store.search("Café cafe CAFE harbour")] == [ids[1]]
    # the words PostgreSQL leaves out ("the", "in", "by") are left out on SQLite too
    assert [h.article_id for h in store.search("the café by the harbour")] == [ids[1]]
    queries = sorted({q.lower().replace('"', "") for q in sent})
    assert queries == ["café harbour", "court harbour"], sent
    with pytest.raises(QueryError, match=r"only words too common to search for \(The, Who\)"):
        store.search("The Who")


def test_store_search_ranks_the_newest_matches_only_past_a_bound(store: Store,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A query matching more than RANK_MAX articles ranks (and `stories --query` lists the
    stories of) the RANK_MAX most recently stored: ranking every article of a large store for a
    word they all hold takes seconds."""
    from newsprism.store import backends

    with store.atomic() as conn:
        ids = [r.id for r in store.add_articles(conn, [
            art(1, "The harbour, the harbour, the harbour: the harbour reopened.", title="Harbour"),
            *(art(n, f"Report {n} mentions the harbour once.") for n in range(2, 6))])]
        sids = [store.new_story(conn, title=None, first=None, last=None, state=None) for _ in ids]
        for aid, sid in zip(ids, sids, strict=True):
            store.set_story(conn, [aid or 0], sid)
    assert store.search("harbour")[0].article_id == ids[0]  # the best match, when all are ranked
    assert len(store.stories(query="harbour")) == 5
    monkeypatch.setattr(backends, "RANK_MAX", 2)
    assert sorted(h.article_id for h in store.search("harbour")) == sorted(ids[-2:])
    assert sorted(r.id for r in store.stories(query="harbour")) == sorted(sids[-2:])


def test_store_search_refuses_runaway_queries(store: Store) -> None:
    """Too long a query, or one of too many different words, is a QueryError naming the limit,
    raised before the database is asked (search and `stories --query` alike)."""
    from newsprism.store.backends import MAX_QUERY_CHARS, MAX_QUERY_TERMS

    sent = _match_params(store)
    long = " ".join(["court"] * 3200)
    many = " ".join(f"word{i}" for i in range(MAX_QUERY_TERMS + 1))
    for query, said in ((long, f"{len(long):,} characters: at most {MAX_QUERY_CHARS:,}"),
                        (many, f"{MAX_QUERY_TERMS + 1} different words: at most {MAX_QUERY_TERMS}")):
        for run in (store.search, lambda q: store.stories(query=q)):
            with pytest.raises(QueryError, match=said) as err:
                run(query)
            assert err.value.code == "E301"
    assert sent == []
    fits = " ".join(f"word{i}" for i in range(MAX_QUERY_TERMS)) + " word0" * 20 + " the of and"
    assert store.search(fits) == []  # at the limit once repeats and common words are dropped: searched


# --- stories ---------------------------------------------------------------------------------
def test_store_stories_lifecycle(store: Store) -> None:
    with store.atomic() as conn:
        ids = [r.id or 0 for r in store.add_articles(conn, [
            art(1, "Floods hit the valley.", outlet="Outlet A", published="2025-05-10"),
            art(2, "The valley floods spread.", outlet="Outlet B", published="2025-05-11"),
            art(3, "Budget vote delayed.", outlet="Outlet C", published="2025-05-12"),
            art(4, "Budget passes after delay.", outlet="Outlet A", published="2025-05-14"),
        ])]
        floods = store.new_story(conn, title="Floods", first="2025-05-10", last="2025-05-11", state=b"f1")
        budget = store.new_story(conn, title="Budget", first="2025-05-12", last="2025-05-12", state=b"b1")
        vote = store.new_story(conn, title=None, first="2025-05-14", last="2025-05-14", state=None)
        store.set_story(conn, ids[:2], floods)
        store.set_story(conn, [ids[2]], budget)
        store.set_story(conn, [ids[3]], vote)
        store.update_story(conn, floods, state=b"f2")
    listed = store.stories()
    assert [s.id for s in listed] == [vote, budget, floods]  # newest last day first
    fl = listed[2]
    assert (fl.title, fl.first, fl.last, fl.n_articles) == ("Floods", "2025-05-10", "2025-05-11", 2)
    assert fl.outlets == ("Outlet A", "Outlet B") and fl.articles == tuple(ids[:2])
    assert [s.id for s in store.stories(since="2025-05-12")] == [vote, budget]
    assert [s.id for s in store.stories(since=date(2025, 5, 12))] == [vote, budget]
    assert len(store.stories(since="2025-05")) == 3 and store.stories(since="2026") == []
    with pytest.raises(ConfigError, match="'May 12' is not a date"):
        store.stories(since="May 12")
    assert [s.id for s in store.stories(query="valley")] == [floods]
    assert [s.id for s in store.stories(query="budget")] == [vote, budget]
    assert [s.id for s in store.stories(query="budget", since="2025-05-13")] == [vote]
    assert store.stories(query="volcano") == []
    assert len(store.stories(limit=1)) == 1
    assert [s.id for s in store.stories(min_articles=2)] == [floods]

    with store.atomic() as conn:
        store.merge_stories(conn, budget, vote)
        store.update_story(conn, budget, title="Budget vote", state=b"b2")
    listed = store.stories()
    assert [s.id for s in listed] == [budget, floods]
    b = listed[0]
    assert (b.title, b.first, b.last, b.n_articles) == ("Budget vote", "2025-05-12", "2025-05-14", 2)
    assert b.outlets == ("Outlet A", "Outlet C") and b.articles == (ids[2], ids[3])
    assert store.article(ids[3]).story_id == budget
    assert store.counts()["stories"] == 2
    # an id from yesterday's list says where its articles went
    assert (store.story_fate(vote), store.story_fate(budget), store.story_fate(10**6)) == (
        (True, budget), (True, None), (False, None))
    assert store.recent_story_states(None, 10) == [(budget, b"b2", "2025-05-14"), (floods, b"f2", "2025-05-11")]
    assert store.recent_story_states("2025-05-12", 10) == [(budget, b"b2", "2025-05-14")]
    assert store.recent_story_states(None, 1) == [(budget, b"b2", "2025-05-14")]

    with pytest.raises(StoreError, match="merged into"), store.atomic() as conn:
        store.set_story(conn, [ids[0]], vote)
    with pytest.raises(ValueError, match="itself"), store.atomic() as conn:
        store.merge_stories(conn, floods, floods)
    # moving an article recounts both stories
    with store.atomic() as conn:
        store.set_story(conn, [ids[1]], budget)
    counts = {s.id: s.n_articles for s in store.stories()}
    assert counts == {budget: 3, floods: 1}
    with store.atomic() as conn:
        store.update_story(conn, floods, n_articles=9)
    assert {s.id: s.n_articles for s in store.stories()}[floods] == 9
    with store.atomic() as conn:  # a chain of merges ends at the live story
        store.merge_stories(conn, floods, budget)
    assert store.story_fate(vote) == (True, floods) and store.story_fate(budget) == (True, floods)


def test_store_duplicates_in_story_articles(store: Store) -> None:
    wire = "Heavy rain closed schools across the region on Thursday, officials said."
    with store.atomic() as conn:
        orig, copy, own = (r.id or 0 for r in store.add_articles(conn, [
            art(1, wire, outlet="Wire", published="2025-05-15"),
            art(2, wire + " Reporting by the Wire.", outlet="Local Paper", published="2025-05-16"),
            art(3, "Our reporter visited a closed school.", outlet="Gazette", published="2025-05-16"),
        ]))
        sid = store.new_story(conn, title="Rain", first="2025-05-15", last="2025-05-16", state=None)
        store.set_story(conn, [orig, copy, own], sid)
        store.link_duplicate(conn, copy, orig, 0.93)
        with pytest.raises(ValueError, match="itself"):
            store.link_duplicate(conn, orig, orig, 1.0)
    rows = store.story_articles(sid)
    assert [r.id for r in rows] == [orig, copy, own]
    by_id = {r.id: r for r in rows}
    assert by_id[copy].duplicate_of == orig and by_id[copy].duplicate_similarity == pytest.approx(0.93)
    assert by_id[orig].duplicate_of is None and by_id[own].duplicate_of is None
    assert store.counts()["duplicates"] == 1


def test_store_known_hashes_and_recent_features(store: Store) -> None:
    items = [art(1, published="2025-05-01", features=b"a"), art(2, published="2025-05-03", features=b"b"),
             art(3, published="2025-05-02", features=None)]
    with store.atomic() as conn:
        ids = [r.id for r in store.add_articles(conn, items)]
    assert store.known_hashes([items[2].content_hash, content_hash("new"), items[0].content_hash]) == {
        items[0].content_hash, items[2].content_hash}
    assert store.known_hashes([]) == set()
    with store.atomic() as conn:
        sid = store.new_story(conn, title=None, first=None, last=None, state=None)
        store.set_story(conn, [ids[0]], sid)
    assert store.recent_features(10) == [(ids[1], b"b", None), (ids[0], b"a", sid)]  # latest ingested first
    assert store.recent_features(1) == [(ids[1], b"b", None)]
    assert store.recent_features(10, since="2025-05-02") == [(ids[1], b"b", None)]


def test_store_features_rewrite_is_whole_or_not_at_all(store: Store) -> None:
    """What a features upgrade (corpus.upgrade_features) writes: new blobs, counts and states,
    in one transaction; a failure leaves the old ones."""
    items = [art(1, features=b"a1"), art(2, features=b"b1"), art(3, features=None)]
    with store.atomic() as conn:
        ids = [r.id for r in store.add_articles(conn, items)]
        sid = store.new_story(conn, title=None, first=None, last=None, state=b"old state")
        store.add_term_counts(conn, 2, {5: 2})
    assert store.newest_features() == b"b1"
    with store.atomic() as conn:
        assert [r.id for r in store.current_with_features(conn, 0, 10)] == ids[:2]  # no features: left out
        assert [r.id for r in store.current_with_features(conn, ids[0], 10)] == ids[1:2]
    with pytest.raises(RuntimeError, match="boom"), store.atomic() as conn:
        store.set_features(conn, [(ids[0], b"a2"), (ids[1], b"b2")])
        store.clear_term_counts(conn)
        store.clear_story_states(conn)
        raise RuntimeError("boom")
    assert [r.features for r in store.articles(ids)] == [b"a1", b"b1", None]
    assert store.term_counts() == (2, {5: 2}) and store.recent_story_states(None, 5)[0][1] == b"old state"
    with store.atomic() as conn:
        store.set_features(conn, [(ids[0], b"a2"), (ids[1], b"b2")])
        store.clear_term_counts(conn)
        store.add_term_counts(conn, 2, {6: 1})
        store.clear_story_states(conn)
        store.update_story(conn, sid, state=b"new state")
    assert [r.features for r in store.articles(ids)] == [b"a2", b"b2", None]
    assert store.term_counts() == (2, {6: 1}) and store.recent_story_states(None, 5)[0][1] == b"new state"


def test_store_respan_follows_the_articles_that_stay(store: Store) -> None:
    items = [art(1, published="2025-05-01", title="First"), art(2, published="2025-05-03", title="Second"),
             art(3, published="2025-05-02", title="Third")]
    with store.atomic() as conn:
        ids = [r.id for r in store.add_articles(conn, items)]
        a = store.new_story(conn, title="First", first="2025-05-01", last="2025-05-03", state=None)
        b = store.new_story(conn, title=None, first=None, last=None, state=None)
        store.set_story(conn, ids, a)
    with store.atomic() as conn:  # the first article moves to story b
        store.set_story(conn, [ids[0]], b)
        store.respan(conn, [a, b])
    rows = {r.id: r for r in store.stories()}
    assert (rows[a].title, rows[a].first, rows[a].last, rows[a].n_articles) == ("Second", "2025-05-02", "2025-05-03", 2)
    assert (rows[b].title, rows[b].first, rows[b].last, rows[b].n_articles) == ("First", "2025-05-01", "2025-05-01", 1)


def test_store_update_story_days_widen_span(store: Store) -> None:
    with store.atomic() as conn:
        sid = store.new_story(conn, title="T", first=None, last=None, state=None)
        store.update_story(conn, sid, days=["2025-05-10"])
        store.update_story(conn, sid, days=["2025-05-09", "2025-05-08", ""])
        store.update_story(conn, sid, days=["2025-05-12"], state=b"s")
        store.update_story(conn, sid, days=["2025-05-09", "2025-05-11"])
    (row,) = store.stories()
    assert (row.first, row.last) == ("2025-05-08", "2025-05-12")
    assert store.recent_story_states(None, 5) == [(sid, b"s", "2025-05-12")]


# --- errors when opening --------------------------------------------------------------------------
def test_store_term_counts_add_up_per_batch_and_roll_back_with_it(store: Store) -> None:
    assert store.term_counts() == (0, {})
    big = 4_000_000_000  # term ids are unsigned 32-bit
    with store.atomic() as conn:
        store.add_term_counts(conn, 3, {7: 3, big: 1})
    with store.atomic() as conn:
        store.add_term_counts(conn, 2, {7: 1, 9: 2})
        store.add_term_counts(conn, 0, {})  # nothing to add: no statement
    assert store.term_counts() == (5, {7: 4, 9: 2, big: 1})
    with pytest.raises(RuntimeError, match="boom"), store.atomic() as conn:
        store.add_term_counts(conn, 10, {7: 10, 11: 1})
        raise RuntimeError("boom")
    assert store.term_counts() == (5, {7: 4, 9: 2, big: 1})  # the failed batch's counts are gone with it


def test_store_error_for_a_non_database_file(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match=r"notes\.db is not a newsprism database") as err:
        Store.open(junk)
    assert err.value.code == "E400"
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE articles (x)")
    con.close()
    with pytest.raises(StoreError, match=r"other\.db is not a newsprism database.*articles"):
        Store.open(other)


def test_store_error_for_unreachable_postgres() -> None:
    port = _free_port()  # nothing listens there
    with pytest.raises(StoreError, match=f"cannot connect to PostgreSQL at 127.0.0.1:{port}") as err:
        Store.open(f"postgresql://someone:secret@127.0.0.1:{port}/news")
    assert "secret" not in str(err.value)


# --- property: what goes in comes out ---------------------------------------------------------
_txt = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=200)
_opt = st.none() | _txt


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_txt, title=_opt, url=_opt, outlet=_opt, author=_opt,
       evidence=st.dictionaries(st.text(max_size=10), st.text(max_size=30), max_size=4),
       features=st.none() | st.binary(max_size=64))
def test_store_round_trip_property(tmp_path_factory: pytest.TempPathFactory, body: str,
                                   title: str | None, url: str | None, outlet: str | None,
                                   author: str | None, evidence: dict[str, str],
                                   features: bytes | None) -> None:
    a = StoredArticle(content_hash=content_hash(body), doc_id="d", source="s", url=url, outlet=outlet,
                      title=title, published="2025-05-16", published_time=None, author=author,
                      language=None, text=body, source_text=body + "\n", format="text",
                      evidence=evidence, features=features)
    with Store.open(tmp_path_factory.mktemp("prop") / "p.db") as s:
        with s.atomic() as conn:
            (r,) = s.add_articles(conn, [a])
        assert s.article(r.id or 0).stored() == a
