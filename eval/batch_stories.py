"""How far `newsprism batch`'s stories are from corpus mode's online ones, on the same input.

Usage (from the repository root)::

    .venv/bin/python eval/batch_stories.py --data ../shared/eval-data
    .venv/bin/python eval/batch_stories.py --data ../shared/eval-data --sets neus --windows 3

For each set (ECB+: 982 documents, 86 gold stories; NeuS val: 921 documents, 307 gold
stories of three) the documents are written as one JSONL file in date order and given to

- ``newsprism ingest`` (corpus mode: the online clusterer, one article at a time in file order)
  into a fresh store, and
- ``newsprism batch`` (local engine, 2 workers) with windows of 1, 3 and 7 days, and with one
  window holding everything (``all``: no join at all, what the batch form differs in besides
  windows: the corpus term weights, final instead of running, and the in-window date order);
  each also joined with ``link="all"`` instead of the default plurality (:mod:`newsprism.batch.join`).

Dates.  Neither set dates its documents usefully (NeuS none; ECB+ 145 of 982), and windows only
matter with dates, so each gold story gets a day drawn uniformly from 60 days and each of its
documents that day plus -3..+3 days (seeded): a story's coverage then straddles window
boundaries as real coverage does.  Same-day documents are in a seeded shuffled order.

Undated (``--undated SHARE``): that share of the documents (seeded) is written without a day,
as records of an archive that carries none: corpus mode places them against every story; a
batch run places them in its undated window, whose halo is every dated story's latest articles
(:mod:`newsprism.batch.windows`).

Scores: B-cubed precision / recall / F1 and ARI of batch against online (online taken as the
reference: B-cubed F1 1.0 = the same partition), and of each against the gold stories.  The last
line of stdout is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories import Doc, ari, bcubed, load_ecb, load_neus  # noqa: E402

DAYS = 60
SPREAD = 3
START = date(2025, 1, 1)


def dated(docs: list[Doc], seed: int) -> list[tuple[Doc, str]]:
    """Each document with its synthetic day (see the module docstring), in date order."""
    rng = random.Random(seed)
    centre: dict[str, date] = {}
    out = []
    for d in docs:
        if d.gold not in centre:
            centre[d.gold] = START + timedelta(days=rng.randrange(DAYS))
        out.append((d, (centre[d.gold] + timedelta(days=rng.randint(-SPREAD, SPREAD))).isoformat()))
    rng.shuffle(out)
    out.sort(key=lambda x: x[1])
    return out


def write_jsonl(items: list[tuple[Doc, str]], path: Path, undated: frozenset[str] = frozenset()) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for d, day in items:
            rec: dict[str, Any] = {"id": d.id, "text": d.raw.text}
            if d.id not in undated:
                rec["published"] = day
            if d.raw.meta.get("title"):
                rec["title"] = d.raw.meta["title"]
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def online(path: Path, folder: Path) -> tuple[dict[str, int], float]:
    from newsprism.corpus import ingest
    from newsprism.store import Store

    db = str(folder / "online.db")
    t = time.perf_counter()
    ingest([path], db, workers=2)
    secs = time.perf_counter() - t
    with Store.open(db, create=False) as store:
        return {a.doc_id: st.id for st in store.stories(limit=1_000_000)
                for a in store.story_articles(st.id)}, secs


def batch(path: Path, out: Path, window: int, halo: int) -> tuple[dict[str, dict[str, int]], float]:
    import pyarrow.parquet as pq

    from newsprism.batch.join import join_windows, ordered_keys
    from newsprism.batch.plan import Options
    from newsprism.batch.run import run_batch

    t = time.perf_counter()
    run_batch([path], out, engine="local", workers=2, options=Options(window=window, halo=halo))
    secs = time.perf_counter() - t

    def read() -> dict[str, int]:
        rows = pq.read_table(out / "stories.parquet", columns=["story_id", "doc_ids"]).to_pylist()
        return {d: r["story_id"] for r in rows for d in r["doc_ids"]}

    result = {"plurality": read()}
    keys = ordered_keys([p.stem.split("=", 1)[1] for p in (out / "clusters").glob("window=*.parquet")])
    names = [f"part-{p['index']:05d}" for p in json.loads((out / "plan.json").read_text())["partitions"]]
    join_windows(out, keys, names, link="all")
    result["all"] = read()
    return result, secs


def compare(ref: dict[str, Any], pred: dict[str, int]) -> dict[str, float]:
    ids = sorted(set(ref) & set(pred))
    g = [str(ref[i]) for i in ids]
    p = [pred[i] for i in ids]
    prec, rec, f1 = bcubed(g, p)
    return {"b3_p": round(prec, 4), "b3_r": round(rec, 4), "b3_f1": round(f1, 4), "ari": round(ari(g, p), 4),
            "docs": len(ids), "stories": len(set(p))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/eval-data"))
    ap.add_argument("--sets", nargs="+", default=["ecbplus", "neus"], choices=["ecbplus", "neus"])
    ap.add_argument("--windows", nargs="+", default=["1", "3", "7", "all"])
    ap.add_argument("--halos", nargs="+", type=int, default=[7], help="halo days (0: none)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--undated", type=float, default=0.0,
                    help="share of the documents written without a day (seeded)")
    args = ap.parse_args(argv)
    results: dict[str, Any] = {}
    for name in args.sets:
        docs = load_ecb(args.data / "ecbplus") if name == "ecbplus" else load_neus(args.data / "neus_allsides", "val")
        gold = {d.id: d.gold for d in docs}
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            path = folder / f"{name}.jsonl"
            rng = random.Random(args.seed + 1)
            undated = frozenset(d.id for d in docs if rng.random() < args.undated)
            write_jsonl(dated(docs, args.seed), path, undated)
            ref, secs = online(path, folder)
            res: dict[str, Any] = {"undated": len(undated), "online": {"vs_gold": compare(gold, ref),
                                              "seconds": round(secs, 1)}}
            print(f"{name}: online vs gold {res['online']['vs_gold']}  ({secs:.1f} s)", flush=True)
            runs = [(w, h) for w in args.windows if w != "all" for h in args.halos]
            runs += [("all", 0)] if "all" in args.windows else []  # one window: no halo to read
            for w, h in runs:
                days = 100_000 if w == "all" else int(w)
                preds, secs = batch(path, folder / f"batch-{w}-{h}", days, h)
                for link, pred in preds.items():
                    row = {"vs_online": compare(ref, pred),
                           "vs_gold": compare(gold, pred),
                           "seconds": round(secs, 1)}
                    res[f"window {w}, halo {h}, link {link}"] = row
                    print(f"{name}: window {w:>3}, halo {h}, link {link:<9} vs online {row['vs_online']}  "
                          f"vs gold {row['vs_gold']}  ({secs:.1f} s)", flush=True)
            results[name] = res
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
