"""Score newsprism's quote extractor on PolNeAR (brat standoff attribution relations).

Usage (from the repository root)::

    .venv/bin/python eval/quotes.py --data ../shared/eval-data/polnear/data/dev
    .venv/bin/python eval/quotes.py --data ../shared/eval-data/polnear/data/train --limit 100

Layout read: ``<data>/text/<name>.txt`` (first line = title; offsets count it)
and ``<data>/attributions/<name>_<annotator>.ann``.  A few articles were
annotated by several annotators; the first ``.ann`` file in sorted order is
used, so each article counts once.

Gold quotes are the ``E`` (attribution) lines that have a ``Content``
argument; ``Source`` and ``Cue`` come from the same line.  Brat spans may be
discontinuous (``Content 10 20;25 40``): a span is the set of its pieces.
PolNeAR has no direct/indirect flag, so a gold quote counts as *direct* when
its content contains a double quotation mark (or the typewriter pair ``''``
that the NYT texts use), else *indirect*.

Text is given to the extractor as in the file, with only the one-for-one
character normalisation the cleaner does (typographic quotes and apostrophes
to straight ones, no-break spaces to spaces), so gold offsets stay valid.

Scores (all one-to-one, greedy by best overlap):

- content, *exact*: the same set of word tokens (``\\w+``), after dropping a
  leading complementizer "that" on both sides (PolNeAR includes it, our
  indirect content does not) -- punctuation and quote marks never count;
- content, *overlap*: token Jaccard >= 0.5;
- both for all quotes, direct-only and indirect-only (each subset matched on
  its own);
- speaker, on quotes matched by overlap whose gold has a Source: the predicted
  speaker span overlaps the gold Source span (*span*), or its head word (the
  last word before any comma) equals the gold Source's (*head*; credits the
  same name mentioned elsewhere, e.g. a speaker resolved from an earlier
  sentence);
- cue P/R/F1: distinct predicted cue spans against distinct gold Cue spans,
  matched by any character overlap;
- *within-gold precision* (lenient, not one-to-one): the share of predicted
  quotes whose words lie at least 80% inside gold content.  PolNeAR gives each
  token to at most one attribution, so a partial quote inside reported speech
  ("said he would come "if it helps"") or the second half of a quote split by
  its attribution is part of a larger gold span and can never match one to
  one; this figure shows how much of the exact/overlap precision gap is that.

The baseline is what a naive extractor does: the text between pairs of
quotation marks (paired in order within each paragraph; the same double marks
ours reads, ``''`` included), speaker = the nearest
PERSON entity (spaCy NER) outside the quote in the same or the previous
sentence, no cue.

The last line of stdout is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsprism.annotate.nlp import load_nlp
from newsprism.annotate.quotes import DOUBLE_MARK_RE, find_quotes

#: Minimum token Jaccard for an *overlap* match (issue spec).
OVERLAP_MATCH = 0.5

#: Lenient precision: a predicted quote whose words lie at least this much
#: inside gold content (any attribution, not one-to-one) is counted as right.
WITHIN_GOLD = 0.8

#: One-for-one normalisation, as the cleaner (newsprism.clean.normalize) does
#: it for quotes and spaces; one character for one keeps the gold offsets.
NORMALISE = str.maketrans(
    {
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02", '"'),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a\u2032\u02bc\uff07", "'"),
        **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                        "\u200a\u202f\u205f\u3000\t", " "),
    }
)
DIRECT_MARK = re.compile("[\"“”„«»]|''")
_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_WORD = re.compile(r"\w+")

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Item:
    """One quote, gold or predicted, as the scorer sees it."""

    content: Spans
    direct: bool
    source: Spans = ()
    cue: Spans = ()


@dataclass
class Article:
    name: str
    text: str
    gold: list[Item]


# --------------------------------------------------------------------------
# Reading PolNeAR
# --------------------------------------------------------------------------


def _spans(s: str) -> Spans:
    return tuple(tuple(int(x) for x in piece.split()) for piece in s.split(";"))  # type: ignore[misc]


def read_ann(path: Path, text: str) -> list[Item]:
    """Gold attributions with content from one brat ``.ann`` file."""
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _T_LINE.match(line)
        if m:
            spans[m.group(1)] = (m.group(2), _spans(m.group(3)))
        elif line.startswith("E") and "\t" in line:
            args = dict(a.split(":", 1) for a in line.split("\t", 1)[1].split() if ":" in a)
            events.append(args)
    out: list[Item] = []
    for args in events:
        content = spans.get(args.get("Content", ""))
        if content is None:
            continue
        c = content[1]
        src = spans.get(args.get("Source", ""), ("", ()))[1]
        cue = spans.get(args.get("Cue", ""), ("", ()))[1]
        direct = any(DIRECT_MARK.search(text, a, b) for a, b in c)
        out.append(Item(c, direct, src, cue))
    return out


def load(data: Path, limit: int | None) -> tuple[list[Article], int]:
    """Articles with at least one annotation file (and how many had none)."""
    texts = sorted((data / "text").glob("*.txt"))
    articles: list[Article] = []
    missing = 0
    for t in texts:
        anns = sorted((data / "attributions").glob(f"{t.stem}_*.ann"))
        anns = [a for a in anns if a.stem.rsplit("_", 1)[0] == t.stem]
        if not anns:
            missing += 1
            continue
        text = t.read_text(encoding="utf-8").translate(NORMALISE)
        articles.append(Article(t.stem, text, read_ann(anns[0], text)))
        if limit is not None and len(articles) >= limit:
            break
    return articles, missing


# --------------------------------------------------------------------------
# Predictions
# --------------------------------------------------------------------------


def ours(doc: Any, name: str) -> list[Item]:
    out = []
    for q in find_quotes(doc, name):
        src = ((q.speaker_start, q.speaker_end),) if q.speaker_start is not None else ()
        cue = ((q.cue_start, q.cue_end),) if q.cue_start is not None else ()
        out.append(Item(((q.start, q.end),), q.kind == "direct", src, cue))  # type: ignore[arg-type]
    return out


def baseline(doc: Any) -> list[Item]:
    """Text between paired quotation marks; speaker = nearest PERSON nearby."""
    text = doc.text
    out: list[Item] = []
    pos = 0
    paragraphs = []
    for m in re.finditer(r"\n+", text):
        paragraphs.append((pos, m.start()))
        pos = m.end()
    paragraphs.append((pos, len(text)))
    sents = list(doc.sents)
    sent_starts = [s.start_char for s in sents]
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    for lo, hi in paragraphs:
        marks = [(m.start(), m.end()) for m in DOUBLE_MARK_RE.finditer(text, lo, hi)]
        for (_, a), (b, _) in zip(marks[::2], marks[1::2], strict=False):
            if b - a < 1:
                continue
            k = max(bisect_right(sent_starts, a) - 1, 0)
            win_lo = sents[max(k - 1, 0)].start_char
            win_hi = sents[k].end_char
            best = None
            for e in persons:
                if e.end_char <= win_lo or e.start_char >= win_hi or a <= e.start_char < b:
                    continue
                d = min(abs(e.start_char - b), abs(e.end_char - a))
                if best is None or d < best[0]:
                    best = (d, e)
            src = ((best[1].start_char, best[1].end_char),) if best else ()
            out.append(Item(((a, b),), True, src, ()))
    return out


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------


class Words:
    """Word tokens of one text, to turn char spans into token sets."""

    def __init__(self, text: str) -> None:
        self.words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
        self.starts = [w[0] for w in self.words]
        self.ends = [w[1] for w in self.words]

    def ids(self, spans: Spans) -> frozenset[int]:
        out: set[int] = set()
        for a, b in spans:
            i = bisect_right(self.ends, a)  # first word ending after a
            j = bisect_left(self.starts, b)  # first word starting at/after b
            out.update(range(i, j))
        return frozenset(out)

    def exact_key(self, spans: Spans) -> frozenset[int]:
        ids = self.ids(spans)
        if ids and self.words[min(ids)][2] == "that":
            ids = ids - {min(ids)}
        return ids

    def head(self, spans: Spans, text: str) -> str | None:
        """Last word of the phrase before any comma (an apposition or relative clause follows it)."""
        first = spans[0]
        comma = text.find(",", first[0], first[1])
        if comma > first[0]:
            spans = ((first[0], comma),)
        ids = [i for i in self.ids(spans) if self.words[i][2] not in ("s",)]
        return self.words[max(ids)][2] if ids else None


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def match(
    gold: Sequence[Item], pred: Sequence[Item], words: Words, exact: bool
) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs, greedy by Jaccard."""
    if exact:
        gk = [words.exact_key(g.content) for g in gold]
        pk = [words.exact_key(p.content) for p in pred]
        by_key: dict[frozenset[int], list[int]] = {}
        for j, k in enumerate(pk):
            if k:
                by_key.setdefault(k, []).append(j)
        pairs = []
        for i, k in enumerate(gk):
            if by_key.get(k):
                pairs.append((i, by_key[k].pop(0)))
        return pairs
    gi = [words.ids(g.content) for g in gold]
    pi = [words.ids(p.content) for p in pred]
    cand = []
    for i, a in enumerate(gi):
        for j, b in enumerate(pi):
            if a & b:
                s = _jaccard(a, b)
                if s >= OVERLAP_MATCH:
                    cand.append((-s, i, j))
    cand.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in cand:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def _overlaps(a: Spans, b: Spans) -> bool:
    return any(x < d and c < y for x, y in a for c, d in b)


