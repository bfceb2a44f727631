"""The web app (`newsprism serve`, issue 23): page times on a real uvicorn server.

    python bench/web.py [--parts story list readers] [--keep DIR] ...

Three parts, each on its own store, each against a real server (uvicorn serving
``newsprism.web.app.create_app`` in a process of its own, as ``newsprism serve`` does) and
timed from the client (httpx; a request's time is from sending it to its last byte):

``story``    a stored story of ``--story-size`` (100) articles: PolNeAR texts (2016 US election
             coverage by seven outlets) ingested with ``newsprism ingest``, then the stories the
             clustering made of them merged into one (``Store.merge_stories``, the clusterer's
             own merge); the first, cold analysis of the story page (from the first request to
             the analysis being shown, however the app runs it), then ``--requests`` warm
             requests of the story page (analysis kept): median, p95, max.  Target: p95 < 300 ms.
``list``     story list and search on a store of ``--store-size`` (100,000) articles: a base
             store (``--base-db``, copied and never changed, or ``--base`` articles of
             bench/ingest.py's replay of the real evaluation texts, ingested) grown in SQL to the
             size: its articles and stories inserted again as new rows (content hashes
             suffixed, story ids shifted, dates moved 45 days a copy; the full-text index grows
             with them; no features, so the copies are never copy-linked or re-clustered).
             Ingesting 100,000 articles takes hours on this machine; growing takes minutes.
             Then ``--requests`` requests each of the story list (pages 1-5, the date filter),
             a search (one to three of the store's words, seeded) and the list filtered by a
             search, in pages and through the JSON API: median, p95, max.  Target: p95 < 200 ms.
``readers``  ``--readers`` (20) threads, each with its own httpx client, read pages in a loop
             (story list, search, story pages of stories whose analysis is kept, article
             pages, the JSON API) while ``newsprism ingest`` adds ``--ingest`` (10,000) new
             articles (the replay's next articles after the base store's) to the store the
             server reads: errors (any status but 200, or a failed request) and p50/p95/max.

Third-party text (../shared/eval-data) is only read, and what is built from it stays in
``--keep DIR`` or a temporary folder (never in the repository).  Prints what it does as it
goes, a table, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared"))
EXE = Path(sys.executable).with_name("newsprism")
SEED = 23
SHIFT_DAYS = 45
# a warm request's time is read after this many unmeasured ones (connections, caches)
WARMUP = 5


def say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- stores ------------------------------------------------------------------------------

def sqlite_copy(src: Path, dst: Path) -> None:
    """A consistent copy of the SQLite store at ``src`` (read-only: ``src`` is never changed)."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(dst) + suffix).unlink(missing_ok=True)
    with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    b.close()
    a.close()


def ingest_jsonl(jsonl: Path, db: Path) -> float:
    """``newsprism ingest JSONL --db DB`` as a fresh process; its wall time."""
    t = time.perf_counter()
    proc = subprocess.run([str(EXE), "ingest", str(jsonl), "--db", str(db), "-q"], capture_output=True, text=True)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return time.perf_counter() - t


def replay(first: int, n: int, path: Path) -> Path:
    """Records ``first`` .. ``first + n`` of bench/ingest.py's replay of the evaluation texts."""
    import ingest as bench_ingest

    whole = path.with_suffix(".all.jsonl")
    bench_ingest.generate(first + n, whole, bench_ingest.base_texts())
    with whole.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= first:
                dst.write(line)
    whole.unlink()
    return path


def base_store(args: argparse.Namespace, folder: Path) -> tuple[Path, str]:
    """The store the list and reader parts start from, and how it was made."""
    db = folder / "base.db"
    if args.base_db:
        if not db.exists():
            sqlite_copy(args.base_db, db)
        n = _count(db)
        return db, f"a copy of {args.base_db} ({n:,} articles, bench/ingest.py's replay ingested)"
    if not db.exists():
        jsonl = replay(0, args.base, folder / f"base-{args.base}.jsonl")
        say(f"ingesting the base store: {args.base:,} articles of bench/ingest.py's replay ...")
        wall = ingest_jsonl(jsonl, db)
        say(f"  {wall:.0f} s")
    return db, f"{_count(db):,} articles of bench/ingest.py's replay, ingested"


