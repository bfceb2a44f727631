"""Score the time-expression stage on TempEval-3 (TimeML .tml files).

Usage (from the repository root)::

    python eval/timex.py --data ../shared/eval-data/tempeval3/Training/TBAQ-cleaned
    python eval/timex.py --data ... --limit 20          # a quick run
    python eval/timex.py --data ... --errors 40         # also print value errors

For every document, the gold TIMEX3 spans are read from ``<TEXT>`` (tags
stripped, character offsets kept) and the document creation time from
``<DCT>``.  Our extractor (spaCy + ``find_time_mentions`` + ``resolve_all`` with the
DCT as anchor) and a BASELINE (spaCy DATE/TIME entities normalised with
``dateparser.parse`` relative to the DCT) are scored TE3-style:

* strict / relaxed (overlap) span precision, recall, F1;
* value accuracy on relaxed-matched pairs (exact string match);
* value F1: a system span counts when it overlaps a gold span *and* has its value;
* type accuracy on relaxed-matched pairs.

The last line of stdout is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.annotate.nlp import load_nlp  # noqa: E402
from newsprism.annotate.timex import find_time_mentions, resolve_all  # noqa: E402


@dataclass(frozen=True)
class Timex:
    """One time expression, gold or predicted."""

    start: int
    end: int
    type: str
    value: str | None
    text: str = ""


@dataclass(frozen=True)
class TmlDoc:
    name: str
    dct: date
    text: str
    gold: tuple[Timex, ...]


# ---------------------------------------------------------------------------
# Reading TimeML
# ---------------------------------------------------------------------------


def _walk(elem: ET.Element, out: list[str], spans: list[Timex], pos: list[int]) -> None:
    """Concatenate the text under ``elem``, recording TIMEX3 spans as we go."""
    if elem.text:
        out.append(elem.text)
        pos[0] += len(elem.text)
    for child in elem:
        start = pos[0]
        _walk(child, out, spans, pos)
        if child.tag == "TIMEX3":
            spans.append(Timex(start, pos[0], child.get("type", ""), child.get("value")))
        if child.tail:
            out.append(child.tail)
            pos[0] += len(child.tail)


def _unwrap_lines(text: str) -> str:
    """Join hard-wrapped lines (a single newline becomes a space), keeping offsets.

    newsprism's cleaned text has paragraphs separated by blank lines and no
    wrapped lines; the TimeML texts are close to that already.
    """
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text)


def read_tml(path: Path) -> TmlDoc:
    root = ET.parse(path).getroot()
    dct_el = root.find("DCT/TIMEX3")
    if dct_el is None or not dct_el.get("value"):
        raise ValueError(f"{path}: no DCT")
    dct = date.fromisoformat(str(dct_el.get("value"))[:10])
    text_el = root.find("TEXT")
    if text_el is None:
        raise ValueError(f"{path}: no TEXT")
    out: list[str] = []
    spans: list[Timex] = []
    _walk(text_el, out, spans, [0])
    text = _unwrap_lines("".join(out))
    gold = tuple(Timex(s.start, s.end, s.type, s.value, text[s.start : s.end]) for s in spans)
    return TmlDoc(path.stem, dct, text, gold)


def iter_docs(data: Path, limit: int | None) -> Iterator[TmlDoc]:
    """The .tml files under ``data``, sorted, each distinct text once."""
    seen: set[str] = set()
    n = 0
    for path in sorted(data.rglob("*.tml")):
        digest = hashlib.sha1(path.read_bytes()).hexdigest()
        if digest in seen:  # TBAQ ships one TimeBank file twice (testpipeline/)
            continue
        seen.add(digest)
        yield read_tml(path)
        n += 1
        if limit is not None and n >= limit:
            return


# ---------------------------------------------------------------------------
# Systems
# ---------------------------------------------------------------------------


def ours(doc: Any, dct: date) -> list[Timex]:
    """find_time_mentions + resolve_all (story time for "the next day" and the like)."""
    mentions = find_time_mentions(doc)
    return [
        Timex(m.start, m.end, m.type, value, m.text)
        for m, (value, _anchor, _mod) in zip(mentions, resolve_all(mentions, dct), strict=True)
    ]


def baseline(doc: Any, dct: date) -> list[Timex]:
    import dateparser

    base = datetime(dct.year, dct.month, dct.day)
    out = []
    for e in doc.ents:
        if e.label_ not in ("DATE", "TIME"):
            continue
        try:
            d = dateparser.parse(e.text, languages=["en"], settings={"RELATIVE_BASE": base})
        except Exception:  # dateparser fails on odd strings
            d = None
        out.append(
            Timex(e.start_char, e.end_char, e.label_, d.date().isoformat() if d else None, e.text)
        )
    return out


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------


def _prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def _match(gold: list[Timex], pred: list[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one relaxed matching: overlapping pairs, exact ones first, then by overlap."""
    pairs = []
    for g in gold:
        for p in pred:
            ov = min(g.end, p.end) - max(g.start, p.start)
            if ov > 0:
                exact = (g.start, g.end) == (p.start, p.end)
                pairs.append((not exact, -ov, g, p))
    pairs.sort(key=lambda x: (x[0], x[1], x[2].start, x[3].start))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, _, g, p in pairs:
        if id(g) in used_g or id(p) in used_p:
            continue
        used_g.add(id(g))
        used_p.add(id(p))
        out.append((g, p))
    return out


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    strict: int = 0
    relaxed: int = 0
    value_ok: int = 0
    type_ok: int = 0

    def add(
        self, gold: list[Timex], pred: list[Timex], errors: list[tuple[Any, ...]] | None, name: str
    ) -> None:
        self.gold += len(gold)
        self.pred += len(pred)
        gold_spans = {(g.start, g.end) for g in gold}
        self.strict += sum((p.start, p.end) in gold_spans for p in pred)
        for g, p in _match(gold, pred):
            self.relaxed += 1
            self.value_ok += g.value == p.value
            self.type_ok += g.type == p.type
            if errors is not None and g.value != p.value:
                errors.append((name, g.text, g.value, p.text, p.value))

    def figures(self) -> dict[str, Any]:
        rel = self.relaxed
        return {
            "pred": self.pred,
            "strict": _prf(self.strict, self.pred, self.strict, self.gold),
            "relaxed": _prf(rel, self.pred, rel, self.gold),
            "value_accuracy": round(self.value_ok / rel, 4) if rel else 0.0,
            "value": _prf(self.value_ok, self.pred, self.value_ok, self.gold),
            "type_accuracy": round(self.type_ok / rel, 4) if rel else 0.0,
        }


