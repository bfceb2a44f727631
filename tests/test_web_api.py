"""The web app's JSON API (`/api/`, issue 23) through FastAPI's test client: every endpoint,
bad input (unknown ids 404, bad values and queries 400, bodies over the limit 413), the token
rules (none on loopback, required elsewhere, never from another site's page), the feed poller
wired to the app, and the `doc_id` the CLI's JSON carries."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsprism.cli import app as cli
from newsprism.corpus import ingest
from newsprism.errors import ConfigError
from newsprism.report.json import schema
from newsprism.web import app as web_app
from newsprism.web.app import create_app

from .test_ingest_feeds import ATOM, RSS, build_warc
from .test_store import pg_server  # noqa: F401  (fixture)
from .test_web_app import FERRY, FLOOD, made_up_words, story_of, wait_fresh, write_jsonl

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("api")
    db = str(folder / "news.db")
    ingest([write_jsonl(folder / "in.jsonl", [*FLOOD, *FERRY])], db, workers=1)
    return db


@pytest.fixture(scope="module")
def client(corpus: str) -> Iterator[TestClient]:
    with TestClient(create_app(corpus)) as c:
        yield c


def done(client: TestClient, job: dict[str, Any], timeout: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while job["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline, job
        time.sleep(0.1)
        job = client.get(f"/api/jobs/{job['id']}").json()
    return job


# --- reading -------------------------------------------------------------------------------------


def test_api_status_and_openapi(client: TestClient) -> None:
    st = client.get("/api/status").json()
    assert st["store"]["articles"] >= 4 and st["fetch"] is False and st["token_required"] is False
    assert st["feeds"] is None and st["max_upload"] == 20 * 1024 * 1024
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/analysis",
              "/api/stories/{story_id}/status", "/api/stories/{story_id}/refresh", "/api/articles/{article_id}",
              "/api/search", "/api/ingest", "/api/jobs/{job_id}", "/api/feeds", "/api/feeds/poll", "/api/status"):
        assert p in paths, p
    assert not any(p.startswith(("/stories", "/add")) for p in paths)  # pages are not the API


def test_api_stories_paging_search_dates_and_bad_values(client: TestClient, corpus: str) -> None:
    body = client.get("/api/stories").json()
    assert body["total"] == 2 and body["pages"] == 1 and body["order"] == "activity"
    flood = next(s for s in body["stories"] if "Passau" in s["title"])
    assert flood["outlets"] == ["Bavaria Post", "Danube Daily"] and flood["n_articles"] == 2
    assert (flood["first"], flood["last"], flood["unattributed"]) == ("2024-06-03", "2024-06-04", 0)
    one = client.get("/api/stories", params={"per_page": 1, "page": 2}).json()
    assert len(one["stories"]) == 1 and one["pages"] == 2 and one["page"] == 2
    assert [s["id"] for s in client.get("/api/stories", params={"q": "Rostock ferry"}).json()["stories"]] == [
        story_of(corpus, "ferry-1")]
    assert client.get("/api/stories", params={"since": "2024-06-01"}).json()["total"] == 1
    assert client.get("/api/stories", params={"until": "2024-05-31"}).json()["total"] == 1
    assert client.get("/api/stories", params={"order": "last"}).json()["stories"][0]["id"] == flood["id"]
    new = client.get("/api/stories", params={"seen": "2000-01-01T00:00:00Z"}).json()
    assert all(s["new"] for s in new["stories"])
    for bad, said in (({"since": "soon"}, "since: 'soon' is not a date"), ({"per_page": 1000}, "per_page"),
                      ({"page": 0}, "page"), ({"order": "random"}, "order"),
                      ({"q": "the and of"}, "too common to search for")):
        r = client.get("/api/stories", params=bad)
        assert r.status_code == 400 and said in r.json()["error"], (bad, r.json())


def test_api_story_analysis_status_and_refresh(client: TestClient, corpus: str) -> None:
    sid = story_of(corpus, "ferry-1")
    story = client.get(f"/api/stories/{sid}").json()
    assert story["story"]["id"] == sid and story["analysis"]["state"] in ("missing", "fresh")
    assert sorted((a["doc_id"], a["label"]) for a in story["articles"]) == [("ferry-1", "ferry-1"),
                                                                            ("ferry-2", "ferry-2")]
    assert all(isinstance(a["id"], int) for a in story["articles"])
    first = client.get(f"/api/stories/{sid}/analysis")
    assert first.status_code in (200, 202)
    wait_fresh(client, sid)
    got = client.get(f"/api/stories/{sid}/analysis")
    assert got.status_code == 200 and got.headers["content-type"] == "application/json"
    body = got.json()
    assert body["state"] == "fresh" and body["story_id"] == sid
    jsonschema.validate(body["analysis"], schema())  # the document `newsprism story --json` writes
    # each article of the analysis joins back to its store id and the id the user gave it
    assert {s["doc_id"]: s["article_id"] for s in body["stored"]} == {a["doc_id"]: a["id"] for a in story["articles"]}
    assert sorted(a["id"] for a in body["analysis"]["articles"]) == ["ferry-1", "ferry-2"]
    state = client.app.state.np  # type: ignore[attr-defined]
    before = state.analyses.computed
    r = client.post(f"/api/stories/{sid}/refresh")
    assert r.status_code == 202 and r.json()["job"]["state"] in ("queued", "running", "done")
    deadline = time.monotonic() + 120
    while state.analyses.computed == before:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert client.get(f"/api/stories/{sid}/status").json()["state"] == "fresh"
    for url in ("/api/stories/999999", "/api/stories/999999/analysis", "/api/stories/999999/status",
                "/api/stories/abc", "/api/articles/999999", "/api/articles/x1", "/api/jobs/nope"):
        r = client.get(url)
        assert r.status_code == 404 and r.json()["error"], url
    assert client.post("/api/stories/999999/refresh").status_code == 404


def test_api_article_with_annotations_revisions_and_copies(client: TestClient, corpus: str) -> None:
    sid = story_of(corpus, "danube-1")
    wait_fresh(client, sid)
    aid = next(a["id"] for a in client.get(f"/api/stories/{sid}").json()["articles"] if a["doc_id"] == "danube-1")
    body = client.get(f"/api/articles/{aid}").json()
    art = body["article"]
    assert (art["id"], art["doc_id"], art["outlet"], art["story_id"]) == (aid, "danube-1", "Danube Daily", sid)
    assert art["url"] == "https://danube.example/floods-passau" and "Floodwaters rose" in art["text"]
    assert {m["field"] for m in body["metadata"]} >= {"title", "outlet", "published", "url"}
    assert all("evidence" in m for m in body["metadata"])
    notes = body["annotations"]
    assert notes["label"] == "danube-1"
    assert any(q["speaker_name"] == "Jürgen Dupper" and q["kind"] == "direct" for q in notes["quotes"])
    assert any(m["text"] == "Passau" for m in notes["mentions"]) and notes["dates"]
    assert body["annotated"] == "fresh" and 'class="q q-direct"' in body["html"]
    assert [r["id"] for r in body["revisions"]] == [aid] and body["copies"] == [] and body["original"] is None


def test_api_search_is_bounded(client: TestClient, corpus: str) -> None:
    hits = client.get("/api/search", params={"q": "Passau flood"}).json()["hits"]
    assert hits and {h["doc_id"] for h in hits} <= {"danube-1", "bavaria-7"}
    assert all(h["story_id"] == story_of(corpus, "danube-1") and "[" in h["snippet"] for h in hits)
    assert client.get("/api/search", params={"q": "Passau", "limit": 1}).json()["hits"][0]["article_id"]
    for q, said in (("x " * 600, "at most 1,000"), ("the of and", "too common"),
                    (" ".join(f"word{i}" for i in range(40)), "at most 32")):
        started = time.perf_counter()
        r = client.get("/api/search", params={"q": q})
        assert r.status_code == 400 and said in r.json()["error"], r.json()
        assert time.perf_counter() - started < 2.0
    assert client.get("/api/search").status_code == 400  # no q
    assert client.get("/api/search", params={"q": "a", "limit": 500}).status_code == 400
    long = client.get("/api/search?q=" + "a" * 9000)
    assert long.status_code == 414 and "query string of 9,002 bytes" in long.json()["error"]


# --- adding articles -----------------------------------------------------------------------------


def test_api_ingest_json_records_join_stories(client: TestClient, corpus: str) -> None:
    r = client.post("/api/ingest", json={"records": [
        {"id": "ferry-9", "title": "Baltic ferries sail again", "outlet": "Coast Times", "published": "2024-05-24",
         "text": "Ferries from Rostock to Gedser and Trelleborg sailed again on Monday after crews ended their "
                 "three-day strike over pay, the union said. Travellers who had used the bridge returned."},
        {"id": "odd", "text": made_up_words(77)}]})
    assert r.status_code == 202 and r.json()["status_url"] == f"/api/jobs/{r.json()['id']}"
    job = done(client, r.json())
    assert job["state"] == "done", job
    res = job["result"]
    assert res["added"] == 2 and res["new_stories"] == 1
    by_doc = {a["doc_id"]: a for a in res["articles"]}
    assert by_doc["ferry-9"]["story_id"] == story_of(corpus, "ferry-1") and by_doc["ferry-9"]["status"] == "added"
    assert by_doc["odd"]["story_id"] not in (None, story_of(corpus, "ferry-1"))
    assert {s["id"] for s in res["stories"]} == {by_doc["ferry-9"]["story_id"], by_doc["odd"]["story_id"]}
    again = client.post("/api/ingest?wait=true", json={"records": [{"id": "odd", "text": made_up_words(77)}]}).json()
    assert again["result"]["exists"] == 1 and again["result"]["articles"][0]["status"] == "stored before"
    for body, said in (({}, "nothing to add"), ({"records": ["text"]}, "records[0] is not an object"),
                       ({"urls": ["https://news.example/x"]}, "does not fetch URLs"), ([1, 2], "expected a JSON object")):
        bad = client.post("/api/ingest", json=body)
        assert bad.status_code == 400 and said in bad.json()["error"], (body, bad.json())
    raw = client.post("/api/ingest", content=b"{not json", headers={"content-type": "application/json"})
    assert raw.status_code == 400 and "not JSON" in raw.json()["error"]
    empty = client.post("/api/ingest?wait=true", json={"records": [{"id": "blank", "text": "   "}]}).json()
    assert empty["state"] == "done" and empty["result"]["added"] == 0 and empty["result"]["skipped"]


def test_api_ingest_uploads_every_format(client: TestClient, tmp_path: Path) -> None:
    jsonl = json.dumps({"id": "jl-1", "title": "Kite festival", "text": made_up_words(91)}) + "\n"
    html = ("<html><head><title>Tulip parade</title><meta property='og:site_name' content='Flower Post'></head>"
            f"<body><article><h1>Tulip parade</h1><p>{made_up_words(92)}.</p><p>{made_up_words(93)}.</p>"
            "</article></body></html>")
    files = [("files", ("plain.txt", made_up_words(90).encode(), "text/plain")),
             ("files", ("page.html", html.encode(), "text/html")),
             ("files", ("records.jsonl", jsonl.encode(), "application/jsonl")),
             ("files", ("world.rss", RSS.encode(), "application/rss+xml")),
             ("files", ("wire.atom", ATOM.encode(), "application/atom+xml")),
             ("files", ("crawl.warc.gz", build_warc(True), "application/warc")),
             ("files", ("../../etc/evil\x01name.bin", bytes(range(256)) * 4, "application/octet-stream"))]
    r = client.post("/api/ingest?wait=true", files=files)
    assert r.status_code == 200, r.text
    res = r.json()["result"]
    sources = {a["source"] for a in res["articles"]}
    assert {"upload:plain.txt", "upload:page.html"} <= sources
    assert any(s.startswith("upload:records.jsonl") for s in sources)
    assert any(s.startswith("upload:world.rss") or "dailyplanet" in s for s in sources)
    assert any("crawl.warc.gz" in s for s in sources)
    assert res["added"] >= 6 and all(a["article_id"] for a in res["articles"] if a["status"] != "not stored")
    [evil] = [s for s in res["skipped"] if s["source"].startswith("upload:evil")]  # its name without the path
    assert "/" not in evil["source"] and "\x01" not in evil["source"] and "binary data" in evil["reason"]


def test_api_ingest_limit_413_with_the_limit_said(corpus: str) -> None:
    with TestClient(create_app(corpus, max_upload=10_000)) as c:
        big = c.post("/api/ingest", files={"files": ("big.txt", b"word " * 4000, "text/plain")})
        assert big.status_code == 413
        assert "over the upload limit of 10,000 bytes" in big.json()["error"]
        streamed = c.post("/api/ingest", content=iter([b"x" * 6000, b"y" * 6000]),
                          headers={"content-type": "application/json"})
        assert streamed.status_code == 413 and "more than" in streamed.json()["error"]
        small = c.post("/api/ingest?wait=true", json={"records": [{"id": "s", "text": made_up_words(55)}]})
        assert small.status_code == 200


# --- token rules ---------------------------------------------------------------------------------


def test_api_writes_need_no_token_on_loopback_but_never_come_from_another_site(client: TestClient) -> None:
    assert client.post("/api/stories/1/refresh").status_code in (202, 404)
    cross = client.post("/api/ingest", json={"records": [{"text": "x"}]}, headers={"origin": "https://evil.example"})
    assert cross.status_code == 403 and "another site" in cross.json()["error"]
    fetched = client.post("/add", data={"text": "hello"}, headers={"sec-fetch-site": "cross-site"})
    assert fetched.status_code == 403
    for headers in ({"sec-fetch-site": "same-site"}, {"origin": "null"},  # another port; an opaque page
                    {"origin": "http://testserver:9999"}):
        assert client.post("/add", data={"text": "hello"}, headers=headers).status_code == 403, headers
    same = client.post("/api/ingest?wait=true", json={"records": [{"id": "o", "text": made_up_words(61)}]},
                       headers={"origin": "http://testserver"})
    assert same.status_code == 200
    # a browser's own form: Sec-Fetch-Site says same-origin (whatever its Origin says)
    own = client.post("/add", data={"text": made_up_words(62)}, follow_redirects=False,
                      headers={"sec-fetch-site": "same-origin", "origin": "null"})
    assert own.status_code == 303


def test_api_writes_need_the_token_off_loopback(corpus: str) -> None:
    with pytest.raises(ConfigError, match="writes need a token"):
        create_app(corpus, host="0.0.0.0")
    with TestClient(create_app(corpus, host="0.0.0.0", token="s3cret-token")) as c:
        assert c.get("/api/stories").status_code == 200 and c.get("/").status_code == 200  # reads: open
        body = {"records": [{"id": "t1", "text": made_up_words(71)}]}
        for headers in ({}, {"authorization": "Bearer wrong"}, {"authorization": "Basic s3cret-token"}):
            r = c.post("/api/ingest", json=body, headers=headers)
            assert r.status_code == 401 and "needs its token" in r.json()["error"], headers
            assert r.headers["www-authenticate"] == "Bearer"
        assert c.post("/api/stories/1/refresh").status_code == 401
        assert c.post("/api/feeds/poll").status_code == 401
        ok = c.post("/api/ingest?wait=true", json=body, headers={"authorization": "Bearer s3cret-token"})
        assert ok.status_code == 200 and ok.json()["state"] == "done"
        # the page's forms carry it in a field, and it is then kept in an HttpOnly cookie
        assert 'name="token"' in c.get("/add").text
        refused = c.post("/add", data={"text": made_up_words(72)}, follow_redirects=False)
        assert refused.status_code == 401
        sent = c.post("/add", data={"text": made_up_words(73), "token": "s3cret-token"}, follow_redirects=False)
        assert sent.status_code == 303 and "np_token" in sent.headers["set-cookie"]
        assert "HttpOnly" in sent.headers["set-cookie"] and "SameSite=strict" in sent.headers["set-cookie"]
        again = c.post("/add", data={"text": made_up_words(74)}, follow_redirects=False)  # the cookie
        assert again.status_code == 303


# --- feeds ---------------------------------------------------------------------------------------


class RecordingPoller:
    """Stands in for web.poll.Poller where only the app's wiring is tested."""

    made: list[RecordingPoller] = []

    def __init__(self, db: str, feeds: list[str], every_s: float, fetch: bool) -> None:
        self.args = (db, feeds, every_s, fetch)
        self.events: list[str] = []
        RecordingPoller.made.append(self)

    def start(self) -> None:
        self.events.append("start")

    def stop(self) -> None:
        self.events.append("stop")

    def poll_once(self) -> dict[str, Any]:
        self.events.append("poll")
        return {"added": 3, "new_stories": 1, "errors": {}}

    def status(self) -> dict[str, Any]:
        return {"last_poll": "2025-05-16T09:00:00Z", "next_poll": "2025-05-16T09:15:00Z",
                "last_report": {"added": 3, "new_stories": 1},
                "errors": {"https://down.example/rss": {"error": "HTTP 503"}}}


