"""Search latency on the benchmark store: the slowest of 1,000 random queries (issue 21).

    python bench/search.py --db STORE.db            # a store built by bench/ingest.py --keep DIR
    python bench/search.py --size 100000 [--keep DIR]  # builds that store first (as bench/ingest.py)
    python bench/search.py --db STORE.db --grow-to 100000 [--keep DIR]  # its articles copied to 100k

The queries are drawn with a fixed seed from the store's own words (so that most of them find
articles): ordinary searches of one to four words; 2 to 12 of the store's 64 most frequent
words (those nearly every article holds: the most work for ranking); one word repeated 2 to
3,200 times (issue 21: "court" 3,200 times took 76 s); full-text syntax (quotes, ``OR``,
``NEAR``, ``*``, ``^``, columns, brackets); and long queries (20 to 40 different words, pasted
sentences up to 1,200 characters).  Each query runs as ``newsprism search`` runs it
(``Store.search``, 20 hits, the store opened read-only; process start-up not included) and as
``newsprism stories --query`` does (``Store.stories``); a query refused with a ``QueryError``
(over the length or word limit, or only stop words) counts with the time it took to refuse
it.  Then the costliest query the limits let through: the store's 32 most frequent words that
are searched (not stop words).

``--grow-to N`` measures on a copy of the store whose articles are inserted again (new rows,
same texts, same stories; the full-text index grows with them) until it holds N: a store of
that size in a few minutes, where building one by ingesting takes hours on a slow machine.

Prints the median, 95th percentile and maximum of each, the slowest queries, then one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

QUERIES = 1_000
SEED = 21
# words the store's vocabulary is drawn from: this many articles, spread over the store
SAMPLE_ARTICLES = 500
# the store's most frequent words (in the sampled articles) that the common queries draw from
COMMON_WORDS = 64
FTS_SYNTAX = ('"{a} {b}"', "{a} OR {b}", "NEAR({a} {b}, 3)", "{a}*", "^{a}", "title:{a}", "({a} OR {b}) AND {c}",
              "{a} NOT {b}", '"{a}" OR (NEAR*', "{a} + {b} - {c}", "'{a}' -- {b}; DROP TABLE articles",
              '{a}"{b}', "*", "{a} AND", "NEAR(", ")))", '""""', "{a}:{b}:{c}")


def vocabulary(db: Path, rng: random.Random) -> tuple[list[str], list[str]]:
    """Distinct words of a sample of the store's articles, and those most of them hold, most
    frequent first (lower-cased)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    top = con.execute("SELECT max(id) FROM articles").fetchone()[0] or 0
    ids = sorted(rng.sample(range(1, top + 1), min(SAMPLE_ARTICLES, top)))
    words: set[str] = set()
    df: Counter[str] = Counter()
    for i in ids:
        row = con.execute("SELECT text FROM articles WHERE id = ?", (i,)).fetchone()
        if row:
            found = re.findall(r"[^\W\d_]+", row[0])
            words.update(w for w in found if len(w) >= 3)
            df.update({w.lower() for w in found})
    con.close()
    return sorted(words), [w for w, _ in df.most_common()]


def queries(vocab: list[str], frequent: list[str], n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, query): ordinary, common words, repeated word, full-text syntax, long."""
    common = frequent[:COMMON_WORDS]
    out: list[tuple[str, str]] = []
    for i in range(n):
        kind = ("ordinary", "common", "repeated", "syntax", "long")[i % 5]
        if kind == "ordinary":
            q = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 4)))
        elif kind == "common":
            q = " ".join(rng.sample(common, rng.randint(2, 12)))
        elif kind == "repeated":
            word = rng.choice(vocab + ["court"])
            q = " ".join([word] * rng.choice((2, 10, 50, 150, 400, 1000, 3200)))
        elif kind == "syntax":
            a, b, c = (rng.choice(vocab) for _ in range(3))
            q = rng.choice(FTS_SYNTAX).format(a=a, b=b, c=c)
        else:
            m = rng.randint(20, 40)
            pool = vocab + common * 20
            q = " ".join(rng.choice(pool) for _ in range(m))
            if rng.random() < 0.5:  # a pasted paragraph: sentences up to 1,200 characters
                while len(q) < rng.randint(200, 1_200):
                    q += ". " + " ".join(rng.choice(pool) for _ in range(rng.randint(8, 25)))
        out.append((kind, q))
    return out


def timed(fn, q: str) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    """Seconds one call took, and what came of it ("12 hits", "refused: ...")."""
    from newsprism.errors import QueryError

    t = time.perf_counter()
    try:
        found = len(fn(q))
        what = f"{found} hits"
    except QueryError as exc:
        what = f"refused: {exc.message[:60]}"
    return time.perf_counter() - t, what


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"median_ms": round(1000 * statistics.median(ordered), 2), "p95_ms": round(1000 * p95, 2),
            "max_ms": round(1000 * ordered[-1], 2)}


def build(size: int, folder: Path) -> Path:
    """The benchmark store of ``size`` articles, as bench/ingest.py builds it (kept in ``folder``)."""
    import ingest as bench_ingest

    db = folder / f"bench-{size}.db"
    if not db.exists():
        jsonl = folder / f"replay-{size}.jsonl"
        bench_ingest.generate(size, jsonl, bench_ingest.base_texts())
        print(f"building {db} ({size:,} articles) ...", file=sys.stderr)
        r = bench_ingest.run(jsonl, db)
        print(f"built in {r['wall_s']} s", file=sys.stderr)
    return db