def evaluate(docs: Iterable[TmlDoc], show_errors: int = 0) -> dict[str, Any]:
    nlp = load_nlp()
    docs = list(docs)
    t0 = time.perf_counter()
    tallies = {"ours": Tally(), "baseline": Tally()}
    errors: list[tuple[Any, ...]] = []
    n_gold = 0
    for tml, doc in zip(docs, nlp.pipe((d.text for d in docs), n_process=1), strict=True):
        gold = list(tml.gold)
        n_gold += len(gold)
        tallies["ours"].add(gold, ours(doc, tml.dct), errors if show_errors else None, tml.name)
        tallies["baseline"].add(gold, baseline(doc, tml.dct), None, tml.name)
    if show_errors:
        for name, gt, gv, pt, pv in errors[:show_errors]:
            print(f"  {name:24} gold {gt!r:28} {gv!s:14} ours {pt!r:28} {pv}", file=sys.stderr)
    return {
        "docs": len(docs),
        "gold": n_gold,
        "seconds": round(time.perf_counter() - t0, 1),
        "ours": tallies["ours"].figures(),
        "baseline": tallies["baseline"].figures(),
    }


def print_table(res: dict[str, Any]) -> None:
    print(f"TempEval-3 time expressions: {res['docs']} docs, {res['gold']} gold TIMEX3")
    head = f"{'system':10} {'strict P/R/F1':>20} {'relaxed P/R/F1':>20} {'val acc':>8} {'value F1':>9} {'type acc':>9}"
    print(head)
    print("-" * len(head))
    for name in ("ours", "baseline"):
        f = res[name]
        s, r = f["strict"], f["relaxed"]
        print(
            f"{name:10} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} "
            f"{r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f} "
            f"{f['value_accuracy']:8.3f} {f['value']['f1']:9.3f} {f['type_accuracy']:9.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--data", type=Path, required=True, help="folder with .tml files (searched recursively)"
    )
    ap.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    ap.add_argument("--errors", type=int, default=0, help="print up to N value errors (stderr)")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        ap.error(f"no such folder: {args.data}")
    res = {"data": str(args.data), **evaluate(iter_docs(args.data, args.limit), args.errors)}
    print_table(res)
    print(json.dumps(res, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