def test_api_feeds_without_a_poller(client: TestClient) -> None:
    assert client.get("/api/feeds").json() == {"enabled": False, "feeds": []}
    r = client.post("/api/feeds/poll")
    assert r.status_code == 404 and "--feeds FILE" in r.json()["error"]


def test_api_feeds_poller_is_started_shown_and_stopped(corpus: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_app, "poller_class", lambda: RecordingPoller)
    feeds = ["https://news.example/rss", "https://down.example/rss"]
    app = create_app(corpus, feeds=feeds, every_s=600, host="0.0.0.0", token="tok")
    poller = RecordingPoller.made[-1]
    assert poller.args == (corpus, feeds, 600, False) and poller.events == []
    with TestClient(app) as c:
        assert poller.events == ["start"]
        status = c.get("/api/feeds").json()
        assert status["enabled"] is True and status["feeds"] == feeds and status["last_poll"] == "2025-05-16T09:00:00Z"
        page = c.get("/").text
        assert "2 feeds polled every 10.0 min" in page and "3 new articles" in page and "HTTP 503" in page
        assert c.post("/api/feeds/poll").status_code == 401
        ran = c.post("/api/feeds/poll", headers={"authorization": "Bearer tok"})
        assert ran.status_code == 200 and ran.json()["added"] == 3
        form = c.post("/feeds/poll", data={"token": "tok"}, follow_redirects=False)
        assert form.status_code == 303
    assert poller.events == ["start", "poll", "poll", "stop"]


