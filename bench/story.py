"""Wall time of `analyze` with the comparison, for the seeds and for growing stories.

    python bench/story.py [--sizes 10 100 300] [--repeat 3]

1. The five seeds: `newsprism analyze ../shared/seeds/ --json FILE -q` as a fresh
   process, start-up included (target < 5 s), median of ``--repeat`` runs.
2. Stories of 10, 100 and 300 articles: PolNeAR texts (2016 US election
   coverage by seven outlets: one long-running story with the same people in
   every article, which gives the alignment many candidate pairs), as a fresh
   process (target < 30 s for 100 articles), plus an in-process breakdown of
   the comparison steps.  Growth from 100 to 300 articles is reported as a
   ratio next to linear (3x) and quadratic (9x).
3. With ``--reach-back``, only this: the same stories with every article given one publication
   day (PolNeAR has none, so their backgrounds never count otherwise), and what the judge's
   reach-back candidate pairs cost (``compare.judge.reach_back_pairs``: statements of two
   articles that reach back to one year, paired whatever their cosine): how many statements
   reach back, how many pairs that gives, and the seconds to find them.
Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared"))
EXE = Path(sys.executable).with_name("newsprism")


def wall(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run([str(EXE), *args], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def story_files(n: int) -> list[Path]:
    files = sorted((SHARED / "eval-data/polnear/data").glob("*/text/*.txt"))
    step = max(1, len(files) // n)
    return files[::step][:n]


def breakdown(files: list[Path]) -> dict[str, float | int]:
    from newsprism import analyze
    from newsprism.config import Settings

    t = time.perf_counter()
    result = analyze(files, Settings(workers=2))
    total = time.perf_counter() - t
    c, told = result.comparison, result.narrative
    assert c is not None and told is not None
    steps = {**c.timings, **told.timings}
    return {"in_process_s": round(total, 2), "statements": len(c.statements), "facts": len(c.facts),
            "multi_outlet_facts": sum(len(f.articles) > 1 for f in c.facts), **{f"t_{k}": v for k, v in steps.items()}}


REACH_BACK_DAY = "2016-11-01"  # after every PolNeAR text's events, so "since 2012" reaches back


def reach_back_cost(files: list[Path]) -> dict[str, float | int]:
    from newsprism import analyze
    from newsprism.compare import align
    from newsprism.compare.judge import reach_back_pairs
    from newsprism.compare.statements import build_statements
    from newsprism.config import Settings

    docs = [{"id": f"d{k}", "text": f.read_text(encoding="utf-8"), "published": REACH_BACK_DAY}
            for k, f in enumerate(files)]
    analysis = analyze(docs, Settings(workers=2), compare=False)
    statements = build_statements(analysis)
    published = align.published_of(analysis, statements)
    t = time.perf_counter()
    pairs = reach_back_pairs(statements, published)
    return {"articles": len(files), "statements": len(statements),
            "reaching_back": sum(bool(s.background) for s in statements),
            "pairs": len(pairs), "seconds": round(time.perf_counter() - t, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 300])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--reach-back", action="store_true",
                    help="only time the reach-back candidate pairs, every article given one day")
    args = ap.parse_args()
    if args.reach_back:
        costs = [reach_back_cost(story_files(n)) for n in args.sizes]
        print(f"{'articles':>8} {'statements':>11} {'reach back':>11} {'pairs':>7} {'seconds':>8}")
        for c in costs:
            print(f"{c['articles']:>8} {c['statements']:>11} {c['reaching_back']:>11} {c['pairs']:>7} {c['seconds']:>8}")
        print(json.dumps({"reach_back": costs, "published": REACH_BACK_DAY}))
        return
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        seeds = [wall(["analyze", str(SHARED / "seeds"), "--json", f"{tmp}/s.json", "-q"]) for _ in range(args.repeat)]
        out["seeds_wall_s"] = round(statistics.median(seeds), 2)
        out["seeds_runs_s"] = [round(x, 2) for x in seeds]
        rows = {}
        for n in args.sizes:
            files = story_files(n)
            runs = [wall(["analyze", *map(str, files), "--json", f"{tmp}/{n}.json", "-q"])
                    for _ in range(max(1, args.repeat if n <= 100 else 1))]
            rows[n] = {"articles": len(files), "wall_s": round(statistics.median(runs), 2),
                       "runs_s": [round(x, 2) for x in runs], **breakdown(files)}
        out["stories"] = rows
    sizes = sorted(rows)
    if 100 in rows and 300 in rows:
        out["growth_100_to_300"] = round(rows[300]["wall_s"] / rows[100]["wall_s"], 2)
        out["compare_growth_100_to_300"] = round(
            sum(v for k, v in rows[300].items() if k.startswith("t_")) /
            max(1e-9, sum(v for k, v in rows[100].items() if k.startswith("t_"))), 2)
    out["targets"] = {"seeds_wall_s": "< 5", "wall_s at 100": "< 30", "growth": "not quadratic (9x for 3x articles)"}
    print(f"seeds (5 articles, fresh process): {out['seeds_wall_s']} s  (runs {out['seeds_runs_s']})")
    print(f"{'articles':>8} {'wall s':>8} {'statements':>11} {'facts>1':>8} {'compare s':>10}")
    for n in sizes:
        r = rows[n]
        comp = sum(v for k, v in r.items() if k.startswith("t_"))
        print(f"{r['articles']:>8} {r['wall_s']:>8} {r['statements']:>11} {r['multi_outlet_facts']:>8} {comp:>10.2f}")
    if "growth_100_to_300" in out:
        print(f"100 -> 300 articles: wall x{out['growth_100_to_300']}, comparison x{out['compare_growth_100_to_300']} "
              "(linear x3, quadratic x9)")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
