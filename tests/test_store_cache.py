"""The store's analysis cache and the reads the web app's pages need (issue 23), on SQLite and
PostgreSQL: a story's analysis is kept under a key that changes with its articles; stories are
paged, counted and filtered by a date range; revisions and copies of an article are found."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from newsprism.errors import ConfigError, StoreError
from newsprism.store import MIGRATIONS, CachedAnalysis, Store

from .test_store import art, db_url, pg_server, store  # noqa: F401  (fixtures)


def _story(s: Store, ids: list[int], *, title: str = "Harbour", first: str | None = "2025-05-16",
           last: str | None = "2025-05-16") -> int:
    with s.atomic() as conn:
        sid = s.new_story(conn, title=title, first=first, last=last, state=None)
        s.set_story(conn, ids, sid)
    return sid


def _add(s: Store, *items: Any) -> list[int]:
    with s.atomic() as conn:
        return [r.id or 0 for r in s.add_articles(conn, list(items))]


def test_store_cache_migration_is_recorded(db_url: str) -> None:  # noqa: F811
    with Store.open(db_url) as s:
        names = [m for m, _ in s.migrations()]
    assert names == [m for m, _ in MIGRATIONS] and names[-1] == "0004_analysis_cache"


def test_store_cache_upgrades_a_store_written_before_it(tmp_path: Path) -> None:
    """A store of the previous version (no cache table, its migration not recorded) gets the
    table when a writer opens it, keeping its articles; a reader says it needs the upgrade."""
    db = tmp_path / "old.db"
    with Store.open(db) as s, s.atomic() as conn:
        s.add_articles(conn, [art(1)])
    con = sqlite3.connect(db)
    con.execute("DROP TABLE analysis_cache")
    con.execute("DELETE FROM migrations WHERE name = '0004_analysis_cache'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="its schema lacks 0004_analysis_cache"):
        Store.open(db, create=False)
    with Store.open(db) as s:
        assert s.counts()["articles"] == 1 and s.cached_analysis(1) is None
        assert [m for m, _ in s.migrations()][-1] == "0004_analysis_cache"


def test_store_cache_put_get_and_replace(store: Store) -> None:  # noqa: F811
    ids = _add(store, art(1), art(2))
    sid = _story(store, ids)
    assert store.cached_analysis(sid) is None
    key = store.story_key(sid)
    assert key is not None and len(key) == 64
    store.put_analysis(sid, "v1/" + key, analysis='{"articles": []}', html="<p>report</p>",
                       articles_html={"doc1": "<p>one</p>"}, seconds=1.5)
    got = store.cached_analysis(sid)
    assert isinstance(got, CachedAnalysis)
    assert (got.key, got.html, got.analysis, got.articles_html) == ("v1/" + key, "<p>report</p>", None, None)
    assert got.computed_at == "2025-05-20T08:00:00Z" and got.seconds == 1.5
    full = store.cached_analysis(sid, parts=("analysis", "html", "articles_html"))
    assert full is not None and full.analysis == '{"articles": []}' and full.articles_html == {"doc1": "<p>one</p>"}
    store.put_analysis(sid, "v2", analysis="{}", html="<p>new</p>", articles_html={}, seconds=2.0)
    again = store.cached_analysis(sid, parts=("html",))
    assert again is not None and (again.key, again.html) == ("v2", "<p>new</p>")
    with pytest.raises(ValueError, match="no part 'text'"):
        store.cached_analysis(sid, parts=("text",))
    with pytest.raises(StoreError, match="no story 999"):
        store.put_analysis(999, "k", analysis="{}", html="", articles_html={}, seconds=0)


def test_store_cache_key_changes_with_the_story_s_articles(store: Store) -> None:  # noqa: F811
    ids = _add(store, art(1), art(2))
    sid = _story(store, ids)
    key = store.story_key(sid)
    assert store.story_key(sid) == key  # stable while nothing changes
    [third] = _add(store, art(3))
    with store.atomic() as conn:
        store.set_story(conn, [third], sid)
    joined = store.story_key(sid)
    assert joined != key
    # a revision (new text under the same URL) replaces its earlier version in the story
    [rev] = _add(store, art(3, "Article number 3, corrected: the harbour reopened on Friday."))
    assert store.article(rev).revision_of == third and store.article(rev).story_id == sid
    revised = store.story_key(sid)
    assert revised not in (key, joined)
    with store.atomic() as conn:  # linked as a copy: analysed with its original, so it counts
        store.link_duplicate(conn, ids[1], ids[0], 0.9)
    assert store.story_key(sid) not in (key, joined, revised)
    empty = _story(store, [], title="Empty")
    assert store.story_key(empty) is None


def test_store_stories_pages_counts_and_date_range(store: Store) -> None:  # noqa: F811
    sids = []
    for n, day in enumerate(("2025-05-01", "2025-05-10", "2025-05-20", "2025-06-02", "2025-06-15")):
        [aid] = _add(store, art(n, f"Report {n} on the harbour strike in port number {n}.", published=day))
        sids.append(_story(store, [aid], title=f"Story {n}", first=day, last=day))
    newest_first = [s.id for s in store.stories(limit=50)]
    assert newest_first == sids[::-1]
    pages = [[s.id for s in store.stories(limit=2, offset=o)] for o in (0, 2, 4)]
    assert pages == [sids[4:2:-1], sids[2:0:-1], sids[:1]]
    assert store.count_stories() == 5
    may = [s.id for s in store.stories(since="2025-05-05", until="2025-05-31")]
    assert may == [sids[2], sids[1]] and store.count_stories(since="2025-05-05", until="2025-05-31") == 2
    assert store.count_stories(until="2025-05") == 1  # a month is the day it starts on
    assert store.count_stories(query="port") == 5 and store.count_stories(query="volcano") == 0
    with pytest.raises(ConfigError, match="until: 'soon' is not a date"):
        store.stories(until="soon")
    with pytest.raises(ValueError, match="order 'random'"):
        store.stories(order="random")


def test_store_stories_by_activity(tmp_path: Path) -> None:
    clock = iter(f"2025-05-20T08:00:{s:02d}Z" for s in range(60))
    with Store.open(tmp_path / "n.db", clock=lambda: next(clock)) as s:
        a, b = (_add(s, art(n, f"Report {n} on the ferry timetable change number {n}."))[0] for n in (1, 2))
        old = _story(s, [a], first="2025-05-10", last="2025-05-10")
        new = _story(s, [b], first="2025-05-01", last="2025-05-01")
        assert [r.id for r in s.stories()] == [old, new]  # by the latest publication day
        assert [r.id for r in s.stories(order="activity")] == [new, old]  # by the latest change
        updated = s.story_updated([old, new])
        assert updated[new] > updated[old]
        [c] = _add(s, art(3, "Report 3 on the ferry timetable: a late change."))
        with s.atomic() as conn:
            s.set_story(conn, [c], old)
        assert [r.id for r in s.stories(order="activity")] == [old, new]


def test_store_revisions_copies_doc_ids_and_hashes(store: Store) -> None:  # noqa: F811
    first, other = _add(store, art(1), art(2, url="https://wire.example/2"))
    [second] = _add(store, art(1, "Article number 1, updated with the minister's statement."))
    [third] = _add(store, art(1, "Article number 1, updated again: the harbour reopens Monday."))
    chain = [r.id for r in store.revisions(second)]
    assert chain == [first, second, third]
    assert [r.id for r in store.revisions(first)] == chain == [r.id for r in store.revisions(third)]
    assert [r.id for r in store.revisions(other)] == [other]
    assert store.revisions(12345) == []
    [copy] = _add(store, art(5, "Article number 2 reports on the harbour reopening (reprint).",
                             url="https://reprint.example/5"))
    with store.atomic() as conn:
        store.link_duplicate(conn, copy, other, 0.93)
    assert [r.id for r in store.copies(other)] == [copy] and store.copies(copy) == []
    assert store.doc_ids([third, other, 777]) == {third: "doc1", other: "doc2"}
    row = store.article(other)
    sid = _story(store, [other])
    assert store.find_hashes([row.content_hash, "f" * 64]) == {row.content_hash: (other, sid)}


def test_store_briefs_and_story_rows(store: Store) -> None:  # noqa: F811
    ids = _add(store, art(1, published="2025-05-17"), art(2, outlet=None, published=None), art(3))
    sid = _story(store, ids[:2], first="2025-05-17", last="2025-05-17")
    briefs = store.story_briefs(sid)
    assert [b.id for b in briefs] == [r.id for r in store.story_articles(sid)] == [ids[0], ids[1]]
    full = store.article(ids[0])
    b = briefs[0]
    assert (b.doc_id, b.title, b.outlet, b.published, b.url, b.story_id, b.source) == (
        full.doc_id, full.title, full.outlet, full.published, full.url, sid, full.source)
    assert [x.id for x in store.briefs([ids[2], 999, ids[0]])] == [ids[2], ids[0]]
    [row] = store.story_rows([sid, 4242])
    assert (row.id, row.title, row.articles, row.outlets, row.unattributed, row.undated) == (
        sid, "Harbour", (ids[0], ids[1]), ("Outlet A",), 1, 1)