def _count(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        n: int = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    return n


ARTICLE_COLUMNS = ("doc_id, source, url, outlet, title, published_time, author, language, text, "
                   "source_text, format, evidence, ingested_at")


def grow(src: Path, n: int, dst: Path) -> dict[str, Any]:
    """A copy of the store at ``src`` grown to ``n`` articles: its articles and stories
    inserted again, copy after copy (new story ids, content hashes suffixed, every date
    moved 45 days a copy), so that the grown store has as many articles per story as the base
    and ten times the stories at ten times the articles.  Copies have no features (never
    linked as copies nor clustered); the full-text index grows with them (its triggers)."""
    if dst.exists():
        return {"articles": _count(dst), "seconds": 0.0, "reused": True}
    tmp = dst.with_suffix(".part")
    sqlite_copy(src, tmp)
    con = sqlite3.connect(tmp)
    base_article = con.execute("SELECT max(id) FROM articles").fetchone()[0]
    base_story = con.execute("SELECT max(id) FROM stories").fetchone()[0]
    have = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    t = time.perf_counter()
    copy = 0
    while have < n:
        copy += 1
        shift = f"+{SHIFT_DAYS * copy} days"
        off = base_story * copy
        con.execute("INSERT INTO stories (id, title, first, last, n_articles, state, merged_into, updated_at) "
                    "SELECT id + ?, title, date(first, ?), date(last, ?), n_articles, NULL, merged_into + ?, "
                    "updated_at FROM stories WHERE id <= ?", (off, shift, shift, off, base_story))
        con.execute(f"INSERT INTO articles (content_hash, published, story_id, {ARTICLE_COLUMNS}) "
                    f"SELECT content_hash || ':' || ?, date(published, ?), story_id + ?, {ARTICLE_COLUMNS} "
                    "FROM articles WHERE id <= ? AND revision_of IS NULL ORDER BY id LIMIT ?",
                    (copy, shift, off, base_article, n - have))
        con.commit()
        have = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        say(f"  grown to {have:,} articles")
    con.execute("UPDATE stories SET n_articles = (SELECT count(*) FROM articles a WHERE a.story_id = stories.id) "
                "WHERE id > ?", (base_story,))
    con.commit()
    con.close()
    tmp.rename(dst)
    return {"articles": have, "copies": copy, "seconds": round(time.perf_counter() - t, 1), "reused": False}


def polnear_files(n: int) -> list[Path]:
    """``n`` PolNeAR articles spread over the set (as bench/story.py picks them)."""
    files = sorted((SHARED / "eval-data/polnear/data").glob("*/text/*.txt"))
    if not files:
        raise SystemExit(f"PolNeAR texts not found under {SHARED / 'eval-data/polnear/data'}")
    step = max(1, len(files) // n)
    return files[::step][:n]


def story_store(n: int, folder: Path) -> tuple[Path, int, dict[str, Any]]:
    """A store holding one story of ``n`` articles: PolNeAR texts ingested, then every story
    the clustering made of them merged into the largest."""
    db = folder / f"story-{n}.db"
    from newsprism.store import Store

    info: dict[str, Any] = {}
    if not db.exists():
        tmp = db.with_suffix(".part.db")
        for suffix in ("", "-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        files = polnear_files(n)
        t = time.perf_counter()
        proc = subprocess.run([str(EXE), "ingest", *map(str, files), "--db", str(tmp), "-q"],
                              capture_output=True, text=True)
        if proc.returncode not in (0, 3):
            raise SystemExit(f"ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
        info["ingest_s"] = round(time.perf_counter() - t, 1)
        with Store.open(str(tmp)) as store:
            listed = store.stories(limit=10_000)
            info["stories_made_by_clustering"] = len(listed)
            keep = max(listed, key=lambda s: s.n_articles).id
            with store.atomic() as conn:
                for s in listed:
                    if s.id != keep:
                        store.merge_stories(conn, keep, s.id)
        for suffix in ("-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        tmp.rename(db)
    from newsprism.store import Store as S

    with S.open(str(db), create=False) as store:
        (story,) = store.stories(limit=10)
        info["story_articles"] = story.n_articles
        info["story_outlets"] = len(story.outlets)
    return db, story.id, info


# --- the server --------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


SERVE = """
import sys, uvicorn
from newsprism.web.app import create_app
uvicorn.run(create_app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


class Server:
    """``create_app(db)`` served by uvicorn in a process of its own (as ``newsprism serve``)."""

    def __init__(self, db: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([sys.executable, "-c", SERVE, str(db), str(self.port)],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        import httpx

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server ended ({self.proc.returncode}): {self.output()}")
            try:
                if httpx.get(self.base + "/", timeout=5).status_code < 500:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise SystemExit(f"the server did not answer in 120 s: {self.output()}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-3000:]

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- measuring ---------------------------------------------------------------------------

def stats(times: list[float]) -> dict[str, Any]:
    if not times:
        return {"n": 0}
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"n": len(ordered), "median_ms": round(1000 * statistics.median(ordered), 1),
            "p95_ms": round(1000 * p95, 1), "max_ms": round(1000 * ordered[-1], 1)}


def timed_get(client: Any, url: str) -> tuple[float, int, int]:
    """(seconds, status, bytes) of one GET, to its last byte."""
    t = time.perf_counter()
    r = client.get(url)
    body = r.content
    return time.perf_counter() - t, r.status_code, len(body)


def measure(client: Any, urls: list[str], warmup: int = WARMUP) -> dict[str, Any]:
    for u in urls[:warmup]:
        client.get(u)
    times, bad = [], []
    for u in urls:
        sec, status, _ = timed_get(client, u)
        times.append(sec)
        if status != 200:
            bad.append(f"{status} {u}")
    return {**stats(times), "errors": len(bad), "error_examples": bad[:3]}


def words_of(db: Path, rng: random.Random, n: int = 400) -> list[str]:
    """Words of a sample of the store's articles (what readers search for), seeded."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    top = con.execute("SELECT max(id) FROM articles").fetchone()[0] or 0
    words: set[str] = set()
    for i in sorted(rng.sample(range(1, top + 1), min(n, top))):
        row = con.execute("SELECT title, text FROM articles WHERE id = ?", (i,)).fetchone()
        if row:
            words.update(w for w in re.findall(r"[^\W\d_]{4,}", f"{row[0] or ''} {row[1][:2000]}"))
    con.close()
    from newsprism.store.backends import STOPWORDS

    return sorted(w for w in words if w.lower() not in STOPWORDS)


def wait_fresh(client: Any, story_id: int, timeout: float) -> dict[str, Any]:
    """Poll the story's analysis status (as its page does) until it is fresh."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        st = client.get(f"/api/stories/{story_id}/status").json()
        if st.get("state") == "fresh":
            return dict(st)
        if (st.get("job") or {}).get("state") == "failed":
            raise SystemExit(f"the analysis of story {story_id} failed: {st['job'].get('error')}")
        time.sleep(0.1)
    raise SystemExit(f"the analysis of story {story_id} was not ready in {timeout:.0f} s")


# --- the parts ---------------------------------------------------------------------------

def part_story(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    import httpx

    db, story_id, info = story_store(args.story_size, folder)
    fresh_db = folder / f"story-{args.story_size}-run.db"
    sqlite_copy(db, fresh_db)  # each run starts with no analysis kept
    say(f"story part: story {story_id} of {info['story_articles']} articles in {fresh_db}")
    out: dict[str, Any] = {"store": str(fresh_db), "story_id": story_id, **info}
    with Server(fresh_db) as server, httpx.Client(base_url=server.base, timeout=120) as client:
        t = time.perf_counter()
        first, status, size = timed_get(client, f"/stories/{story_id}")
        st = wait_fresh(client, story_id, args.analysis_timeout)
        cold = time.perf_counter() - t
        out["first_request_ms"] = round(1000 * first, 1)
        out["first_request_status"] = status
        out["cold_analysis_s"] = round(cold, 1)
        out["analysis_compute_s"] = st.get("seconds")
        say(f"  first request {1000 * first:.0f} ms (status {status}), analysis ready after {cold:.1f} s "
            f"(computed in {st.get('seconds')} s)")
        urls = [f"/stories/{story_id}"] * args.requests
        out["warm_page"] = measure(client, urls)
        out["warm_page_bytes"] = timed_get(client, f"/stories/{story_id}")[2]
        out["warm_api_story"] = measure(client, [f"/api/stories/{story_id}"] * args.requests)
        out["warm_api_analysis"] = measure(client, [f"/api/stories/{story_id}/analysis"] * max(20, args.requests // 5))
        arts = client.get(f"/api/stories/{story_id}").json()["articles"]
        rng = random.Random(SEED)
        out["warm_article_page"] = measure(client, [f"/articles/{rng.choice(arts)['id']}"
                                                    for _ in range(args.requests)])
        say(f"  warm story page: {out['warm_page']}")
    return out


def part_list(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    import httpx

    base, how = base_store(args, folder)
    grown = folder / f"grown-{args.store_size}.db"
    say(f"list part: growing {base.name} to {args.store_size:,} articles ...")
    g = grow(base, args.store_size, grown)
    rng = random.Random(SEED)
    words = words_of(grown, rng)
    out: dict[str, Any] = {"store": str(grown), "base": how, "grow": g}
    with sqlite3.connect(f"file:{grown}?mode=ro", uri=True) as con:
        out["articles"] = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        out["stories"] = con.execute("SELECT count(*) FROM stories WHERE merged_into IS NULL").fetchone()[0]
        days = con.execute("SELECT min(last), max(last) FROM stories WHERE last IS NOT NULL").fetchone()
    con.close()
    say(f"  {out['articles']:,} articles, {out['stories']:,} live stories")
    n = args.requests

    def q(k: int) -> str:
        return "+".join(rng.sample(words, k))

    from datetime import date, timedelta

    lo, hi = date.fromisoformat(days[0]), date.fromisoformat(days[1])

    def month() -> str:
        d = lo + timedelta(days=rng.randrange(max(1, (hi - lo).days)))
        return f"since={d}&until={d + timedelta(days=30)}"

    plans: dict[str, list[str]] = {
        "list page 1": ["/"] * n,
        "list pages 2-5": [f"/?page={rng.randint(2, 5)}" for _ in range(n)],
        "list, a month": [f"/?{month()}" for _ in range(n)],
        "search page": [f"/search?q={q(rng.randint(1, 3))}" for _ in range(n)],
        "list filtered by words": [f"/?q={q(rng.randint(1, 2))}" for _ in range(n)],
        "api stories": [f"/api/stories?page={rng.randint(1, 5)}" for _ in range(n)],
        "api search": [f"/api/search?q={q(rng.randint(1, 3))}" for _ in range(n)],
    }
    with Server(grown) as server, httpx.Client(base_url=server.base, timeout=60) as client:
        for name, urls in plans.items():
            out[name] = measure(client, urls)
            say(f"  {name}: {out[name]}")
    return out


def reader(base: str, urls: Callable[[random.Random], str], stop: threading.Event, seed: int,
           think: float, record: Callable[[float, int, str], None]) -> None:
    import httpx

    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=60) as client:
        while not stop.is_set():
            url = urls(rng)
            t = time.perf_counter()
            try:
                r = client.get(url)
                r.read()
                record(time.perf_counter() - t, r.status_code, url)
            except Exception as exc:  # a failed request is an error, and the reader goes on
                record(time.perf_counter() - t, 0, f"{url}: {type(exc).__name__}: {exc}")
            if think:
                stop.wait(rng.uniform(0, 2 * think))


def part_readers(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    import httpx

    base, how = base_store(args, folder)
    db = folder / "readers.db"
    sqlite_copy(base, db)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        base_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        top = con.execute("SELECT max(id) FROM articles").fetchone()[0]
        small = [r[0] for r in con.execute(
            "SELECT id FROM stories WHERE merged_into IS NULL AND n_articles BETWEEN 3 AND 8 "
            "ORDER BY last DESC LIMIT 5")]
    con.close()
    jsonl = replay(base_articles, args.ingest, folder / f"readers-ingest-{args.ingest}.jsonl")
    rng = random.Random(SEED)
    words = words_of(db, rng)
    out: dict[str, Any] = {"store": str(db), "base": how, "base_articles": base_articles,
                           "ingest_articles": args.ingest, "readers": args.readers, "think_ms": args.think_ms,
                           "story_pages_of": small}

    def urls(r: random.Random) -> str:
        x = r.random()
        if x < 0.25:
            return f"/?page={r.randint(1, 10)}"
        if x < 0.40:
            return f"/search?q={r.choice(words)}"
        if x < 0.55 and small:
            return f"/stories/{r.choice(small)}"
        if x < 0.70:
            return f"/articles/{r.randint(1, top)}"
        if x < 0.80:
            return f"/?q={r.choice(words)}"
        if x < 0.90:
            return f"/api/stories?page={r.randint(1, 5)}"
        return f"/api/search?q={r.choice(words)}"

    with Server(db) as server:
        with httpx.Client(base_url=server.base, timeout=300) as client:
            t = time.perf_counter()
            for sid in small:  # their analyses kept before the readers come
                client.get(f"/api/stories/{sid}/status")
            for sid in small:
                wait_fresh(client, sid, args.analysis_timeout)
            say(f"readers part: {len(small)} stories analysed in {time.perf_counter() - t:.0f} s")

        def run(seconds: float | None, ingest: bool) -> dict[str, Any]:
            lock = threading.Lock()
            rows: list[tuple[float, int, str]] = []

            def record(sec: float, status: int, url: str) -> None:
                with lock:
                    rows.append((sec, status, url))

            stop = threading.Event()
            threads = [threading.Thread(target=reader, args=(server.base, urls, stop, SEED + i,
                                                             args.think_ms / 1000, record), daemon=True)
                       for i in range(args.readers)]
            t = time.perf_counter()
            for th in threads:
                th.start()
            info: dict[str, Any] = {}
            if ingest:
                info["ingest_s"] = round(ingest_jsonl(jsonl, db), 1)
            else:
                time.sleep(seconds or 0)
            stop.set()
            for th in threads:
                th.join(120)
            wall = time.perf_counter() - t
            bad = [r for r in rows if r[1] != 200]
            kinds: dict[str, list[float]] = {}
            for sec, _, url in rows:
                kind = "/?q=" if url.startswith("/?q=") else (re.sub(r"[?/]\d+.*|\?.*", "", url) or "/")
                kinds.setdefault(kind, []).append(sec)
            return {**info, "wall_s": round(wall, 1), "requests": len(rows),
                    "requests_per_s": round(len(rows) / wall, 1), **stats([r[0] for r in rows]),
                    "errors": len(bad), "error_examples": [f"{s} {u}" for _, s, u in bad[:5]],
                    "p95_ms_by_page": {k: stats(v)["p95_ms"] for k, v in sorted(kinds.items())}}

        out["alone"] = run(args.alone_s, ingest=False)
        say(f"  readers alone ({args.alone_s:.0f} s): {out['alone']}")
        say(f"  readers while ingesting {args.ingest:,} articles ...")
        out["during_ingest"] = run(None, ingest=True)
        say(f"  during the ingest: {out['during_ingest']}")
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
            out["articles_after"] = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        con.close()
        out["server_output_tail"] = server.output()[-500:]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parts", nargs="+", choices=("story", "list", "readers"), default=["story", "list", "readers"])
    ap.add_argument("--keep", type=Path, help="folder for the stores built (kept for the next run; default: temporary)")
    ap.add_argument("--story-size", type=int, default=100, help="articles of the story of the story part")
    ap.add_argument("--requests", type=int, default=100, help="requests of each kind timed (story and list parts)")
    ap.add_argument("--analysis-timeout", type=float, default=900.0, help="seconds to wait for a cold analysis")
    ap.add_argument("--base-db", type=Path, help="a store to start the list and readers parts from "
                                                 "(copied, never changed; e.g. bench/ingest.py --keep DIR's)")
    ap.add_argument("--base", type=int, default=1000, help="without --base-db: articles of the replay to ingest")
    ap.add_argument("--store-size", type=int, default=20_000, help="articles of the list part's store (grown)")
    ap.add_argument("--readers", type=int, default=20)
    ap.add_argument("--ingest", type=int, default=2_000, help="articles ingested while the readers read")
    ap.add_argument("--think-ms", type=float, default=0.0, help="mean pause of a reader between requests")
    ap.add_argument("--alone-s", type=float, default=20.0, help="seconds the readers read with no ingest first")
    args = ap.parse_args()
    results: dict[str, Any] = {"cpus": os.cpu_count(), "load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for part, fn in (("story", part_story), ("list", part_list), ("readers", part_readers)):
            if part in args.parts:
                t = time.perf_counter()
                results[part] = fn(args, folder)
                results[part]["part_s"] = round(time.perf_counter() - t, 1)
    results["load_after"] = os.getloadavg()[0]
    results["targets"] = {"story page warm p95": "< 300 ms", "list and search p95 at 100k": "< 200 ms",
                          "readers during a 10k ingest": "no errors, p95 stated"}
    table(results)
    print(json.dumps(results))


def table(r: dict[str, Any]) -> None:
    rows: list[tuple[str, dict[str, Any]]] = []
    if "story" in r:
        s = r["story"]
        print(f"story of {s['story_articles']} articles: cold analysis {s['cold_analysis_s']} s "
              f"(computed in {s['analysis_compute_s']} s; first request {s['first_request_ms']} ms)")
        rows += [(f"story page, warm ({s['warm_page_bytes']:,} bytes)", s["warm_page"]),
                 ("api story, warm", s["warm_api_story"]), ("api analysis, warm", s["warm_api_analysis"]),
                 ("article page", s["warm_article_page"])]
    if "list" in r:
        li = r["list"]
        print(f"list store: {li['articles']:,} articles, {li['stories']:,} stories ({li['base']}, grown in SQL)")
        rows += [(k, v) for k, v in li.items() if isinstance(v, dict) and "p95_ms" in v]
    if rows:
        print(f"{'':<34} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'errors':>7}")
        for name, v in rows:
            print(f"{name:<34} {v['n']:>5} {v['median_ms']:>10} {v['p95_ms']:>8} {v['max_ms']:>8} {v.get('errors', 0):>7}")
    if "readers" in r:
        rd = r["readers"]
        for k in ("alone", "during_ingest"):
            v = rd[k]
            extra = f", ingest {v['ingest_s']} s" if "ingest_s" in v else ""
            print(f"{rd['readers']} readers {k.replace('_', ' ')}: {v['requests']} requests in {v['wall_s']} s{extra}; "
                  f"median {v['median_ms']} ms, p95 {v['p95_ms']} ms, max {v['max_ms']} ms; errors {v['errors']}")


if __name__ == "__main__":
    main()