@dataclass
class Counts:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, tp: int, n_pred: int, n_gold: int) -> None:
        self.tp += tp
        self.n_pred += n_pred
        self.n_gold += n_gold

    def prf(self) -> dict[str, float | int]:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "pred": self.n_pred, "gold": self.n_gold}


@dataclass
class Scores:
    content: dict[str, Counts] = field(default_factory=dict)
    within: dict[str, list[int]] = field(default_factory=dict)  # subset -> [within gold, predicted]
    speaker_n: int = 0
    speaker_span: int = 0
    speaker_head: int = 0
    cue: Counts = field(default_factory=Counts)

    def counts(self, key: str) -> Counts:
        return self.content.setdefault(key, Counts())

    def add(self, gold: list[Item], pred: list[Item], words: Words, text: str) -> None:
        subsets = {
            "all": (gold, pred),
            "direct": ([g for g in gold if g.direct], [p for p in pred if p.direct]),
            "indirect": ([g for g in gold if not g.direct], [p for p in pred if not p.direct]),
        }
        for name, (g_sub, p_sub) in subsets.items():
            for mode in ("exact", "overlap"):
                pairs = match(g_sub, p_sub, words, exact=mode == "exact")
                self.counts(f"{name}/{mode}").add(len(pairs), len(p_sub), len(g_sub))
        gold_words = frozenset().union(*(words.ids(g.content) for g in gold)) if gold else frozenset()
        for name, (_, p_sub) in subsets.items():
            counts = self.within.setdefault(name, [0, 0])
            for item in p_sub:
                ids = words.ids(item.content)
                counts[1] += 1
                if ids and len(ids & gold_words) / len(ids) >= WITHIN_GOLD:
                    counts[0] += 1
        for i, j in match(gold, pred, words, exact=False):
            g, p = gold[i], pred[j]
            if not g.source:
                continue
            self.speaker_n += 1
            if p.source and _overlaps(p.source, g.source):
                self.speaker_span += 1
            if p.source and words.head(p.source, text) == words.head(g.source, text):
                self.speaker_head += 1
        gold_cues = sorted({g.cue for g in gold if g.cue})
        pred_cues = sorted({p.cue for p in pred if p.cue})
        used: set[int] = set()
        tp = 0
        for pc in pred_cues:
            for k, gc in enumerate(gold_cues):
                if k not in used and _overlaps(pc, gc):
                    used.add(k)
                    tp += 1
                    break
        self.cue.add(tp, len(pred_cues), len(gold_cues))

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, c in sorted(self.content.items()):
            subset, mode = key.split("/")
            out.setdefault(subset, {})[mode] = c.prf()
        for subset, (k, n_pred) in sorted(self.within.items()):
            out.setdefault(subset, {})["within_gold_p"] = round(k / n_pred, 4) if n_pred else 0.0
        n = self.speaker_n
        out["speaker"] = {
            "n": n,
            "span_acc": round(self.speaker_span / n, 4) if n else 0.0,
            "head_acc": round(self.speaker_head / n, 4) if n else 0.0,
        }
        out["cue"] = self.cue.prf()
        return out


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def _table(result: dict[str, Any]) -> str:
    lines = []
    head = f"{'':24}{'ours P':>8}{'R':>7}{'F1':>7}   {'base P':>8}{'R':>7}{'F1':>7}"
    lines.append(head)
    lines.append("-" * len(head))
    o, b = result["ours"], result["baseline"]
    for subset in ("all", "direct", "indirect"):
        for mode in ("exact", "overlap"):
            x, y = o[subset][mode], b[subset][mode]
            lines.append(
                f"{subset + ' ' + mode:24}{x['p']:>8.3f}{x['r']:>7.3f}{x['f1']:>7.3f}"
                f"   {y['p']:>8.3f}{y['r']:>7.3f}{y['f1']:>7.3f}"
            )
    for subset in ("all", "direct", "indirect"):
        x, y = o[subset]["within_gold_p"], b[subset]["within_gold_p"]
        lines.append(f"{subset + ' within-gold P':24}{x:>8.3f}{'':14}   {y:>8.3f}")
    x, y = o["cue"], b["cue"]
    lines.append(
        f"{'cue':24}{x['p']:>8.3f}{x['r']:>7.3f}{x['f1']:>7.3f}"
        f"   {y['p']:>8.3f}{y['r']:>7.3f}{y['f1']:>7.3f}"
    )
    x, y = o["speaker"], b["speaker"]
    lines.append(f"{'speaker acc (span)':24}{x['span_acc']:>22.3f}   {y['span_acc']:>22.3f}")
    lines.append(f"{'speaker acc (head)':24}{x['head_acc']:>22.3f}   {y['head_acc']:>22.3f}")
    lines.append(f"{'speaker n (matched)':24}{x['n']:>22d}   {y['n']:>22d}")
    return "\n".join(lines)


