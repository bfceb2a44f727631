"""Precision of the conflicts newsprism reports, against judgments made by reading them.

    python eval/conflicts.py --data ../shared/seeds                       # a folder of articles: one story
    python eval/conflicts.py --data ../shared/eval-data/neus_allsides     # NeuS val: each line a story
    python eval/conflicts.py --data ... --dump                            # print unjudged conflicts to judge

No labelled set of cross-outlet contradictions exists here, so precision is
measured the way such detectors are checked by hand: every conflict the tool
reports is shown with both variants, a person reads them and records in
``eval/judgments/conflicts.tsv`` whether the two really disagree on that slot
about the same thing (1) or not (0).  Rows are keyed by a hash of the
conflict's kind and its variants' wording, so they survive re-runs and do not
copy the third-party text into the repository.  Conflicts without a judgment
are counted and listed with ``--dump``; precision is over judged ones.
Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
JUDGMENTS = ROOT / "eval" / "judgments" / "conflicts.tsv"


def key(kind: str, texts: list[str]) -> str:
    h = hashlib.sha1("\x1f".join([kind, *sorted(" ".join(t.split()) for t in texts)]).encode("utf-8"))
    return h.hexdigest()[:16]


def load_judgments(path: Path = JUDGMENTS) -> dict[str, int]:
    """key -> label from a judgments TSV (comment lines start with #)."""
    out: dict[str, int] = {}
    if path.exists():
        for line in path.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                k, label, *_ = line.split("\t")
                out[k] = int(label)
    return out


def stories(data: Path, limit: int | None, split: str = "val") -> list[list[object]]:
    """Stories as lists of analyze() inputs."""
    neus = next(data.glob("data/*probe*"), None)
    if neus is None:
        return [[data]]
    sys.path.insert(0, str(ROOT / "eval"))
    from summary import parse  # the NeuS line format

    lines = (neus / f"{split}.source").read_text("utf-8").splitlines()[:limit]
    out: list[list[object]] = []
    for i, line in enumerate(lines):
        docs: list[object] = []
        for k, part in enumerate(line.split(" [SEP] ")):
            title, text = parse(part)
            if text:
                docs.append({"id": f"s{i}-{k}", "title": title, "text": text})
        out.append(docs)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=None, help="stories (NeuS) to read")
    ap.add_argument("--split", default="val", help="NeuS split (val, train)")
    ap.add_argument("--dump", action="store_true", help="print unjudged conflicts with their variants")
    args = ap.parse_args()

    from newsprism import analyze
    from newsprism.config import Settings

    judged = load_judgments()
    found: list[dict[str, object]] = []
    for story in stories(args.data, args.limit, args.split):
        result = analyze(story, Settings(workers=1))
        c = result.comparison
        assert c is not None
        facts = {f.id: f for f in c.facts}
        for x in c.conflicts:
            variants = [v for v in facts[x.fact].variants if v.article in x.values]
            k = key(x.kind, [v.text for v in variants])
            found.append({"key": k, "kind": x.kind, "label": judged.get(k), "values": dict(x.values),
                          "variants": [(v.article, v.text) for v in variants]})
    by_kind: Counter[str] = Counter(str(f["kind"]) for f in found)
    judged_rows = [f for f in found if f["label"] is not None]
    correct = sum(1 for f in judged_rows if f["label"] == 1)
    precision = correct / len(judged_rows) if judged_rows else None
    kinds = {}
    for kind in sorted(by_kind):
        rows = [f for f in judged_rows if f["kind"] == kind]
        kinds[kind] = {"reported": by_kind[kind], "judged": len(rows),
                       "correct": sum(1 for f in rows if f["label"] == 1)}
    if args.dump:
        for f in found:
            if f["label"] is None:
                print(f"{f['key']}\t{f['kind']}\t{json.dumps(f['values'], ensure_ascii=False)}", file=sys.stderr)
                for art, text in f["variants"]:  # type: ignore[misc]
                    print(f"    {art}: {text}", file=sys.stderr)
    print(f"{args.data}: {len(found)} conflicts reported, {len(judged_rows)} judged, {correct} correct")
    for kind, row in kinds.items():
        print(f"  {kind:<9} reported {row['reported']:>3}  judged {row['judged']:>3}  correct {row['correct']:>3}")
    print(f"precision: {precision if precision is None else round(precision, 3)}")
    print(json.dumps({"data": str(args.data), "split": args.split, "reported": len(found), "judged": len(judged_rows),
                      "correct": correct, "precision": None if precision is None else round(precision, 3),
                      "unjudged": len(found) - len(judged_rows), "by_kind": kinds}))


if __name__ == "__main__":
    main()
