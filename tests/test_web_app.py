"""The web app's pages (`newsprism serve`, issue 23), through FastAPI's test client: the story
list (paging, search, dates, outlets, "new since your last visit"), the story page (the
report's sections, computed once per change of the story's articles and kept), the article
page, adding articles, a hostile article rendered inert, the security headers on every
response, and pages that keep answering while a write holds the store.

Small articles written here make the stores (fast); one test reads ../shared/seeds."""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsprism.corpus import ingest
from newsprism.store import Store
from newsprism.web.app import create_app

FLOOD = [
    {"id": "danube-1", "title": "Floods close Passau's old town", "outlet": "Danube Daily", "published": "2024-06-03",
     "url": "https://danube.example/floods-passau",
     "text": "Floodwaters rose along the Danube in Passau on Monday, and the city closed its old town as the "
             "river crested above nine metres. Mayor Jürgen Dupper said: \"We have never seen water this high.\" "
             "Residents were evacuated from riverside streets."},
    {"id": "bavaria-7", "title": "Passau under water", "outlet": "Bavaria Post", "published": "2024-06-04",
     "text": "The Danube crested above 9 metres in Passau on Monday, flooding the old town. \"We have never seen "
             "the water so high,\" Mayor Jürgen Dupper told reporters. Hundreds of residents left their homes "
             "along the Danube in Passau."},
]
FERRY = [
    {"id": "ferry-1", "title": "Ferry strike halts Baltic crossings", "outlet": "Harbour News", "published": "2024-05-20",
     "text": "Ferry workers in Rostock walked out on Friday, halting crossings to Gedser and Trelleborg. The "
             "union said the strike over pay would last three days. Travellers were told to take the bridge."},
    {"id": "ferry-2", "title": "Rostock ferry crews strike for pay", "outlet": "Coast Times", "published": "2024-05-21",
     "text": "Crossings from Rostock to Gedser and Trelleborg stopped on Friday as ferry crews began a three-day "
             "strike over pay, the union said. Travellers were advised to use the bridge instead."},
]
HOSTILE = {
    "id": "evil<script>", "title": "<script>alert('title')</script> Volcano <img src=x onerror=alert(1)>",
    "outlet": "<b onmouseover=alert(2)>Evil Outlet</b>", "author": "\"><svg onload=alert(3)>",
    "url": "javascript:alert(4)", "published": "2024-04-01",
    "text": "The volcano on Mount Hekla erupted on Sunday <script>alert('text')</script> and ash fell on "
            "Reykjavik. <img src=x onerror=alert(5)> Officials said \"<a href=\"javascript:alert(6)\">flee now</a>\" "
            "to residents near the mountain. <iframe src=\"https://evil.example\"></iframe> Flights were grounded.",
}


def made_up_words(seed: int, n: int = 14) -> str:
    """Words of no language, none shared between two seeds: articles that join no story."""
    combos = list(itertools.product(("ka", "lo", "mi", "ter", "vun", "sa", "pe", "dro", "ni", "gal", "bu", "rek"),
                                    repeat=3))
    return " ".join("".join(combos[(seed * n + k) * 7 % len(combos)]) for k in range(n))


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def story_of(db: str, doc_id: str) -> int:
    with Store.open(db) as s:
        for st in s.stories(limit=1000):
            if doc_id in s.doc_ids(st.articles).values():
                return st.id
    raise AssertionError(f"{doc_id} is in no story")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of two two-article stories and a hostile article."""
    folder = tmp_path_factory.mktemp("web")
    db = str(folder / "news.db")
    ingest([write_jsonl(folder / "in.jsonl", [*FLOOD, *FERRY, HOSTILE])], db, workers=1)
    return db


@pytest.fixture(scope="module")
def client(corpus: str) -> Iterator[TestClient]:
    with TestClient(create_app(corpus)) as c:
        yield c


def wait_fresh(client: TestClient, story_id: int, timeout: float = 180.0) -> dict[str, Any]:
    """Poll the story's status (as its page does) until its analysis is up to date."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        st = client.get(f"/api/stories/{story_id}/status").json()
        assert st["job"]["state"] != "failed", st
        if st["state"] == "fresh":
            return dict(st)
        time.sleep(0.2)
    raise AssertionError(f"story {story_id} was not analysed in {timeout} s")


