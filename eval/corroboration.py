"""Precision of "corroborated": are the statements newsprism aligns into one fact the same claim?

    python eval/corroboration.py --data ../shared/eval-data/neus_allsides --split train --lines 2416:2452
    python eval/corroboration.py --data ... --dump        # print unjudged pairs to judge

ECB+ (eval/align.py) links sentences that mention the same *event*, so it cannot tell "two
outlets report the same claim" from "two outlets write about the same event".  Here every pair
of variants newsprism puts into one fact is shown side by side and judged by reading: do the two
sentences state the same claim (1) or different claims on one topic (0)?  Judgments live in
``eval/judgments/alignments.tsv``, keyed by a hash of the two sentences (no third-party text
kept).  Precision is over judged pairs; unjudged ones are counted and listed with ``--dump``.
Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))
JUDGMENTS = ROOT / "eval" / "judgments" / "alignments.tsv"


def key(a: str, b: str) -> str:
    texts = sorted(" ".join(t.split()) for t in (a, b))
    return hashlib.sha1("\x1f".join(texts).encode("utf-8")).hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="a folder of articles, or the neus_allsides folder")
    ap.add_argument("--split", default="val", help="NeuS split (val, train)")
    ap.add_argument("--lines", default=None, help="NeuS lines A:B (stories) to read")
    ap.add_argument("--dump", action="store_true", help="print unjudged pairs with both sentences")
    ap.add_argument("--sweep", action="store_true",
                    help="also give the precision of the judged pairs whose probability reaches each "
                         "threshold (development: what a stricter grouping would keep)")
    args = ap.parse_args()

    # the NeuS line format and the judgments file format, shared with eval/conflicts.py
    from conflicts import load_judgments, stories

    from newsprism import analyze
    from newsprism.compare import align
    from newsprism.compare.judge import load_judge, pair_features_many
    from newsprism.config import Settings

    judge = load_judge()
    runs = stories(args.data, None, args.split)
    if args.lines:
        a, b = (int(x) for x in args.lines.split(":"))
        if not 0 <= a < b <= len(runs):
            sys.exit(f"error: --lines {args.lines} is outside the {args.split} split's {len(runs)} stories")
        runs = runs[a:b]
    judged = load_judgments(JUDGMENTS)
    pairs: list[dict[str, object]] = []
    for story in runs:
        run = analyze(story, Settings(workers=1))
        c = run.comparison
        assert c is not None
        sts = list(c.statements)
        index = {s.id: k for k, s in enumerate(sts)}
        when, published = align.when_of(run, sts), align.published_of(run, sts)
        for f in c.facts:
            vs = f.variants
            for i in range(len(vs)):
                for j in range(i + 1, len(vs)):
                    if vs[i].article == vs[j].article:
                        continue  # one article's several wordings: not a corroboration
                    k = key(vs[i].text, vs[j].text)
                    row = pair_features_many(sts, c.vectors, [(index[vs[i].statement], index[vs[j].statement])],
                                             when, published)
                    pairs.append({"key": k, "label": judged.get(k), "texts": (vs[i].text, vs[j].text),
                                  "p": float(judge.probabilities(row)[0])})
    rows = [p for p in pairs if p["label"] is not None]
    same = sum(1 for p in rows if p["label"] == 1)
    precision = same / len(rows) if rows else None
    if args.dump:
        for p in pairs:
            if p["label"] is None:
                x, y = p["texts"]  # type: ignore[misc]
                print(f"{p['key']}\n    A: {x}\n    B: {y}", file=sys.stderr)
    print(f"{args.data} {args.split} {args.lines or 'all'} (judge thresholds {judge.threshold} / {judge.possible}): "
          f"{len(runs)} stories, {len(pairs)} aligned pairs, {len(rows)} judged, {same} the same claim")
    print(f"precision: {precision if precision is None else round(precision, 3)}")
    if args.sweep:
        print("pair probability >=   judged   same   precision")
        for t in sorted({0.15, 0.3, 0.4, 0.46, 0.5, 0.6, 0.7, 0.8, judge.sure}):
            kept = [p for p in rows if p["p"] >= t]  # type: ignore[operator]
            n_same = sum(1 for p in kept if p["label"] == 1)
            print(f"{t:>20.2f}   {len(kept):>6}   {n_same:>4}   "
                  f"{(n_same / len(kept) if kept else float('nan')):.3f}")
    # the pairs a reader is shown as sure (the judge at or above its "sure" probability) and as
    # likely (under it)
    levels = {}
    for name, keep in (("sure", lambda q: q >= judge.sure), ("likely", lambda q: q < judge.sure)):
        kept = [p for p in rows if keep(p["p"])]  # type: ignore[arg-type]
        n_same = sum(1 for p in kept if p["label"] == 1)
        levels[name] = {"judged": len(kept), "same_claim": n_same,
                        "precision": round(n_same / len(kept), 3) if kept else None}
    print(f"shown as sure (p >= {judge.sure}): {levels['sure']}; as likely: {levels['likely']}")
    print(json.dumps({"data": str(args.data), "split": args.split, "lines": args.lines,
                      "judge_threshold": judge.threshold, "judge_sure": judge.sure, "stories": len(runs),
                      "pairs": len(pairs), "judged": len(rows), "same_claim": same,
                      "precision": None if precision is None else round(precision, 3),
                      "unjudged": len(pairs) - len(rows), **levels}))


if __name__ == "__main__":
    main()