COLUMNS = ("doc_id, source, url, outlet, title, published, published_time, author, language, text, "
           "source_text, format, evidence, story_id, ingested_at")


def grow(src: Path, n: int, folder: Path) -> Path:
    """A copy of the store at ``src`` whose articles are inserted again, in id order, until it
    holds ``n`` (each copy a row of its own: a suffixed content hash, no features, no links)."""
    dst = folder / f"{src.stem}-grown-{n}.db"
    if dst.exists():
        return dst
    with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    con = sqlite3.connect(dst)
    base = con.execute("SELECT max(id) FROM articles").fetchone()[0]
    have = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    t = time.perf_counter()
    copy = 0
    while have < n:
        copy += 1
        con.execute(f"INSERT INTO articles (content_hash, {COLUMNS}) SELECT content_hash || ':' || ?, {COLUMNS} "
                    "FROM articles WHERE id <= ? ORDER BY id LIMIT ?", (copy, base, n - have))
        con.commit()
        have = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.execute("UPDATE stories SET n_articles = (SELECT count(*) FROM articles WHERE story_id = stories.id)")
    con.commit()
    con.close()
    print(f"grew {dst} to {have:,} articles in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return dst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="an existing store (default: build one of --size articles)")
    ap.add_argument("--size", type=int, default=100_000, help="articles of the store to build")
    ap.add_argument("--keep", type=Path, help="folder for the built store (default: temporary)")
    ap.add_argument("--grow-to", type=int, help="measure on a copy of the store grown to this many articles")
    ap.add_argument("--queries", type=int, default=QUERIES)
    args = ap.parse_args()
    from newsprism.store import Store
    from newsprism.store.backends import MAX_QUERY_TERMS, STOPWORDS

    with tempfile.TemporaryDirectory() as tmp:
        if args.db is not None:
            db = args.db
        else:
            folder = args.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            db = build(args.size, folder)
        if args.grow_to:
            folder = args.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            db = grow(db, args.grow_to, folder)
        rng = random.Random(SEED)
        vocab, frequent = vocabulary(db, rng)
        qs = queries(vocab, frequent, args.queries, rng)
        with Store.open(str(db), create=False) as store:
            articles = store.counts()["articles"]
            results: dict[str, list[tuple[float, str, str, str]]] = {"search": [], "stories": []}
            for kind, q in qs:
                for name, fn in (("search", lambda x: store.search(x, limit=20)),
                                 ("stories", lambda x: store.stories(query=x, limit=50))):
                    sec, what = timed(fn, q)
                    results[name].append((sec, kind, q, what))
            issue, issue_what = timed(lambda x: store.search(x, limit=20), " ".join(["court"] * 3200))
            # the costliest query let through: as many different words as allowed, the store's
            # most frequent ones that are searched (not STOPWORDS)
            worst_q = " ".join([w for w in frequent if w not in STOPWORDS][:MAX_QUERY_TERMS])
            worst = {name: timed(fn, worst_q)[0] for name, fn in (
                ("search", lambda x: store.search(x, limit=20)), ("stories", lambda x: store.stories(query=x)))}
    report: dict[str, object] = {"store": str(db), "articles": articles, "queries": len(qs),
                                 "issue_query_court_x3200_ms": round(1000 * issue, 2), "issue_query": issue_what,
                                 "most_common_words_at_the_word_limit": worst_q,
                                 "most_common_words_at_the_word_limit_ms": {k: round(1000 * v, 2)
                                                                            for k, v in worst.items()}}
    print(f"{articles:,} articles in {db}; {len(qs)} queries "
          f"({', '.join(f'{k} {sum(1 for x, _ in qs if x == k)}' for k in dict.fromkeys(k for k, _ in qs))})")
    for name, rows in results.items():
        s = summary([r[0] for r in rows])
        refused = sum(1 for r in rows if r[3].startswith("refused"))
        by_kind = {k: summary([r[0] for r in rows if r[1] == k])["max_ms"] for k in dict.fromkeys(r[1] for r in rows)}
        report[name] = {**s, "refused": refused, "max_ms_by_kind": by_kind,
                        "slowest": [{"ms": round(1000 * r[0], 2), "kind": r[1], "query": r[2][:120],
                                     "chars": len(r[2]), "result": r[3]}
                                    for r in sorted(rows, reverse=True)[:5]]}
        print(f"\n{name}: median {s['median_ms']} ms, p95 {s['p95_ms']} ms, max {s['max_ms']} ms; "
              f"{refused} refused; max by kind (ms): {by_kind}")
        for r in sorted(rows, reverse=True)[:5]:
            print(f"  {1000 * r[0]:9.1f} ms  {r[1]:>8}  {len(r[2]):>5} chars  {r[3]:<24}  {r[2][:60]!r}")
    print(f"\nissue 21's query (\"court\" x 3,200): {1000 * issue:.1f} ms, {issue_what}")
    print(f"the store's {MAX_QUERY_TERMS} most common words searched ({worst_q[:50]}...): search "
          f"{1000 * worst['search']:.1f} ms, stories --query {1000 * worst['stories']:.1f} ms")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
