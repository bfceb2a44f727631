"""Which people's names are joined, on NeuS (AllSides) triplets: a list to judge by reading.

    python eval/names.py --data ../shared/eval-data/neus_allsides [--split val] [--lines A:B]

newsprism joins one person's names: in an article, "J. Smith" with "John Smith"; across
articles, "Len Burman" with "Leonard E. Burman" (a nickname or an initial and the one given
name of that surname in the run; annotate/linking.py).  There is no gold for this, so the
script lists every join to be read, and, in each article, the full names that the previous
rule (one first letter in common: "Jill Biden" = "Joe Biden") would have joined and the
current one does not, or the other way round.

Prints the joins, then one JSON object as the last line with their counts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))


def _first_letter_rule(a: str, b: str) -> bool:
    return a == b or a[:1] == b[:1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--split", default="val")
    ap.add_argument("--lines", default=None, help="A:B, the stories (lines) to read; all when omitted")
    args = ap.parse_args()

    from summary import parse

    from newsprism.annotate import entities, linking
    from newsprism.annotate.aliases import load_aliases
    from newsprism.annotate.nlp import load_nlp
    from newsprism.clean.normalize import normalize
    from newsprism.textmap import Tracked

    folder = next(args.data.glob("data/*probe*"), args.data)
    lines = (folder / f"{args.split}.source").read_text("utf-8").splitlines()
    lo, hi = (int(x) for x in args.lines.split(":")) if args.lines else (0, len(lines))
    nlp, aliases = load_nlp(), load_aliases()
    current = entities.same_first_name

    def people(found: object) -> set[tuple[str, ...]]:
        return {tuple(sorted(set(c.names))) for c in found.clusters  # type: ignore[attr-defined]
                if c.type == "PERSON" and len(set(c.names)) > 1}

    split_now, joined_now, across = [], [], []
    record = linking._nickname_merges
    merges: list[dict[str, str]] = []

    def recording(*args):  # type: ignore[no-untyped-def]
        merges.append(record(*args))
        return merges[-1]

    for i in range(lo, min(hi, len(lines))):
        locals_ = {}
        for k, part in enumerate(lines[i].split(" [SEP] ")):
            _, text = parse(part)
            doc = nlp(normalize(Tracked.of(text)).text)
            entities.same_first_name = _first_letter_rule
            before = entities.find_mentions(doc, aliases)
            entities.same_first_name = current
            now = entities.find_mentions(doc, aliases)
            locals_[str(k)] = now
            split_now += [(i, names) for names in sorted(people(before) - people(now))]
            joined_now += [(i, names) for names in sorted(people(now) - people(before))]
        merges.clear()
        linking._nickname_merges = recording
        try:
            linking.link(locals_)
        finally:
            linking._nickname_merges = record
        across += [(i, a, b) for m in merges for a, b in sorted(m.items())]

    for i, names in split_now:
        print(f"{i}\tin one article, now apart\t{' | '.join(names)}")
    for i, names in joined_now:
        print(f"{i}\tin one article, now joined\t{' | '.join(names)}")
    for i, a, b in across:
        print(f"{i}\tacross articles, joined\t{a.removeprefix('person:')} -> {b.removeprefix('person:')}")
    print(json.dumps({"data": str(args.data), "split": args.split, "stories": min(hi, len(lines)) - lo,
                      "article_apart": len(split_now), "article_joined": len(joined_now),
                      "across_joined": len(across)}))


if __name__ == "__main__":
    main()