def run(data: Path, limit: int | None, n_process: int, batch_size: int) -> dict[str, Any]:
    articles, missing = load(data, limit)
    nlp = load_nlp()
    t0 = time.perf_counter()
    s_ours, s_base = Scores(), Scores()
    docs: Iterable[Any] = nlp.pipe((a.text for a in articles), n_process=n_process, batch_size=batch_size)
    for art, doc in zip(articles, docs, strict=True):
        words = Words(art.text)
        s_ours.add(art.gold, ours(doc, art.name), words, art.text)
        s_base.add(art.gold, baseline(doc), words, art.text)
    seconds = time.perf_counter() - t0
    return {
        "data": str(data),
        "articles": len(articles),
        "articles_without_annotation": missing,
        "gold_quotes": sum(len(a.gold) for a in articles),
        "gold_direct": sum(g.direct for a in articles for g in a.gold),
        "gold_indirect": sum(not g.direct for a in articles for g in a.gold),
        "ours": s_ours.as_dict(),
        "baseline": s_base.as_dict(),
        "seconds": round(seconds, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="a PolNeAR split, e.g. .../polnear/data/dev")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    ap.add_argument("--n-process", type=int, default=1, help="spaCy worker processes")
    ap.add_argument("--batch-size", type=int, default=16)
    args = ap.parse_args(argv)
    if not (args.data / "text").is_dir() or not (args.data / "attributions").is_dir():
        print(f"error: {args.data} has no text/ and attributions/ folders", file=sys.stderr)
        return 2
    result = run(args.data, args.limit, args.n_process, args.batch_size)
    print(
        f"PolNeAR {args.data.name}: {result['articles']} articles, {result['gold_quotes']} gold quotes "
        f"({result['gold_direct']} direct, {result['gold_indirect']} indirect), {result['seconds']} s"
    )
    print(_table(result))
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
