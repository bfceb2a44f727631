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
    args = ap.parse_args()

    # the NeuS line format and the judgments file format, shared with eval/conflicts.py
    from conflicts import load_judgments, stories

    from newsprism import analyze
    from newsprism.compare.judge import load_judge
    from newsprism.config import Settings

    judge = load_judge()
    runs = stories(args.data, None, args.split)
    if args.lines:
        a, b = (int(x) for x in args.lines.split(":"))
        runs = runs[a:b]
    judged = load_judgments(JUDGMENTS)
    pairs: list[dict[str, object]] = []
    for story in runs:
        c = analyze(story, Settings(workers=1)).comparison
        assert c is not None
        for f in c.facts:
            vs = f.variants
            for i in range(len(vs)):
                for j in range(i + 1, len(vs)):
                    if vs[i].article == vs[j].article:
                        continue  # one article's several wordings: not a corroboration
                    k = key(vs[i].text, vs[j].text)
                    pairs.append({"key": k, "label": judged.get(k), "texts": (vs[i].text, vs[j].text)})
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
    print(json.dumps({"data": str(args.data), "split": args.split, "lines": args.lines,
                      "judge_threshold": judge.threshold, "stories": len(runs), "pairs": len(pairs),
                      "judged": len(rows), "same_claim": same,
                      "precision": None if precision is None else round(precision, 3),
                      "unjudged": len(pairs) - len(rows)}))


if __name__ == "__main__":
    main()
