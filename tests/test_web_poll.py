"""The feed poller of `newsprism serve --feeds FILE --every 15m` (issue 23), against a local
HTTP server that serves RSS feeds and the article pages they link to (never the network)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from newsprism.errors import ConfigError
from newsprism.store import Store
from newsprism.web.poll import Poller, parse_every, read_feeds_file

# --- a small news site: articles written for these tests ------------------------------------

BRIDGE = [
    ("kestrel-closed", "Kestrel Bridge closed after barge strikes pier", "2025-06-10",
     "Harbour Herald",
     ["PORT ALDER — The Kestrel Bridge was closed to all traffic on Tuesday after the cargo barge "
      "Northern Star struck one of its central piers in heavy fog, Mayor Elena Varga said.",
      "Engineers from the regional transport authority were inspecting the damaged pier on Tuesday "
      "afternoon. Varga told reporters that the bridge would stay closed until the inspectors "
      "decided it was safe, which could take several days.",
      "The coast guard said the barge, loaded with gravel, had lost steering shortly before the "
      "collision. Its crew of six was unhurt, and no vehicles were on the span at the time.",
      "Commuters faced long detours through the north tunnel. The ferry operator Alder Lines said it "
      "would add extra crossings between the two harbour terminals while the bridge is shut."]),
    ("barge-collision", "Fog blamed as barge hits Kestrel Bridge in Port Alder", "2025-06-10",
     "Coastal Daily",
     ["A barge carrying gravel crashed into a pier of the Kestrel Bridge in Port Alder early on "
      "Tuesday, forcing the city to close the crossing, officials said.",
      "Mayor Elena Varga said the Northern Star lost steering in thick fog minutes before it hit "
      "the pier. \"Nobody was hurt, and that is what matters most today,\" Varga said.",
      "The coast guard opened an investigation into the collision. Inspectors from the transport "
      "authority began checking the pier for cracks on Tuesday afternoon.",
      "Alder Lines, which runs the harbour ferry, promised extra crossings for commuters while the "
      "bridge remains closed and drivers use the north tunnel instead."]),
    ("wheat-harvest", "Prairie wheat harvest set for a record year", "2025-06-09", "Farm Ledger",
     ["Farmers across the northern prairie expect their largest wheat harvest in a decade after a "
      "wet spring and a warm start to summer, the growers' cooperative said on Monday.",
      "The cooperative raised its forecast to 41 million tonnes, up from 36 million a year ago. "
      "Grain prices on the exchange in Winnipeg fell slightly after the announcement.",
      "Storage could become a problem, the cooperative warned, because many elevators are still "
      "holding last year's crop. Rail operators said they would add grain trains in August.",
      "Agronomists cautioned that a dry July could still cut yields in the western districts."]),
]
LATER = ("kestrel-reopens", "Kestrel Bridge to reopen after inspection of damaged pier", "2025-06-12",
         "Harbour Herald",
         ["PORT ALDER — The Kestrel Bridge will reopen to cars on Friday, three days after the barge "
          "Northern Star struck one of its piers in fog, Mayor Elena Varga said on Thursday.",
          "Inspectors from the transport authority found no cracks in the damaged pier of the Kestrel "
          "Bridge, Varga said, though lorries will be kept off the span for another week.",
          "The coast guard is still investigating why the gravel barge lost steering. Alder Lines "
          "will end its extra ferry crossings between the harbour terminals on Saturday.",
          "Commuters who used the north tunnel during the closure said the detour had added up to an "
          "hour to their journeys across Port Alder."])
# a sentence only the article pages hold, not the feed's short descriptions
PAGE_ONLY = "Its crew of six was unhurt"


def page(title: str, day: str, outlet: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} | {escape(outlet)}</title>
<meta property="og:title" content="{escape(title)}">
<meta property="og:site_name" content="{escape(outlet)}">
<meta property="article:published_time" content="{day}T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{escape(title)}</h1>
{body}</article>
<footer>Copyright {escape(outlet)}. All rights reserved.</footer></body></html>""".encode()