def inline_scripts(html: str) -> list[str]:
    """<script> elements with a body (the CSP would block them; the pages must have none)."""
    return [m for m in re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S | re.I) if m.strip()]


# --- the story list ------------------------------------------------------------------------------


def test_web_story_list_shows_stories_with_outlets_dates_and_counts(client: TestClient, corpus: str) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    flood = story_of(corpus, "danube-1")
    assert f'href="/stories/{flood}"' in html and "Floods close Passau&#39;s old town" in html
    assert '<span class="badge">Bavaria Post</span><span class="badge">Danube Daily</span>' in html
    assert "2024-06-03 – 06-04" in html and "2 articles" in html
    assert "3 stories" in html and not inline_scripts(html)
    # search box and dates filter the list
    only = client.get("/", params={"q": "ferry"}).text
    assert "Ferry strike" in only and "Passau" not in only.split("<ol", 1)[1]
    june = client.get("/", params={"since": "2024-06-01", "until": "2024-06-30"}).text
    assert "1 story match" in june and "Passau" in june and "Ferry" not in june
    none = client.get("/", params={"q": "zeppelin"}).text
    assert "No story matches." in none
    bad = client.get("/", params={"since": "yesterday"})
    assert bad.status_code == 400 and "since: &#39;yesterday&#39; is not a date" in bad.text


def test_web_story_list_pages_and_unknown_outlets(tmp_path: Path) -> None:
    """25 one-article stories: two pages of 20; an article without outlet counts as unknown."""
    records = [{"id": f"n{i}", "title": f"Report {i}", "published": f"2024-{1 + i % 12:02d}-{1 + i:02d}",
                "text": made_up_words(i).capitalize() + "."} for i in range(25)]
    db = str(tmp_path / "n.db")
    ingest([write_jsonl(tmp_path / "n.jsonl", records)], db, workers=1, embed=False)
    with TestClient(create_app(db)) as c:
        first = c.get("/").text
        assert "25 stories" in first and first.count('class="story-item') == 20
        assert 'rel="next" href="/?page=2"' in first and "page 1 of 2" in first
        second = c.get("/?page=2").text
        assert second.count('class="story-item') == 5 and 'rel="prev" href="/?page=1"' in second
        assert "+1 unknown" in first  # no outlet named: counted, not hidden