def test_api_feeds_polled_from_a_local_server(tmp_path: Path) -> None:
    """The real poller (web.poll) against a local HTTP server serving a feed and its articles."""
    pytest.importorskip("newsprism.web.poll")
    pages = {
        "/a1.html": ("Ferry strike halts Baltic crossings", FERRY[0]["text"]),
        "/a2.html": ("Rostock ferry crews strike for pay", FERRY[1]["text"]),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/feed.xml":
                items = "".join(f"<item><title>{t}</title><link>http://127.0.0.1:{port}{p}</link><guid>{p}</guid>"
                                f"<pubDate>Mon, 20 May 2024 09:00:00 +0000</pubDate><description>{t}</description></item>"
                                for p, (t, _) in pages.items())
                body = f"<?xml version='1.0'?><rss version='2.0'><channel><title>Harbour</title>{items}</channel></rss>"
                ctype = "application/rss+xml"
            elif self.path in pages:
                title, text = pages[self.path]
                body = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p></article></body></html>"
                ctype = "text/html"
            else:
                self.send_error(404)
                return
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("content-type", ctype)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        db = str(tmp_path / "feeds.db")
        app = create_app(db, feeds=[f"http://127.0.0.1:{port}/feed.xml"], every_s=3600, fetch=True)
        with TestClient(app) as c:
            report = c.post("/api/feeds/poll").json()  # waits for the first poll, polls again
            deadline = time.monotonic() + 60
            while c.get("/api/stories").json()["total"] == 0:
                assert time.monotonic() < deadline, report
                time.sleep(0.2)
            [story] = c.get("/api/stories").json()["stories"]
            assert story["n_articles"] == 2
            feeds = c.get("/api/feeds").json()
            assert feeds["enabled"] is True and feeds["running"] is True and feeds["last_poll"]
            assert "1 feed polled every 60.0 min" in c.get("/").text
    finally:
        server.shutdown()


# --- the CLI's JSON carries doc_id -----------------------------------------------------------------


def test_cli_stories_and_story_json_carry_doc_ids(corpus: str, tmp_path: Path) -> None:
    out = runner.invoke(cli, ["stories", "--db", corpus, "--json"])
    assert out.exit_code == 0, out.output
    for st in json.loads(out.output):
        assert len(st["doc_ids"]) == len(st["articles"])
    flood = next(s for s in json.loads(out.output) if "Passau" in (s["title"] or ""))
    assert {"danube-1", "bavaria-7"} <= set(flood["doc_ids"])
    report = tmp_path / "story.json"
    res = runner.invoke(cli, ["story", str(flood["id"]), "--db", corpus, "--json", str(report), "-q"])
    assert res.exit_code == 0, res.output
    doc = json.loads(report.read_text("utf-8"))
    jsonschema.validate(doc, schema())
    stored = {s["doc_id"]: s for s in doc["stored"]["articles"]}
    assert doc["stored"]["story_id"] == flood["id"] and {"danube-1", "bavaria-7"} <= set(stored)
    assert {a["id"] for a in doc["articles"]} <= {s["id"] for s in stored.values()}
    assert {s["article_id"] for s in stored.values()} == set(flood["articles"])


# --- the command -----------------------------------------------------------------------------------


def test_serve_command_options_and_token(corpus: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    ran: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: ran.append((app, kw)))
    monkeypatch.delenv("NEWSPRISM_TOKEN", raising=False)
    res = runner.invoke(cli, ["serve", "--db", corpus, "--port", "8123"])
    assert res.exit_code == 0, res.output
    app, kw = ran[-1]
    assert (kw["host"], kw["port"]) == ("127.0.0.1", 8123) and app.state.np.token_required is False
    assert "NEWSPRISM_TOKEN" not in res.output
    res = runner.invoke(cli, ["serve", "--db", corpus, "--host", "0.0.0.0"])
    assert res.exit_code == 0, res.output
    app, kw = ran[-1]
    token = app.state.np.token
    assert app.state.np.token_required and token and len(token) >= 24 and token in res.output
    monkeypatch.setenv("NEWSPRISM_TOKEN", "from-the-env")
    res = runner.invoke(cli, ["serve", "--db", corpus, "--host", "0.0.0.0"])
    assert ran[-1][0].state.np.token == "from-the-env" and "from-the-env" not in res.output
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("# my feeds\n\nhttps://news.example/rss\nnot a url\n", "utf-8")
    bad = runner.invoke(cli, ["serve", "--db", corpus, "--feeds", str(feeds)])
    assert bad.exit_code == 2 and "line 4" in said(bad.output) and "not a url" in said(bad.output)
    feeds.write_text("# my feeds\n\nhttps://news.example/rss\n", "utf-8")
    every = runner.invoke(cli, ["serve", "--db", corpus, "--feeds", str(feeds), "--every", "soon"])
    assert every.exit_code == 2 and "--every 'soon'" in said(every.output)
    many = runner.invoke(cli, ["serve", "--db", corpus, "--feeds", str(feeds), "--workers", "2"])
    assert many.exit_code == 2 and "--workers 1 with --feeds" in said(many.output)


def said(output: str) -> str:
    """A usage error's words, without the box Rich draws around them."""
    return " ".join(output.replace("│", " ").split())


def test_serve_command_runs_a_server(corpus: str) -> None:
    """`newsprism serve` in a process of its own answers on 127.0.0.1 with the pages and the API."""
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("newsprism")
    proc = subprocess.Popen([str(exe), "serve", "--db", corpus, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read() if proc.stdout else ""
                time.sleep(0.3)
        assert r.status_code == 200 and r.json()["total"] >= 2
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert page.status_code == 200 and "Passau" in page.text
        assert page.headers["content-security-policy"].startswith("default-src 'none'")
    finally:
        proc.terminate()
        proc.wait(30)


# --- PostgreSQL ------------------------------------------------------------------------------------


@pytest.fixture
def pg_db(pg_server: Any) -> Iterator[str]:  # noqa: F811
    from .test_store import _pg_url

    yield from _pg_url(pg_server)


def test_web_app_on_postgresql(pg_db: str) -> None:
    """The same app on a PostgreSQL store: the list, a story computed and kept, search, ingest."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        ingest([write_jsonl(Path(folder) / "a.jsonl", FERRY)], pg_db, workers=1, embed=False)
    with TestClient(create_app(pg_db)) as c:
        [story] = c.get("/api/stories").json()["stories"]
        assert story["n_articles"] == 2 and "Ferry strike" in c.get("/").text
        wait_fresh(c, story["id"])
        assert 'id="summary"' in c.get(f"/stories/{story['id']}").text
        assert c.get("/api/search", params={"q": "Rostock"}).json()["hits"]
        added = c.post("/api/ingest?wait=true", json={"records": [{"id": "pg-1", "text": made_up_words(31)}]}).json()
        assert added["state"] == "done" and added["result"]["added"] == 1
