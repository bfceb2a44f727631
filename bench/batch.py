"""Batch throughput: `newsprism batch` with 1 and 2 workers (local engine and Dask), against
corpus-mode `newsprism ingest` of the same input, in the same run.

    python bench/batch.py [--articles 3000] [--partitions 24] [--repeat 1] [--engines local dask]

The input is bench/ingest.py's replay of the real evaluation texts (PolNeAR, ECB+, NeuS train;
wording perturbed per replay), dated over one month in file order (a crawl's arrival order), as
one JSONL file in a temporary folder (third-party text: never in the repository), cut into
``--partitions`` partitions of equal bytes.  Each
command runs as a fresh process, as a user runs it: wall seconds include starting the workers
and loading their models.  For batch runs the seconds of each stage (plan, map, reduce,
windows, join) come from the run's ``_SUCCESS``; "steady" articles/s leaves the start-up out
(map + reduce + windows + join).

The load average of the machine is printed with every run: other processes share its cores,
so a speed-up below the ideal may be theirs.  Prints a table, then one JSON object.

    python bench/batch.py --undated-scan

times the undated window's scan for the dated originals of undated copies
(``windows.undated_halo``): a local batch run of ``--articles`` replayed articles, then
every dated article looked up in a copy index of one tenth of them (standing in for the
undated articles), one core; prints dated articles scanned a second.

    python bench/batch.py --driver-scale 1000000

times what the driver does alone (the sequential part: the term-count and repeated-text
reductions and the cross-window join that writes stories.parquet and copies.parquet) on
synthetic outputs of the map and window stages for that many articles (narrow columns only: no
texts, which the driver never reads; 100 partitions, 30 days in 3-day windows with 7-day halos,
~60,000 distinct terms a partition), in a fresh process, with its peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import SHARED, base_texts, generate  # noqa: E402

EXE = Path(sys.executable).with_name("newsprism")


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def _children_cpu() -> float:
    """User + system seconds of the finished child processes (the command, its workers): the
    work done, whatever the machine's other load made each core's second worth.  A run of two
    workers that needs no more of it than a run of one adds no work of its own."""
    t = os.times()
    return t.children_user + t.children_system


def spread_over_month(jsonl: Path, days: int = 30) -> None:
    """Date the records over one month in file order (arrival order is time order, as in a
    crawl): the replay dates its base texts by set (every ECB+ text 2013-01-01, every NeuS one
    2020-01-01), which put 79% of 3,000 articles in one clustering window."""
    from datetime import date, timedelta

    lines = jsonl.read_text("utf-8").splitlines()
    start = date(2025, 3, 1)
    with jsonl.open("w", encoding="utf-8") as fh:
        for i, line in enumerate(lines):
            rec = json.loads(line)
            rec["published"] = (start + timedelta(days=i * days // max(len(lines), 1))).isoformat()
            rec["url"] = f"{rec['url'].rsplit('/', 1)[0]}/{rec['published']}/{rec['id']}"
            fh.write(json.dumps(rec) + "\n")


def run_ingest(jsonl: Path, folder: Path, n: int) -> dict[str, object]:
    db = folder / "ingest.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    load = _load()
    t = time.perf_counter()
    proc = subprocess.run([str(EXE), "ingest", str(jsonl), "--db", str(db), "-q"], capture_output=True, text=True)
    wall = time.perf_counter() - t
    if proc.returncode not in (0, 3):
        raise SystemExit(f"ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return {"run": "ingest (corpus mode, 2 workers)", "wall_s": round(wall, 2),
            "articles_per_s": round(n / wall, 1), "load_before": load, "load_after": _load()}


def run_batch(jsonl: Path, folder: Path, n: int, engine: str, workers: int, partition_mb: float) -> dict[str, object]:
    out = folder / f"batch-{engine}-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    load = _load()
    t, c = time.perf_counter(), _children_cpu()
    proc = subprocess.run([str(EXE), "batch", str(jsonl), "--out", str(out), "--engine", engine,
                           "--workers", str(workers), "--partition-mb", f"{partition_mb:.6f}", "-q"],
                          capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t, _children_cpu() - c
    if proc.returncode not in (0, 3):
        raise SystemExit(f"batch failed ({proc.returncode}): {proc.stderr[-2000:]}")
    summary = json.loads((out / "_SUCCESS").read_text("utf-8"))
    stages = summary["stages"]
    steady = sum(v for k, v in stages.items() if k != "plan")
    return {"run": f"batch {engine}, {workers} worker{'s' if workers > 1 else ''}", "wall_s": round(wall, 2),
            "articles_per_s": round(n / wall, 1), "steady_articles_per_s": round(n / steady, 1),
            "cpu_s": round(cpu, 1),
            "stages_s": stages, "partitions": summary["partitions"], "windows": summary["windows"],
            "stories": summary["stories"], "load_before": load, "load_after": _load()}


def per_article_ms(jsonl: Path, shared: Path, n: int = 181) -> dict[str, float]:
    """Milliseconds per article of one worker's task (read, clean, features, embedding) for
    JSONL text and for HTML pages (the extraction benchmark's 181 real pages, trafilatura
    extraction included: what a WARC of CC-News costs per page), in one process, models loaded."""
    from itertools import islice

    from newsprism.batch.models import worker_models
    from newsprism.corpus import prepare
    from newsprism.ingest import read_inputs
    from newsprism.model import RawDocument

    encoder = worker_models(True)
    out: dict[str, float] = {}
    html = sorted((shared / "eval-data" / "article_extraction_benchmark" / "html").glob("*.html*"))[:n]
    for name, inputs in (("jsonl_text", [jsonl]), ("html_page", html)):
        t = time.perf_counter()
        docs = [d for d in islice(read_inputs(inputs), n) if isinstance(d, RawDocument)]
        prepare(docs, encoder)
        out[name] = round(1000 * (time.perf_counter() - t) / max(len(docs), 1), 1)
    return out


def driver_scale(n: int, folder: Path, parts: int = 100, days: int = 30, window: int = 3, halo: int = 7) -> dict[str, object]:
    """Write synthetic map and window outputs for ``n`` articles, then time the driver's stages
    on them in a fresh process (see the module docstring)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsprism.batch.plan import window_key
    from newsprism.batch.prepare import ID_STRIDE

    rng = np.random.default_rng(3)
    out = folder / "driver"
    shutil.rmtree(out, ignore_errors=True)
    for sub in ("articles", "terms", "clusters"):
        (out / sub).mkdir(parents=True)
    per = n // parts
    start = np.datetime64("2025-03-01")
    all_ids, all_days = [], []
    for p in range(parts):
        ids = p * ID_STRIDE + np.arange(per, dtype=np.int64)
        day = (start + rng.integers(0, days, per)).astype(str)
        hashes = np.char.add("h", rng.integers(0, int(n * 0.99), per).astype(str))  # ~1% repeats
        pq.write_table(pa.table({"id": ids, "doc_id": np.char.add("doc", ids.astype(str)),
                                 "title": np.char.add("Title ", ids.astype(str)), "published": day,
                                 "outlet": np.char.add("outlet", rng.integers(0, 500, per).astype(str)),
                                 "content_hash": hashes}), out / "articles" / f"part-{p:05d}.parquet")
        terms = np.unique(rng.zipf(1.3, 60_000) % 2_000_000).astype(np.int64)
        pq.write_table(pa.table({"term": np.r_[-1, terms], "df": np.r_[per, rng.integers(1, 50, len(terms))]}),
                       out / "terms" / f"part-{p:05d}.parquet")
        all_ids.append(ids)
        all_days.append(day)
    ids, day = np.concatenate(all_ids), np.concatenate(all_days)
    keys = np.array([window_key(d, window) for d in day.tolist()])
    for key in sorted(set(keys.tolist())):
        own = ids[keys == key]
        lo = (np.datetime64(key) - halo).astype(str)
        before = ids[(day >= lo) & (day < key)]
        story = rng.integers(0, max(len(own) // 3, 1), len(own) + len(before))  # ~3 articles a story
        copy_of = np.where(rng.random(len(own)) < 0.05, own[0], -1)
        pq.write_table(pa.table({
            "id": np.r_[before, own], "story": story, "own": np.r_[np.zeros(len(before), bool), np.ones(len(own), bool)],
            "copy_of": pa.array(np.r_[np.full(len(before), -1), copy_of], mask=np.r_[np.full(len(before), -1), copy_of] < 0),
            "similarity": np.full(len(story), 0.8)}), out / "clusters" / f"window={key}.parquet")
    code = f"""
import json, resource, time
from pathlib import Path
from newsprism.batch.reduce import count_terms, find_identical
from newsprism.batch.join import join_windows, ordered_keys
out = Path({str(out)!r}); names = [f"part-{{p:05d}}" for p in range({parts})]
keys = ordered_keys([p.stem.split("=", 1)[1] for p in (out / "clusters").glob("window=*.parquet")])
t = time.perf_counter(); count_terms(out, names); t1 = time.perf_counter()
find_identical(out, names); t2 = time.perf_counter()
r = join_windows(out, keys, names); t3 = time.perf_counter()
print(json.dumps({{"terms_s": round(t1 - t, 2), "identical_s": round(t2 - t1, 2), "join_s": round(t3 - t2, 2),
                  "stories": r.stories, "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}}))
"""
    load = _load()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result.update({"articles": n, "partitions": parts, "windows": len(set(keys.tolist())),
                   "load_before": load, "load_after": _load()})
    return result


def undated_scan(n: int, folder: Path) -> dict[str, object]:
    from newsprism.batch.join import ordered_keys
    from newsprism.batch.models import one_core
    from newsprism.batch.run import run_batch as batch
    from newsprism.batch.windows import _shuffle, undated_halo

    jsonl = folder / f"replay-{n}.jsonl"
    generate(n, jsonl, base_texts())
    spread_over_month(jsonl)
    out = folder / "undated-scan"
    batch([str(jsonl)], str(out), engine="local", workers=2)
    one_core()
    keys = ordered_keys([p.name.split("=", 1)[1] for p in (out / "shuffle").glob("window=*")])
    stand_ins = _shuffle(out, keys)
    stand_ins = stand_ins.slice(0, max(1, stand_ins.num_rows // 10))
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        found = undated_halo(out, keys, stand_ins, set())
        runs.append(time.perf_counter() - t)
    dated = _shuffle(out, keys).num_rows
    sec = statistics.median(runs)
    return {"dated_scanned": dated, "indexed": stand_ins.num_rows, "originals_found": found.num_rows,
            "seconds": round(sec, 3), "dated_per_s": round(dated / sec)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--partitions", type=int, default=24)
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs of each command, interleaved (the median is kept; of two, the faster)")
    ap.add_argument("--engines", nargs="+", default=["local", "dask"], choices=["local", "dask"])
    ap.add_argument("--keep", type=Path, default=None, help="folder for the generated input and outputs")
    ap.add_argument("--driver-scale", type=int, default=0, metavar="N",
                    help="time the driver's reductions and join on synthetic outputs for N articles, only")
    ap.add_argument("--undated-scan", action="store_true",
                    help="time the undated window's scan for the originals of undated copies, only")
    args = ap.parse_args()
    if args.undated_scan:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(undated_scan(args.articles, args.keep or Path(tmp))))
        return
    if args.driver_scale:
        with tempfile.TemporaryDirectory() as tmp:
            r = driver_scale(args.driver_scale, args.keep or Path(tmp))
        print(json.dumps(r))
        return
    texts = base_texts()
    if not texts:
        raise SystemExit("no evaluation texts found under ../shared/eval-data (set NEWSPRISM_SHARED)")
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        jsonl = folder / f"replay-{args.articles}.jsonl"
        generate(args.articles, jsonl, texts)
        spread_over_month(jsonl)
        partition_mb = jsonl.stat().st_size / args.partitions / 1024 / 1024 * 1.001
        plan: list[tuple[str, int]] = [("ingest", 0)] + [(e, w) for e in args.engines for w in (1, 2)]
        runs: dict[tuple[str, int], list[dict[str, object]]] = {k: [] for k in plan}
        for _ in range(args.repeat):  # interleaved, so a busy minute of the machine hits every command
            for engine, workers in plan:
                r = run_ingest(jsonl, folder, args.articles) if engine == "ingest" else \
                    run_batch(jsonl, folder, args.articles, engine, workers, partition_mb)
                print(json.dumps(r), file=sys.stderr, flush=True)
                runs[(engine, workers)].append(r)
        # the median run by wall time (of an even number, the faster middle one)
        best = {k: sorted(v, key=lambda r: float(r["wall_s"]))[(len(v) - 1) // 2]  # type: ignore[arg-type]
                for k, v in runs.items()}
        rows = [best[k] for k in plan]
        ms = per_article_ms(jsonl, SHARED)
    speedups = {}
    for engine in args.engines:
        one, two = best[(engine, 1)], best[(engine, 2)]
        speedups[engine] = {
            "wall": round(float(one["wall_s"]) / float(two["wall_s"]), 2),  # type: ignore[arg-type]
            "steady": round(float(two["steady_articles_per_s"]) / float(one["steady_articles_per_s"]), 2),  # type: ignore[arg-type]
            "map": round(one["stages_s"]["map"] / two["stages_s"]["map"], 2),  # type: ignore[index]
            "windows": round(one["stages_s"]["windows"] / two["stages_s"]["windows"], 2),  # type: ignore[index]
        }
    print(f"{args.articles} articles, {args.partitions} partitions, {os.cpu_count()} cores")
    print(f"{'run':<28} {'wall s':>8} {'art/s':>7} {'steady':>7} {'cpu s':>6}  stages (s)"
          "                                  load")
    for r in rows:
        stages = " ".join(f"{k} {v}" for k, v in r.get("stages_s", {}).items())  # type: ignore[attr-defined]
        print(f"{r['run']:<28} {r['wall_s']:>8} {r['articles_per_s']:>7} {r.get('steady_articles_per_s', ''):>7}"
              f" {r.get('cpu_s', ''):>6}  {stages:<43} {r['load_before']}->{r['load_after']}")
    for engine in args.engines:
        walls = {w: sorted(float(r["wall_s"]) for r in runs[(engine, w)]) for w in (1, 2)}  # type: ignore[arg-type]
        pairs = [round(a / b, 2) for a, b in zip([float(r["wall_s"]) for r in runs[(engine, 1)]],  # type: ignore[arg-type]
                                                [float(r["wall_s"]) for r in runs[(engine, 2)]], strict=True)]  # type: ignore[arg-type]
        print(f"{engine}: walls 1 worker {walls[1]}, 2 workers {walls[2]}; wall ratio of each round {pairs}")
    for engine, s in speedups.items():
        print(f"{engine}: 2 workers / 1 worker = {s['wall']}x wall, {s['steady']}x steady "
              f"(map {s['map']}x, windows {s['windows']}x); target >= 1.8x")
    print(f"one worker's task, ms per article: JSONL text {ms['jsonl_text']}, HTML page {ms['html_page']}")
    print(json.dumps({"articles": args.articles, "partitions": args.partitions, "cores": os.cpu_count(),
                      "runs": rows, "speedup_2_over_1": speedups, "task_ms_per_article": ms}))


if __name__ == "__main__":
    main()