def test_web_story_list_marks_what_is_new_since_the_last_visit(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    ingest([write_jsonl(tmp_path / "a.jsonl", FERRY)], db, workers=1, embed=False)
    with TestClient(create_app(db)) as c:
        def visit(**cookies: str) -> Any:
            c.cookies.clear()
            return c.get("/", headers={"cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {})

        first = visit()  # a first visit: nothing is marked, the visit is remembered
        assert "is-new" not in first.text and first.cookies.get("np_visit")
        # the last visit ended long ago: what changed since is new
        later = visit(np_visit="2000-01-01T00:00:00Z")
        assert later.text.count('class="story-item is-new"') == 1 and "changed since your last visit" in later.text
        assert later.cookies.get("np_seen") == "2000-01-01T00:00:00Z"
        # a page later in the same visit: still marked
        again = visit(np_visit=later.cookies["np_visit"], np_seen="2000-01-01T00:00:00Z")
        assert again.text.count("is-new") == 1
        assert "is-new" not in visit(np_visit=later.cookies["np_visit"], np_seen="2100-01-01T00:00:00Z").text


# --- the story page ------------------------------------------------------------------------------


def test_web_story_page_is_computed_once_kept_and_refreshed_when_articles_change(
        client: TestClient, corpus: str, monkeypatch: pytest.MonkeyPatch) -> None:
    flood = story_of(corpus, "danube-1")
    state = client.app.state.np  # type: ignore[attr-defined]
    first = client.get(f"/stories/{flood}")
    assert first.status_code == 200
    assert "Analysing the story" in first.text or "Analysis of 2 articles" in first.text
    status = wait_fresh(client, flood)
    assert status["seconds"] > 0
    computed = state.analyses.computed
    page = client.get(f"/stories/{flood}").text
    # the report's sections, as `newsprism story --html` shows them
    for section in ('id="summary"', 'id="facts"', 'id="quotes"', 'id="framing"', 'id="timeline"', 'id="articles"'):
        assert section in page, section
    assert 'class="cite' in page and 'class="pop"' in page  # citations that open the source sentence
    assert '<link rel="stylesheet" href="/assets/report.css">' in page and 'src="/assets/report.js"' in page
    assert not inline_scripts(page)
    assert "Analysis of 2 articles" in page
    # stored articles with their store ids and the ids the user gave them
    assert '<td class="mono">danube-1</td>' in page and '<td class="mono">bavaria-7</td>' in page
    client.get(f"/stories/{flood}")
    assert state.analyses.computed == computed  # kept: not computed again
    # a new article joins the story: the page shows the kept analysis, says it is out of date
    # (the new analysis, started in the background, is held until the page was read: three short
    # articles are analysed in a tenth of a second, which could finish before the page is asked)
    gate = threading.Event()
    analyse = state.analyses._pipeline()

    def held(*args: Any, **kwargs: Any) -> Any:
        gate.wait(60)
        return analyse(*args, **kwargs)

    monkeypatch.setattr(state.analyses, "_pipeline", lambda: held)
    added = client.post("/api/ingest?wait=true", json={"records": [{
        "id": "danube-2", "title": "Passau mops up after the Danube flood", "outlet": "Danube Daily",
        "published": "2024-06-05",
        "text": "Residents of Passau began clearing mud from the old town on Wednesday after the Danube crested "
                "above nine metres on Monday. Mayor Jürgen Dupper said the flood damage in Passau was severe."}]})
    assert added.status_code == 200 and added.json()["result"]["stories"][0]["id"] == flood
    stale = client.get(f"/stories/{flood}").text
    gate.set()
    assert "The story has changed since this analysis" in stale and 'id="summary"' in stale
    wait_fresh(client, flood)
    assert state.analyses.computed == computed + 1
    assert '<td class="mono">danube-2</td>' in client.get(f"/stories/{flood}").text


def test_web_story_page_errors_and_merged_stories(client: TestClient, corpus: str) -> None:
    assert client.get("/stories/99999").status_code == 404
    assert "no story 99999" in client.get("/stories/99999").text
    assert client.get("/stories/abc").status_code == 404
    assert client.get("/stories/-1").status_code == 404
    assert client.get("/nowhere").status_code == 404


def test_web_story_page_of_a_merged_story_goes_to_the_live_one(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    ingest([write_jsonl(tmp_path / "a.jsonl", FERRY)], db, workers=1, embed=False)
    live = story_of(db, "ferry-1")
    with Store.open(db) as s, s.atomic() as conn:
        gone = s.new_story(conn, title="Bridged", first=None, last=None, state=None)
        s.merge_stories(conn, live, gone)
    with TestClient(create_app(db)) as c:
        r = c.get(f"/stories/{gone}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/stories/{live}"
        api = c.get(f"/api/stories/{gone}")
        assert api.status_code == 404 and api.json()["merged_into"] == live


# --- the article page ----------------------------------------------------------------------------


def test_web_article_page_metadata_evidence_annotations(client: TestClient, corpus: str) -> None:
    flood = story_of(corpus, "danube-1")
    wait_fresh(client, flood)
    with Store.open(corpus) as s:
        row = next(r for r in s.story_articles(flood) if r.doc_id == "danube-1")
    page = client.get(f"/articles/{row.id}").text
    assert "<h1>Floods close Passau&#39;s old town</h1>" in page
    assert '<a href="https://danube.example/floods-passau" rel="noopener noreferrer nofollow">' in page
    assert '<th scope="row">outlet</th><td>Danube Daily</td>' in page
    assert re.search(r'<th scope="row">published</th><td>2024-06-03</td><td class="muted">[^<]+</td>', page)
    # entities, the quote with its speaker, the date, highlighted from the story's analysis
    assert 'class="m t-GPE' in page and 'class="q q-direct"' in page and 'class="d"' in page
    assert "Jürgen Dupper" in page and f'href="/stories/{flood}"' in page
    assert client.get("/articles/424242").status_code == 404


def test_web_article_page_revisions_and_copies(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    base = {**FERRY[0], "url": "https://harbour.example/ferry-strike"}  # a new text at its URL: a revision
    ingest([write_jsonl(tmp_path / "a.jsonl", [base])], db, workers=1, embed=False)
    fixed = {**base, "text": base["text"] + " The union later said talks would resume on Monday."}
    reprint = {**fixed, "id": "reprint", "outlet": "Wire Reprints", "url": "https://reprint.example/1",
               "text": fixed["text"] + " (Reprinted.)"}
    ingest([write_jsonl(tmp_path / "b.jsonl", [fixed]), write_jsonl(tmp_path / "c.jsonl", [reprint])], db,
           workers=1, embed=False)
    with Store.open(db) as s:
        rows = s.articles(range(1, 10))
    first, second = (r for r in rows if r.doc_id == "ferry-1")
    copy = next(r for r in rows if r.doc_id == "reprint")
    assert second.revision_of == first.id and copy.duplicate_of == second.id
    with TestClient(create_app(db)) as c:
        old = c.get(f"/articles/{first.id}").text
        assert "This is an earlier revision" in old and f'href="/articles/{second.id}"' in old
        new = c.get(f"/articles/{second.id}").text
        assert "Revisions" in new and "Also published by" in new and "Wire Reprints" in new
        dup = c.get(f"/articles/{copy.id}").text
        assert "A copy (" in dup and f'href="/articles/{second.id}"' in dup


# --- hostile text --------------------------------------------------------------------------------


class _Elements(HTMLParser):
    """What a browser would make of a page: elements that run script or load from elsewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and not (values.get("src") or "").startswith("/"):
            self.found.append(f"<script> {values}")
        ours = ((tag == "form" and (values.get("action") or "").startswith("/"))
                or (tag == "svg" and values.get("class") == "tl")  # the report's timeline
                or (tag == "meta" and ("charset" in values or values.get("name") == "viewport")))
        if tag in ("iframe", "object", "embed", "img", "svg", "base", "meta", "form") and not ours:
            self.found.append(f"<{tag}> {values}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and \
                    (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"<{tag} {name}={value!r}>")


def dangerous(html: str) -> list[str]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


def test_web_hostile_article_renders_inert_everywhere(client: TestClient, corpus: str) -> None:
    assert len(dangerous(HOSTILE["text"])) >= 3  # the checker sees them in the raw text
    sid = story_of(corpus, HOSTILE["id"])
    with Store.open(corpus) as s:
        [row] = s.story_articles(sid)
    wait_fresh(client, sid)
    pages = {
        "list": client.get("/").text,
        "story": client.get(f"/stories/{sid}").text,
        "article": client.get(f"/articles/{row.id}").text,
        "search": client.get("/search", params={"q": "volcano Hekla"}).text,
    }
    for name, html in pages.items():
        assert dangerous(html) == [], name
        assert not inline_scripts(html), name
        assert "<script>alert" not in html and "<img src=x" not in html, name
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Volcano" in pages["list"]
    article = pages["article"]
    assert "&lt;b onmouseover=alert(2)&gt;Evil Outlet&lt;/b&gt;" in article
    assert "javascript:alert(4)</span> <span class=\"muted\">(not an http(s) address: not linked)" in article
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=alert(5)&gt;" in pages["story"]
    # every response forbids inline script, whatever got into the page
    for url in ("/", f"/stories/{sid}", f"/articles/{row.id}", "/add", "/api/stories", "/static/app.js"):
        csp = client.get(url).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp


def test_web_security_headers_on_every_response(client: TestClient) -> None:
    for url in ("/", "/add", "/search?q=ferry", "/stories/9999", "/api/status", "/openapi.json",
                "/static/app.css", "/assets/report.css", "/assets/report.js", "/nowhere"):
        r = client.get(url)
        assert r.headers.get("content-security-policy", "").startswith("default-src 'none'"), url
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "same-origin"
        assert r.headers["x-frame-options"] == "DENY"
    assert client.get("/docs").status_code == 404  # its page loads script from a CDN: off
    assert ".cite" in client.get("/assets/report.css").text
    assert "aria-expanded" in client.get("/assets/report.js").text


# --- adding articles -----------------------------------------------------------------------------


def test_web_add_page_pastes_an_article_and_shows_the_story_it_joined(client: TestClient, corpus: str) -> None:
    form = client.get("/add").text
    assert 'enctype="multipart/form-data"' in form and 'name="files"' in form
    assert "does not fetch URLs" in form and 'name="token"' not in form  # loopback: no token asked
    sent = client.post("/add", data={
        "text": "Ferry crews in Rostock ended their three-day strike over pay on Monday, the union said, and "
                "crossings to Gedser and Trelleborg resumed. Travellers had used the bridge during the strike.",
        "title": "Rostock ferry strike ends", "outlet": "Harbour News", "published": "2024-05-23",
        "name": "ferry-3"}, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"].startswith("/jobs/")
    job_url = sent.headers["location"]
    deadline = time.monotonic() + 120
    while "data-state=\"done\"" not in (page := client.get(job_url).text):
        assert "data-state=\"failed\"" not in page, page
        assert time.monotonic() < deadline
        time.sleep(0.1)
    ferry = story_of(corpus, "ferry-1")
    assert "1 article added" in page and "The stories they joined" in page
    assert f'<a href="/stories/{ferry}">Ferry strike halts Baltic crossings</a>' in page
    assert '<td class="mono">ferry-3</td>' in page
    assert story_of(corpus, "ferry-3") == ferry
    assert client.get("/jobs/nope").status_code == 404


def test_web_add_page_refuses_nothing_and_oversize(corpus: str) -> None:
    with TestClient(create_app(corpus, max_upload=4096)) as c:
        empty = c.post("/add", data={"text": "  "})
        assert empty.status_code == 400 and "nothing to add" in empty.text
        big = c.post("/add", files={"files": ("big.txt", b"word " * 5000, "text/plain")})
        assert big.status_code == 413 and "over the upload limit of 4,096 bytes" in big.text
        url = c.post("/add", data={"fetch_url": "https://news.example/a"})
        assert url.status_code == 400 and "does not fetch URLs" in url.text


# --- reads while a write holds the store -----------------------------------------------------------


def test_web_pages_answer_while_a_write_holds_the_store(client: TestClient, corpus: str) -> None:
    """SQLite in WAL mode: a page reads while another connection holds the write lock (as an
    ingest's batch does) and while an ingest holds the store's ingest lock."""
    with Store.open(corpus) as s:
        mode = s._engine.connect().exec_driver_sql("PRAGMA journal_mode").scalar()  # noqa: SLF001
    assert mode == "wal"
    held, release = threading.Event(), threading.Event()

    def writer() -> None:
        with Store.open(corpus) as s, s.ingest_lock(), s.atomic() as conn:
            s.new_story(conn, title="held", first=None, last=None, state=None)
            held.set()
            release.wait(30)

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert held.wait(30)
        started = time.perf_counter()
        for url in ("/", f"/stories/{story_of(corpus, 'ferry-1')}", "/search?q=ferry", "/api/stories"):
            assert client.get(url).status_code == 200, url
        assert time.perf_counter() - started < 5.0
    finally:
        release.set()
        t.join()


# --- the seeds -----------------------------------------------------------------------------------


def test_web_seeds_story_page_shows_the_five_reports(tmp_path: Path, seeds_dir: Path) -> None:
    db = str(tmp_path / "seeds.db")
    ingest([seeds_dir], db, workers=1)
    with TestClient(create_app(db)) as c:
        [story] = c.get("/api/stories").json()["stories"]
        assert story["n_articles"] == 5 and story["outlets"] == ["The Moscow Times"] and story["unattributed"] == 4
        listing = c.get("/").text
        assert '<span class="badge">The Moscow Times</span><span class="badge unknown"' in listing and "+4 unknown" in listing
        wait_fresh(c, story["id"], timeout=300)
        page = c.get(f"/stories/{story['id']}").text
        assert page.count('class="text-card"') == 5  # the five reports, each annotated
        for prefix in ("000", "001", "002", "003"):
            assert f'<td class="mono">{prefix}_' in page
        assert "The Moscow Times" in page and 'id="summary"' in page and 'class="cite' in page


def test_web_analyses_wait_in_a_bounded_queue(corpus: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages asking for more analyses than MAX_QUEUED are told the server is busy (and ask
    again when they poll): a crawler walking every story page does not queue the whole store."""
    from newsprism.web import jobs

    monkeypatch.setattr(jobs, "MAX_QUEUED", 2)
    with Store.open(corpus) as store:
        analyses = jobs.Analyses(corpus, store)
        monkeypatch.setattr(analyses, "_start", lambda: None)  # nothing runs: they stay queued
        states = [analyses.ensure(sid, f"key-{sid}").state for sid in (101, 102, 103)]
        assert states == ["queued", "queued", "busy"]
        assert analyses.ensure(101, "key-101").state == "queued"  # asked twice: queued once
        assert [j.story_id for j in analyses.busy()] == [101, 102]
        assert "2 analyses are waiting" in analyses.ensure(104, "key-104").stage