def rss(base: str, items: list[tuple[str, str, str, str, list[str]]]) -> bytes:
    entries = "".join(f"""
  <item>
    <title>{escape(title)}</title>
    <link>{base}/news/{slug}.html</link>
    <guid isPermaLink="false">{slug}</guid>
    <pubDate>{time.strftime('%a, %d %b %Y 08:00:00 +0000', time.strptime(day, '%Y-%m-%d'))}</pubDate>
    <description>{escape(paras[0])}</description>
  </item>""" for slug, title, day, _, paras in items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test News</title><link>{base}/</link>
<language>en</language>{entries}
</channel></rss>""".encode()


@dataclass
class Site:
    """The routes a local HTTP server answers, changed by the tests as they go."""

    base: str = ""
    routes: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    delay: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def serve_feed(self, path: str, items: list[tuple[str, str, str, str, list[str]]]) -> str:
        for slug, title, day, outlet, paras in items:
            self.routes[f"/news/{slug}.html"] = (200, "text/html; charset=utf-8", page(title, day, outlet, paras))
        self.routes[path] = (200, "application/rss+xml", rss(self.base, items))
        return self.url(path)

    def page_hits(self) -> int:
        with self.lock:
            return sum(n for p, n in self.hits.items() if p.startswith("/news/"))


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            with s.lock:
                s.hits[self.path] = s.hits.get(self.path, 0) + 1
            time.sleep(s.delay.get(self.path, 0.0))
            status, ctype, body = s.routes.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield s
    server.shutdown()
    server.server_close()


def poller(db: Path, feeds: list[str], fetch: bool = True, every_s: float = 3600, **kw: object) -> Poller:
    return Poller(str(db), feeds, every_s, fetch, embed=False, **kw)  # type: ignore[arg-type]


def stored(db: Path) -> list:
    with Store.open(str(db), create=False) as store:
        ids = [i for s in store.stories(limit=1000) for i in s.articles]
        return store.articles(sorted(ids))


# --- settings -------------------------------------------------------------------------------

def test_parse_every_reads_durations() -> None:
    assert parse_every("15m") == 900
    assert parse_every("1h") == 3600
    assert parse_every("30s") == 30
    assert parse_every("90") == 90
    assert parse_every(" 1.5h ") == 5400
    assert parse_every("2d") == 172800
    for bad in ("", "soon", "15x", "-5m", "0", "0s", "1h30m", "m"):
        with pytest.raises(ValueError, match="--every"):
            parse_every(bad)
    with pytest.raises(ValueError, match="more than 0"):
        parse_every("0m")


def test_read_feeds_file(tmp_path: Path) -> None:
    f = tmp_path / "feeds.txt"
    f.write_text("# morning reading\n\nhttps://a.example/rss\n  http://b.example/feed.xml  \n"
                 "# https://commented.example/out\nhttps://a.example/rss\n", encoding="utf-8")
    assert read_feeds_file(f) == ["https://a.example/rss", "http://b.example/feed.xml"]

    f.write_text("https://a.example/rss\n\nftp://files.example/feed.xml\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        read_feeds_file(f)
    assert str(f) in err.value.message and "line 3" in err.value.message
    assert "ftp://files.example/feed.xml" in err.value.message

    f.write_text("feeds/local.xml\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 1.*not an http"):
        read_feeds_file(f)
    f.write_text("# nothing yet\n\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="lists no feed URL"):
        read_feeds_file(f)
    with pytest.raises(ConfigError, match="no such file"):
        read_feeds_file(tmp_path / "missing.txt")


# --- polling --------------------------------------------------------------------------------

def test_polls_ingest_new_entries_once_with_full_articles(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    feed = site.serve_feed("/rss.xml", BRIDGE)
    p = poller(db, [feed], fetch=True)

    first = p.poll_once()
    assert first["errors"] == {}
    assert first["added"] == 3 and first["feeds"][feed]["entries"] == 3
    assert first["feeds"][feed]["added"] == 3
    rows = stored(db)
    assert len(rows) == 3
    # full article text from the pages, not the feed's one-sentence descriptions
    herald = next(r for r in rows if r.title == BRIDGE[0][1])
    assert PAGE_ONLY in herald.text and "Alder Lines" in herald.text
    assert herald.evidence.get("body", "").startswith("full article")
    assert "Copyright" not in herald.text
    # the two bridge reports are one story, the harvest another; the report names them
    bridge_story = herald.story_id
    assert next(r for r in rows if r.title == BRIDGE[1][1]).story_id == bridge_story
    assert next(r for r in rows if r.title == BRIDGE[2][1]).story_id != bridge_story
    assert set(first["stories"]) == {r.story_id for r in rows}
    assert {a["title"] for a in first["articles"]} == {t for _, t, _, _, _ in BRIDGE}
    assert site.page_hits() == 3

    second = p.poll_once()
    assert second["errors"] == {}
    assert second["added"] == 0 and second["known"] == 3 and second["stories"] == []
    assert site.page_hits() == 3  # nothing fetched again
    assert len(stored(db)) == 3

    site.serve_feed("/rss.xml", [LATER, *BRIDGE])  # a new item on top of the feed
    third = p.poll_once()
    assert third["added"] == 1 and third["known"] == 3
    assert site.hits["/news/kestrel-reopens.html"] == 1 and site.page_hits() == 4
    later = next(r for r in stored(db) if r.title == LATER[1])
    assert "no cracks" in later.text
    assert third["stories"] == [later.story_id] == [bridge_story]  # it joined the bridge story
    assert third["articles"][0]["title"] == LATER[1]

    status = p.status()
    assert status["polls"] == 3 and status["last_report"] == third and status["errors"] == {}
    assert status["running"] is False and status["next_poll"] is None


def test_a_fresh_poller_stores_nothing_twice(site: Site, tmp_path: Path) -> None:
    """A restarted server polls everything again: the store already holds it."""
    db = tmp_path / "news.db"
    feed = site.serve_feed("/rss.xml", BRIDGE[:2])
    assert poller(db, [feed]).poll_once()["added"] == 2
    again = poller(db, [feed]).poll_once()
    assert again["added"] == 0 and again["exists"] == 2 and again["errors"] == {}
    assert len(stored(db)) == 2


def test_without_fetching_the_feed_text_is_stored(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    feed = site.serve_feed("/rss.xml", BRIDGE)
    report = poller(db, [feed], fetch=False).poll_once()
    assert report["added"] == 3 and site.page_hits() == 0
    herald = next(r for r in stored(db) if r.title == BRIDGE[0][1])
    assert PAGE_ONLY not in herald.text and "Kestrel Bridge was closed" in herald.text
    assert "fetching is off" in herald.evidence["body"]


def test_bad_feeds_are_errors_and_the_others_still_work(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    good = site.serve_feed("/rss.xml", BRIDGE[:2])
    site.routes["/broken"] = (500, "text/plain", b"Internal Server Error")
    site.routes["/garbage"] = (200, "application/rss+xml", b"\x00\x01<<<this is not a feed>>> \xff\xfe")
    site.routes["/html"] = (200, "text/html", b"<html><body><p>Just a page.</p></body></html>")
    gone = "http://127.0.0.1:9/feed.xml"  # nothing listens on the discard port
    feeds = [site.url("/broken"), site.url("/garbage"), good, site.url("/html"), gone, site.url("/missing")]
    p = poller(db, feeds, every_s=3600)
    p.start()
    try:
        deadline = time.monotonic() + 60
        while p.status()["polls"] < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        status = p.status()
    finally:
        p.stop()
    report = status["last_report"]
    assert report["added"] == 2 and report["feeds"][good]["error"] is None
    errors = report["errors"]
    assert set(errors) == set(feeds) - {good}
    assert "HTTP 500" in errors[site.url("/broken")]
    assert "HTTP 404" in errors[site.url("/missing")]
    assert "feed" in errors[site.url("/garbage")].lower()
    assert "not an RSS or Atom feed" in errors[site.url("/html")] or "broken feed" in errors[site.url("/html")]
    assert "cannot download" in errors[gone] or "ConnectError" in errors[gone]
    assert set(status["errors"]) == set(errors)
    assert status["errors"][site.url("/broken")]["failures"] == 1
    assert status["last_poll"].endswith("Z") and status["next_poll"] is not None

    # a feed that recovers is no longer listed; one still failing counts its failures
    site.serve_feed("/broken", BRIDGE[2:])
    again = p.poll_once()
    assert site.url("/broken") not in again["errors"] and again["added"] == 1
    assert site.url("/broken") not in p.status()["errors"]
    assert p.status()["errors"][site.url("/garbage")]["failures"] == 2


def test_start_polls_at_once_then_every_interval_and_stop_is_prompt(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    feed = site.serve_feed("/rss.xml", BRIDGE[:1])
    p = poller(db, [feed], every_s=0.3)
    p.start()
    try:
        deadline = time.monotonic() + 60
        while p.status()["polls"] < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        status = p.status()
        assert status["polls"] >= 3 and status["running"]
        assert status["last_report"]["known"] == 1  # later polls found nothing new
    finally:
        t = time.monotonic()
        p.stop()
        assert time.monotonic() - t < 1.0
    assert not p.status()["running"]
    assert len(stored(db)) == 1


def test_stop_returns_within_a_second_during_a_slow_poll(site: Site, tmp_path: Path) -> None:
    feed = site.serve_feed("/rss.xml", BRIDGE)
    site.delay["/rss.xml"] = 2.0
    p = poller(tmp_path / "news.db", [feed, feed + "?again"], every_s=0.1)
    p.start()
    deadline = time.monotonic() + 5
    while site.hits.get("/rss.xml", 0) < 1 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert p.status()["polling"]
    t = time.monotonic()
    p.stop()
    assert time.monotonic() - t < 1.0
    assert not p.status()["running"]
    time.sleep(2.5)  # the slow download ends; the poll stops before the next feed and the ingest
    report = p.status()["last_report"]
    assert report is not None and report["added"] == 0
    assert "stopped" in report["errors"].get(feed + "?again", "")
    assert not (tmp_path / "news.db").exists()


def test_a_busy_store_waits_then_is_reported_and_retried(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    feed = site.serve_feed("/rss.xml", BRIDGE[:2])
    p = poller(db, [feed], lock_wait_s=0.5)
    assert p.poll_once()["added"] == 2
    site.serve_feed("/rss.xml", [LATER, *BRIDGE[:2]])
    with Store.open(str(db)) as store, store.ingest_lock():  # another ingest is writing
        busy = p.poll_once()
    assert "another `newsprism ingest`" in busy["errors"]["store"]
    assert "tried again on the next poll" in busy["errors"]["store"]
    assert busy["added"] == 0
    retried = p.poll_once()  # the entry was not marked as done
    assert retried["errors"] == {} and retried["added"] == 1


def test_poller_refuses_a_bad_interval(tmp_path: Path) -> None:
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="more than 0"):
            Poller(str(tmp_path / "n.db"), [], bad, False)
