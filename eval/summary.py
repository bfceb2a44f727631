"""Neutral multi-outlet summary on NeuS (AllSides) against the human neutral roundups.

    python eval/summary.py --data ../shared/eval-data/neus_allsides [--split val] [--limit N]

Each line of ``<split>.source`` is one story told by three outlets (left,
centre, right in random order, joined by " [SEP] ", each "TITLE=> ...
ARTICLE=> ..."); the matching line of ``<split>.target`` is AllSides' neutral
roundup ("TITLE=> ... ARTICLE=> ..."), whose ARTICLE part is the reference.
The three excerpts go through ``newsprism.analyze`` as three articles (title
and text given); the summary's sentences are joined and scored with ROUGE-1/2/L
F1 (``rouge-score``, Porter stemming), averaged over stories.

Systems: ours with the default length (5-10 sentences, as the product gives),
ours capped at 3 sentences (the references are 1-3 sentences long, and ROUGE
F1 punishes length), and the lead-3 baseline (the first three sentences of
the first excerpt).  Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

_PART = re.compile(r"TITLE=>\s*(?P<title>.*?)\s*ARTICLE=>\s*(?P<text>.*)$", re.S)


def parse(line: str) -> tuple[str, str]:
    m = _PART.match(line.strip())
    if not m:
        return "", line.strip()
    return m.group("title").strip(), m.group("text").strip()


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'\u201c])", text) if s.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--split", default="val")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()

    from rouge_score import rouge_scorer

    from newsprism import analyze
    from newsprism.config import Settings
    from newsprism.tell.summary import summarize

    folder = next(args.data.glob("data/*probe*"), args.data)
    src = (folder / f"{args.split}.source").read_text("utf-8").splitlines()
    tgt = (folder / f"{args.split}.target").read_text("utf-8").splitlines()
    if args.limit:
        src, tgt = src[: args.limit], tgt[: args.limit]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    systems: dict[str, list[dict[str, float]]] = {"ours": [], "ours_3_sentences": [], "lead3": []}
    lengths: dict[str, list[int]] = {k: [] for k in systems}
    settings = Settings(workers=1)
    started = time.perf_counter()
    for i, (line, target) in enumerate(zip(src, tgt, strict=True)):
        docs = []
        for k, part in enumerate(line.split(" [SEP] ")):
            title, text = parse(part)
            if text:
                docs.append({"id": f"s{i}-{k}", "title": title, "text": text})
        _, reference = parse(target)
        if not docs or not reference:
            continue
        result = analyze(docs, settings)
        assert result.comparison is not None
        ours = " ".join(s.text for s in result.narrative.summary)
        c = result.comparison
        short = summarize(result, list(c.statements), list(c.facts), list(c.conflicts),
                          _vectors(result), max_sentences=3)
        outputs = {"ours": ours, "ours_3_sentences": " ".join(s.text for s in short),
                   "lead3": " ".join(sentences(docs[0]["text"])[:3])}
        for name, text in outputs.items():
            sc = scorer.score(reference, text)
            systems[name].append({k: v.fmeasure for k, v in sc.items()})
            lengths[name].append(len(sentences(text)))
        if (i + 1) % 50 == 0:
            print(f"  {i + 1} stories, {time.perf_counter() - started:.0f} s", file=sys.stderr)

    result_json: dict[str, object] = {"data": str(args.data), "split": args.split, "stories": len(systems["ours"]),
                                      "seconds": round(time.perf_counter() - started, 1)}
    print(f"NeuS {args.split}: {len(systems['ours'])} stories, ROUGE F1 (mean)")
    print(f"{'system':<18} {'R-1':>7} {'R-2':>7} {'R-L':>7} {'sentences':>10}")
    for name, rows in systems.items():
        means = {k: round(statistics.mean(r[k] for r in rows), 4) for k in ("rouge1", "rouge2", "rougeL")}
        means_len = round(statistics.mean(lengths[name]), 2)
        print(f"{name:<18} {means['rouge1']:7.4f} {means['rouge2']:7.4f} {means['rougeL']:7.4f} {means_len:10.2f}")
        result_json[name] = {**means, "sentences": means_len}
    print(json.dumps(result_json))


def _vectors(result):  # type: ignore[no-untyped-def]
    from newsprism.embed import load_encoder

    return load_encoder().encode([s.text for s in result.comparison.statements])


if __name__ == "__main__":
    main()
