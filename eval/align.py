"""Score newsprism's cross-article fact alignment on ECB+, and calibrate its constants.

Usage (from the repository root)::

    .venv/bin/python eval/align.py --data ../shared/eval-data/ecbplus
    .venv/bin/python eval/align.py --data ../shared/eval-data/ecbplus --limit-topics 4
    .venv/bin/python eval/align.py --data ../shared/eval-data/ecbplus --cache /tmp/newsprism-align-cache
    .venv/bin/python eval/align.py --claims --data ../shared/eval-data/neus_allsides   # eval/claims.py

Data read: ``<data>/ECB+/<topic>/<topic>_<n>ecb.xml`` and ``..._<n>ecbplus.xml``
(CAT/CROMER XML: ``<token t_id sentence number>``, markables with
``<token_anchor>`` children, ``<CROSS_DOC_COREF note=instance-id>`` relations
from mention markables to an instance descriptor) and
``<data>/ECB+_LREC2014/ECBplus_coreference_sentences.csv`` (the sentences that
were fully annotated; the standard evaluation subset).

Stories.  Each ECB+ topic holds two *subtopics* -- two different real events
of the same kind (files ``*ecb.xml`` and ``*ecbplus.xml``).  The documents of
one subtopic are one "story", as newsprism would get them.  The *topic* level
(both subtopics' documents given together, i.e. with look-alike events mixed
in) is reported as a harder variant.

Units and gold.  The units are the annotated sentences of the CSV.  Two units
of *different* documents of a story are aligned in the gold iff both contain
a mention of the same cross-document event instance: an action markable
(``ACTION_*`` or ``NEG_ACTION_*``) that a ``CROSS_DOC_COREF`` relation with an
``ACT...``/``NEG...`` instance id links to that instance.

Predictions.  Each document's text is rebuilt from its tokens, one paragraph
per sentence, with a light detokenisation (no space before ``, . ; : ! ? )``
and clitics like ``'s``/``n't``, none after ``( $``; PTB quote tokens become
``"``; a leading URL sentence is joined without spaces) -- it reads like
running text, so spaCy and the encoder see what they would see in use; a map
from character offsets to ECB sentence numbers is kept.  The documents are
cleaned and annotated once (``newsprism.pipeline.annotate_raw``, 2 workers);
each story is then linked on its own documents (``annotate.across.link_run``, the
run-wide step of ``analyze``: entity linking, dates), which is what
``analyze(story_docs)`` returns.  Statements come from ``build_statements``,
vectors from the default encoder, groups from ``align_groups``.  Two units are
aligned iff some statement of one and some statement of the other are in the
same group (a statement belongs to every unit its cleaned-text span overlaps).
Predictions are restricted to the CSV units.

Scores: pairwise precision, recall and F1 over unit pairs, micro (pairs summed
over stories) and macro (mean F1 over stories that have at least one gold
pair).  Next to them, *event-link* recall: the share of gold links
(document A, document B, event instance) -- the event is mentioned in both
documents' annotated sentences -- for which some predicted pair joins a
sentence of A and a sentence of B that both mention it; ``linkF1`` combines
it with the pairwise precision.  The pairwise recall cannot come near 1 for
newsprism by design: a fact holds at most one statement per article, so when
two sentences of one article both mention the story's main event (headline
sentence and lead, say) at most one of them joins a given group; with two or
three such sentences per article the recall ceiling is low: a greedy oracle
that groups these statements by the gold under the same rule, without an
error, reaches a pairwise recall of 0.32 on the subtopics (row "oracle
grouping": a bound, not a system).  Event-link recall asks what the design
promises -- that the articles carrying an event are linked -- and the same
oracle reaches 0.74 of it.

Baselines (on sentences, no statements, no one-per-article rule):

- ``all-pairs``: every cross-document unit pair of a story aligned (recall 1);
- ``tfidf``: TF-IDF cosine between the units (IDF over all sentences of the
  loaded documents, sublinear tf), a pair aligned when it reaches a threshold
  chosen on the calibration half;
- ``use-pairs``: the same with the encoder's cosine between whole sentences,
  threshold chosen the same way.

Calibration.  Topics with an odd number form the calibration half, even ones
the evaluation half.  ``ALIGN_THRESHOLD`` (0.35 .. 0.80 by 0.025) and the
slot-bonus constants (``SLOT_BONUS``, ``MAX_SLOT_BONUS``,
``COMMON_ENTITY_SHARE``) are searched on the calibration half only (a staged
grid, see :func:`calibrate`); the objective is the mean of the
subtopic-level and topic-level link-F1.  Why not the subtopic pairwise F1:
the annotated sentences of a subtopic nearly all mention its seminal event
(71% of the cross-document pairs of the calibration half are gold), so
precision costs almost nothing there and, with the recall capped as above,
that F1 only grows as the threshold falls (its best setting is the lowest
threshold tried); the topic level adds the look-alike events of the other
subtopic as negatives, and link recall removes the cap.  The objective is
flat near its top (dozens of settings within a bootstrap standard error of
the best), so the setting *chosen* is the one that changes the fewest
constants among those within one standard error of the best (bootstrap over
the calibration topics); the plain best is reported too, as is the setting
the subtopic pairwise F1 alone would pick.  Figures are reported for the
evaluation half, the calibration half and all topics, at both levels, for the
chosen and the best setting, the constants in align.py now, and the ones
before this calibration.  Only ``align_groups`` re-runs per setting: each
story is analysed and encoded once.

Known losses on the way (they count against newsprism, as in real use): the
cleaner moves a headline-like first paragraph into ``Article.title``, so
those sentences yield no statement (about a fifth of the annotated
sentences, most of them ECB+ headlines); a document whose annotation raises
is left out of its stories and listed (``failed``).

Timings are printed; the last line of stdout is one JSON object with every
figure.  ``--cache DIR`` keeps the annotated documents and the vectors on disk
(keyed by a hash of newsprism's source outside ``compare/`` and of the texts).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import math
import multiprocessing as mp
import pickle
import re
import sys
import time
import xml.etree.ElementTree as ET
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

import newsprism
from newsprism.annotate.across import link_run  # noqa: E402
from newsprism.compare import align as align_mod
from newsprism.compare.align import align_groups
from newsprism.compare.statements import build_statements
from newsprism.config import Settings
from newsprism.embed import load_encoder
from newsprism.pipeline import annotate_raw, read_all

Unit = tuple[str, int]  # (document name, ECB sentence number)
Pair = tuple[Unit, Unit]

THRESHOLDS = [round(0.35 + 0.025 * k, 3) for k in range(19)]  # 0.35 .. 0.80
# (SLOT_BONUS, MAX_SLOT_BONUS) pairs and COMMON_ENTITY_SHARE values swept with the threshold
BONUSES = [(0.0, 0.0), (0.025, 0.05), (0.05, 0.1), (0.05, 0.15), (0.075, 0.15), (0.1, 0.2), (0.1, 0.3)]
COMMON_SHARES = [0.1, 0.25, 0.5]
BASELINE_THRESHOLDS = [round(0.05 + 0.025 * k, 3) for k in range(37)]  # 0.05 .. 0.95
EVENT_PREFIXES = ("ACT", "NEG")

_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "...", "'s", "'S", "n't",
                    "'m", "'re", "'ve", "'d", "'ll", "”"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "“"}
_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------
# Reading ECB+
# --------------------------------------------------------------------------


@dataclass
class Doc:
    name: str  # "1_10ecbplus"
    topic: int
    sub: str  # "ecb" | "ecbplus"
    text: str
    spans: list[tuple[int, int, int]]  # (start, end, ECB sentence number), in text order
    sentences: dict[int, str]  # ECB sentence number -> its text
    units: set[int]  # CSV sentence numbers
    events: dict[int, set[str]]  # sentence number -> event instance ids (CSV sentences only)

    def sentences_of(self, start: int, end: int) -> set[int]:
        starts = [s for s, _, _ in self.spans]
        k = max(bisect_right(starts, start) - 1, 0)
        out = set()
        for s, e, n in self.spans[k:]:
            if s >= end:
                break
            if start < e and s < end:
                out.add(n)
        return out


def detokenize(tokens: list[str]) -> str:
    if tokens and (tokens[0].lower() in ("http", "https") or tokens[0].lower().startswith("www")):
        return "".join(tokens)
    out: list[str] = []
    glue = True  # no space before the next token
    open_quote = False
    for k, tok in enumerate(tokens):
        t = tok
        before = tok in _NO_SPACE_BEFORE
        after = tok in _NO_SPACE_AFTER
        if tok in ("``", "''", '"'):
            t = '"'
            if tok == '"':  # a straight mark: opening at the start, closing at the end, else alternate
                opening = k == 0 or (k < len(tokens) - 1 and not open_quote
                                     and not all(x in _NO_SPACE_BEFORE for x in tokens[k + 1:]))
            else:
                opening = tok == "``"
            open_quote = opening
            before, after = (False, True) if opening else (True, False)
        if out and not glue and not before:
            out.append(" ")
        out.append(t)
        glue = after
    return "".join(out)


def read_doc(path: Path, csv_units: set[int]) -> Doc:
    root = ET.parse(path).getroot()
    by_sent: dict[int, list[str]] = defaultdict(list)
    tok_sent: dict[str, int] = {}
    for t in root.iter("token"):
        n = int(t.get("sentence", "0"))
        by_sent[n].append(t.text or "")
        tok_sent[t.get("t_id", "")] = n
    parts: list[str] = []
    spans: list[tuple[int, int, int]] = []
    sentences: dict[int, str] = {}
    pos = 0
    for n in sorted(by_sent):
        s = detokenize(by_sent[n])
        if not s.strip():
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        spans.append((pos, pos + len(s), n))
        sentences[n] = s
        parts.append(s)
        pos += len(s)
    mention_sents: dict[str, set[int]] = {}
    markables = root.find("Markables")
    for m in markables if markables is not None else ():
        anchors = [a.get("t_id", "") for a in m.findall("token_anchor")]
        if anchors:
            mention_sents[m.get("m_id", "")] = {tok_sent[a] for a in anchors if a in tok_sent}
    events: dict[int, set[str]] = defaultdict(set)
    relations = root.find("Relations")
    for r in relations if relations is not None else ():
        note = r.get("note") or ""
        if r.tag != "CROSS_DOC_COREF" or not note.startswith(EVENT_PREFIXES):
            continue
        for src in r.findall("source"):
            for n in mention_sents.get(src.get("m_id", ""), ()):
                if n in csv_units:
                    events[n].add(note)
    stem = path.stem
    topic, rest = stem.split("_", 1)
    sub = "ecbplus" if rest.endswith("ecbplus") else "ecb"
    return Doc(stem, int(topic), sub, "".join(parts), spans, sentences,
               {u for u in csv_units if u in sentences}, dict(events))


def load(data: Path, limit_topics: int | None) -> list[Doc]:
    csv_path = data / "ECB+_LREC2014" / "ECBplus_coreference_sentences.csv"
    selected: dict[str, set[int]] = defaultdict(set)
    with csv_path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            selected[f"{row['Topic'].strip()}_{row['File'].strip()}"].add(int(row["Sentence Number"]))
    topics = sorted((p for p in (data / "ECB+").iterdir() if p.is_dir() and p.name.isdigit()),
                    key=lambda p: int(p.name))
    if limit_topics:
        topics = topics[:limit_topics]
    docs = []
    for t in topics:
        for path in sorted(t.glob("*.xml"), key=lambda p: _natural(p.stem)):
            docs.append(read_doc(path, selected.get(path.stem, set())))
    return docs


def _natural(s: str) -> tuple[Any, ...]:
    return tuple(int(x) if x.isdigit() else x for x in re.split(r"(\d+)", s))


# --------------------------------------------------------------------------
# Stories: analysis, statements, vectors
# --------------------------------------------------------------------------


@dataclass
class Story:
    key: str  # "12/ecbplus" or "12" (topic level)
    topic: int
    docs: list[Doc]
    statements: list[Any] = field(default_factory=list)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 512), dtype=np.float32))
    stmt_units: list[frozenset[Unit]] = field(default_factory=list)
    gold: set[Pair] = field(default_factory=set)
    units: list[Unit] = field(default_factory=list)
    unit_events: dict[Unit, set[str]] = field(default_factory=dict)
    links: set[tuple[str, str, str]] = field(default_factory=set)  # (document, document, event)


def _pair(a: Unit, b: Unit) -> Pair:
    return (a, b) if a < b else (b, a)


def cross_pairs(units: Iterable[Unit]) -> Iterator[Pair]:
    for a, b in itertools.combinations(sorted(set(units)), 2):
        if a[0] != b[0]:
            yield (a, b)


def gold_pairs(docs: list[Doc]) -> tuple[set[Pair], set[tuple[str, str, str]]]:
    """Gold unit pairs, and the gold event links (document, document, event instance)."""
    by_event: dict[str, set[Unit]] = defaultdict(set)
    for d in docs:
        for n, evs in d.events.items():
            for e in evs:
                by_event[e].add((d.name, n))
    pairs: set[Pair] = set()
    links: set[tuple[str, str, str]] = set()
    for e, units in by_event.items():
        for a, b in cross_pairs(units):
            pairs.add((a, b))
            links.add((a[0], b[0], e))
    return pairs, links


def _source_hash() -> str:
    root = Path(newsprism.__file__).parent
    h = hashlib.sha1()
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and not rel.startswith(("compare/", "tell/", "report/")) and "__pycache__" not in rel:
            h.update(rel.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _annotate_batch(raws: list[Any]) -> tuple[list[Any], list[tuple[str, str]]]:
    """Annotate a batch in this process; on an error, document by document (failures reported)."""
    one = Settings(workers=1)
    try:
        return list(annotate_raw(raws, one)), []
    except Exception:  # noqa: BLE001 - one bad document must not sink the evaluation
        ok: list[Any] = []
        failed: list[tuple[str, str]] = []
        for r in raws:
            try:
                ok.extend(annotate_raw([r], one))
            except Exception as exc:  # noqa: BLE001
                failed.append((r.id, f"{type(exc).__name__}: {exc}"))
        return ok, failed


def annotate_docs(docs: list[Doc], workers: int, cache: Path | None
                  ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Document name -> ArticleResult (cleaned and annotated, before run-wide linking).

    Documents whose annotation raises are left out and listed (name, error).
    """
    h = hashlib.sha1(_source_hash().encode())
    for d in docs:
        h.update(d.name.encode())
        h.update(d.text.encode())
    path = cache / f"annotated-{h.hexdigest()[:16]}.pkl" if cache else None
    if path and path.exists():
        with path.open("rb") as f:
            cached: tuple[dict[str, Any], list[tuple[str, str]]] = pickle.load(f)
        return cached
    raws, skipped = read_all([{"id": d.name, "text": d.text} for d in docs])
    # records read from dicts carry read-only mappingproxy metadata, which cannot be
    # pickled to worker processes: hand them plain dicts
    raws = [replace(r, meta=dict(r.meta), evidence=dict(r.evidence)) for r in raws]
    failed = [(s.source, s.reason) for s in skipped]
    out: dict[str, Any] = {}
    t0 = time.time()
    batches = [raws[i:i + 8] for i in range(0, len(raws), 8)]
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(max(1, workers)) as pool:
        for ok, bad in pool.imap(_annotate_batch, batches):
            for r in ok:
                out[r.article.id] = r
            failed.extend(bad)
            if len(out) // 100 != (len(out) - len(ok)) // 100:
                print(f"  annotated {len(out)}/{len(raws)} ({time.time() - t0:.0f}s)", file=sys.stderr)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            pickle.dump((out, failed), f)
    return out, failed


class Vectors:
    """Text -> vector, each text encoded once (optionally kept on disk)."""

    def __init__(self, cache: Path | None) -> None:
        self.encoder = load_encoder()
        self.path = cache / f"vectors-{self.encoder.name}.pkl" if cache else None
        self.known: dict[str, np.ndarray] = {}
        if self.path and self.path.exists():
            with self.path.open("rb") as f:
                self.known = pickle.load(f)
        self.dirty = False

    def __call__(self, texts: list[str]) -> np.ndarray:
        todo = sorted({t for t in texts if t not in self.known})
        for i in range(0, len(todo), 256):
            chunk = todo[i:i + 256]
            for t, v in zip(chunk, self.encoder.encode(chunk), strict=True):
                self.known[t] = v
            self.dirty = True
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.stack([self.known[t] for t in texts]).astype(np.float32)

    def save(self) -> None:
        if self.path and self.dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("wb") as f:
                pickle.dump(self.known, f)


def build_story(key: str, topic: int, docs: list[Doc], results: dict[str, Any], vec: Vectors) -> Story:
    story = Story(key, topic, docs)
    analysis = link_run([results[d.name] for d in docs])
    by_name = {d.name: d for d in docs}
    statements = build_statements(analysis)
    units_of = []
    for s in statements:
        art = analysis.article(s.article)
        d = by_name[s.article]
        if art.source_text != d.text:
            raise RuntimeError(f"{d.name}: the reader changed the text; offsets would not map")
        a, b = art.source_span(s.start, s.end)
        units_of.append(frozenset((d.name, n) for n in d.sentences_of(a, b) if n in d.units))
    story.statements = statements
    story.stmt_units = units_of
    story.vectors = vec([s.text for s in statements])
    story.gold, story.links = gold_pairs(docs)
    story.unit_events = {(d.name, n): evs for d in docs for n, evs in d.events.items()}
    story.units = sorted((d.name, n) for d in docs for n in d.units)
    return story


# --------------------------------------------------------------------------
# Predictions and scores
# --------------------------------------------------------------------------

# Since issue 22 the aligner has one setting left here: the pair judge's "same claim"
# probability (its weights and thresholds are fitted by eval/train_judge.py, not swept here).
# The hand-set score's constants (slot bonus, common-entity share) are gone with it; their last
# ECB+ figures are in docs/evaluation.md.
CONSTANTS = ("ALIGN_THRESHOLD",)


def current_constants() -> dict[str, float]:
    from newsprism.compare.judge import load_judge

    return {"ALIGN_THRESHOLD": load_judge().threshold}


BEFORE = current_constants()


@contextmanager
def constants(cfg: dict[str, float]) -> Iterator[None]:
    """Temporarily set align.py's module constants (align_groups reads them at call time)."""
    names = [k for k in CONSTANTS if k != "ALIGN_THRESHOLD" and k in cfg]
    old = {k: getattr(align_mod, k) for k in names}
    try:
        for k in names:
            setattr(align_mod, k, cfg[k])
        yield
    finally:
        for k, v in old.items():
            setattr(align_mod, k, v)


def predict(story: Story, threshold: float) -> set[Pair]:
    out: set[Pair] = set()
    for g in align_groups(story.statements, story.vectors, threshold):
        units: set[Unit] = set()
        for i in g:
            units |= story.stmt_units[i]
        out.update(cross_pairs(units))
    return out


@dataclass
class Counts:
    """Pairwise counts over stories, plus the event-link coverage."""

    tp: int = 0
    pred: int = 0
    gold: int = 0
    links: int = 0
    links_found: int = 0
    f1s: list[float] = field(default_factory=list)

    def add(self, story: Story, pred: set[Pair]) -> None:
        gold = story.gold
        tp = len(pred & gold)
        self.tp += tp
        self.pred += len(pred)
        self.gold += len(gold)
        if gold:
            p = tp / len(pred) if pred else 0.0
            r = tp / len(gold)
            self.f1s.append(2 * p * r / (p + r) if p + r else 0.0)
        found = set()
        for a, b in pred & gold:
            for e in story.unit_events.get(a, set()) & story.unit_events.get(b, set()):
                found.add((a[0], b[0], e))
        self.links += len(story.links)
        self.links_found += len(found)

    @property
    def p(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def r(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    @property
    def link_r(self) -> float:
        return self.links_found / self.links if self.links else 0.0

    @property
    def link_f1(self) -> float:
        p, r = self.p, self.link_r
        return 2 * p * r / (p + r) if p + r else 0.0

    def prf(self) -> dict[str, float | int]:
        macro = sum(self.f1s) / len(self.f1s) if self.f1s else 0.0
        return {"p": round(self.p, 4), "r": round(self.r, 4), "f1": round(self.f1, 4),
                "macro_f1": round(macro, 4), "link_r": round(self.link_r, 4),
                "link_f1": round(self.link_f1, 4), "tp": self.tp, "pred": self.pred,
                "gold": self.gold, "links": self.links, "links_found": self.links_found,
                "stories": len(self.f1s)}


def score_ours(stories: list[Story], cfg: dict[str, float]) -> Counts:
    c = Counts()
    with constants(cfg):
        for s in stories:
            c.add(s, predict(s, cfg["ALIGN_THRESHOLD"]))
    return c


def objective(sub: Counts, top: Counts) -> float:
    """What the calibration maximises: mean event-link F1 of the two levels."""
    return (sub.link_f1 + top.link_f1) / 2


class PairScorer:
    """A unit-pair similarity baseline: pairs at or above a threshold are aligned."""

    def __init__(self, sim: dict[str, dict[Pair, float]]) -> None:
        self.sim = sim

    def score(self, stories: list[Story], threshold: float) -> Counts:
        c = Counts()
        for s in stories:
            c.add(s, {p for p, v in self.sim[s.key].items() if v >= threshold})
        return c


def tfidf_sims(stories: list[Story], docs: list[Doc]) -> dict[str, dict[Pair, float]]:
    df: Counter[str] = Counter()
    n = 0
    for d in docs:
        for text in d.sentences.values():
            df.update({w.lower() for w in _WORD.findall(text)})
            n += 1

    def vector(text: str) -> dict[str, float]:
        tf = Counter(w.lower() for w in _WORD.findall(text))
        v = {w: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}

    out = {}
    for s in stories:
        vecs = {(d.name, u): vector(d.sentences[u]) for d in s.docs for u in d.units}
        sims = {}
        for a, b in cross_pairs(s.units):
            va, vb = vecs[a], vecs[b]
            if len(va) > len(vb):
                va, vb = vb, va
            sims[(a, b)] = sum(x * vb.get(w, 0.0) for w, x in va.items())
        out[s.key] = sims
    return out


def use_sims(stories: list[Story], vec: Vectors) -> dict[str, dict[Pair, float]]:
    out = {}
    for s in stories:
        text_of = {(d.name, u): d.sentences[u] for d in s.docs for u in d.units}
        keys = sorted(text_of)
        m = vec([text_of[k] for k in keys])
        idx = {k: i for i, k in enumerate(keys)}
        out[s.key] = {(a, b): float(m[idx[a]] @ m[idx[b]]) for a, b in cross_pairs(s.units)}
    return out


def _oracle_gain(a: set[Unit], b: set[Unit], gold: set[Pair]) -> int:
    """Gold unit pairs that joining ``a`` and ``b`` adds; -1 when it adds a wrong one."""
    g = 0
    for x in a:
        for y in b:
            if x[0] != y[0]:
                if _pair(x, y) not in gold:
                    return -1
                g += 1
    return g


def oracle(stories: list[Story]) -> Counts:
    """Groups built from the gold under newsprism's rule (one statement per article per group).

    Greedy: merge the two groups that add the most gold unit pairs and no wrong
    one, until no merge adds any.  A bound on what the grouping rule allows
    with these statements, not a system.
    """
    c = Counts()
    for s in stories:
        idx = [i for i, u in enumerate(s.stmt_units) if u]
        units = {i: set(s.stmt_units[i]) for i in idx}
        arts = {i: {s.statements[i].article} for i in idx}
        while True:
            best, pick = 0, None
            for a, b in itertools.combinations(sorted(units), 2):
                if not arts[a] & arts[b]:
                    g = _oracle_gain(units[a], units[b], s.gold)
                    if g > best:
                        best, pick = g, (a, b)
            if pick is None:
                break
            a, b = pick
            units[a] |= units.pop(b)
            arts[a] |= arts.pop(b)
        pred: set[Pair] = set()
        for u in units.values():
            pred.update(cross_pairs(u))
        c.add(s, pred)
    return c


def all_pairs(stories: list[Story]) -> Counts:
    c = Counts()
    for s in stories:
        c.add(s, set(cross_pairs(s.units)))
    return c


# --------------------------------------------------------------------------
# Calibration
# --------------------------------------------------------------------------


BOOTSTRAP = 200  # resamples of the calibration topics, to tell real gains from noise


def _topic_counts(stories: list[Story], cfg: dict[str, float], topics: list[int]) -> np.ndarray:
    """Per calibration topic: [tp, pred, links, links found], summed over its stories."""
    out = np.zeros((len(topics), 4))
    row = {t: k for k, t in enumerate(topics)}
    with constants(cfg):
        for s in stories:
            c = Counts()
            c.add(s, predict(s, cfg["ALIGN_THRESHOLD"]))
            out[row[s.topic]] += (c.tp, c.pred, c.links, c.links_found)
    return out


def _link_f1(sums: np.ndarray) -> np.ndarray:
    """link-F1 from summed [tp, pred, links, found] (last axis)."""
    p = np.divide(sums[..., 0], sums[..., 1], out=np.zeros(sums.shape[:-1]), where=sums[..., 1] > 0)
    r = np.divide(sums[..., 3], sums[..., 2], out=np.zeros(sums.shape[:-1]), where=sums[..., 2] > 0)
    return np.divide(2 * p * r, p + r, out=np.zeros(p.shape), where=p + r > 0)


def calibrate(sub: list[Story], top: list[Story], start: dict[str, float]
              ) -> tuple[dict[str, float], dict[str, float], list[dict[str, Any]]]:
    """Grid search on the calibration half: (chosen, best, every setting tried).

    The search is staged:

    1. ALIGN_THRESHOLD over its whole range, slot constants as in ``start``;
    2. (SLOT_BONUS, MAX_SLOT_BONUS) x COMMON_ENTITY_SHARE, thresholds within 0.05 of the best;
    3. ALIGN_THRESHOLD over its whole range again with the best slot constants.

    *best* maximises the objective.  The surface is flat near its top, so the
    choice is made robust with a one-standard-error rule: the calibration
    topics are resampled (bootstrap, fixed seed), a setting whose objective is
    within one standard error of the best one's (the spread of the difference
    over the resamples) counts as tied, and among the tied settings *chosen*
    is the one that changes the fewest constants of ``start``, then moves the
    threshold least, then the slot constants -- a constant moves only as far
    as the data supports.
    """
    topics = sorted({s.topic for s in sub})
    tried: dict[tuple[float, ...], dict[str, Any]] = {}
    arrays: dict[tuple[float, ...], tuple[np.ndarray, np.ndarray]] = {}

    def run(cfg: dict[str, float]) -> None:
        key = tuple(cfg[k] for k in CONSTANTS)
        if key in tried:
            return
        cs, ct = _topic_counts(sub, cfg, topics), _topic_counts(top, cfg, topics)
        arrays[key] = (cs, ct)
        fs, ft = float(_link_f1(cs.sum(axis=0))), float(_link_f1(ct.sum(axis=0)))
        tp_s, pred_s = cs[:, 0].sum(), cs[:, 1].sum()
        tp_t, pred_t = ct[:, 0].sum(), ct[:, 1].sum()
        gold_s = sum(len(x.gold) for x in sub)
        gold_t = sum(len(x.gold) for x in top)
        tried[key] = dict(cfg, objective=round((fs + ft) / 2, 4),
                          subtopic_f1=round(_f1(tp_s, pred_s, gold_s), 4),
                          topic_f1=round(_f1(tp_t, pred_t, gold_t), 4),
                          subtopic_link_f1=round(fs, 4), topic_link_f1=round(ft, 4))

    def best() -> tuple[float, ...]:
        def distance(r: dict[str, Any]) -> float:
            return sum(abs(r[k] - start[k]) for k in CONSTANTS)
        return max(tried, key=lambda k: (tried[k]["objective"], -distance(tried[k])))

    def as_cfg(key: tuple[float, ...]) -> dict[str, float]:
        return dict(zip(CONSTANTS, key, strict=True))

    for t in THRESHOLDS:
        run(dict(start, ALIGN_THRESHOLD=t))
    b = as_cfg(best())
    near = [t for t in THRESHOLDS if abs(t - b["ALIGN_THRESHOLD"]) <= 0.05 + 1e-9]
    for sb, mb in BONUSES:
        for share in COMMON_SHARES:
            for t in near:
                run(dict(b, SLOT_BONUS=sb, MAX_SLOT_BONUS=mb, COMMON_ENTITY_SHARE=share, ALIGN_THRESHOLD=t))
    b = as_cfg(best())
    for t in THRESHOLDS:
        run(dict(b, ALIGN_THRESHOLD=t))

    # one-standard-error rule over bootstrap resamples of the calibration topics
    top_key = best()
    rng = np.random.default_rng(0)
    weights = np.stack([np.bincount(rng.integers(0, len(topics), len(topics)), minlength=len(topics))
                        for _ in range(BOOTSTRAP)]).astype(float)  # (resamples, topics)

    def resampled(key: tuple[float, ...]) -> np.ndarray:
        cs, ct = arrays[key]
        return (_link_f1(weights @ cs) + _link_f1(weights @ ct)) / 2

    ref = resampled(top_key)
    for key, row in tried.items():
        se = float(np.std(ref - resampled(key)))
        row["se"] = round(se, 4)
        row["tied"] = tried[top_key]["objective"] - row["objective"] <= se + 1e-12

    def moves(key: tuple[float, ...]) -> tuple[int, float, float, float]:
        cfg = as_cfg(key)
        changed = sum(1 for k in CONSTANTS if abs(cfg[k] - start[k]) > 1e-9)
        slot_moves = sum(abs(cfg[k] - start[k]) for k in CONSTANTS if k != "ALIGN_THRESHOLD")
        return (changed, abs(cfg["ALIGN_THRESHOLD"] - start["ALIGN_THRESHOLD"]), slot_moves,
                -tried[key]["objective"])

    chosen = min((k for k in tried if tried[k]["tied"]), key=moves)
    return as_cfg(chosen), as_cfg(top_key), sorted(tried.values(), key=lambda r: -r["objective"])


def _f1(tp: float, pred: float, gold: float) -> float:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

COLUMNS = f"{'P':>7}{'R':>7}{'F1':>7}{'macroF1':>9}{'linkR':>8}{'linkF1':>8}{'tp':>7}{'pred':>7}{'gold':>7}"


def _row(name: str, c: dict[str, Any]) -> str:
    return (f"{name[:36]:36}{c['p']:>7.3f}{c['r']:>7.3f}{c['f1']:>7.3f}{c['macro_f1']:>9.3f}"
            f"{c['link_r']:>8.3f}{c['link_f1']:>8.3f}{c['tp']:>7}{c['pred']:>7}{c['gold']:>7}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--claims" in argv:  # the claim groups made by reading NeuS stories: eval/claims.py
        from claims import main as claims_main

        return claims_main([a for a in argv if a != "--claims"])
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--claims", action="store_true",
                    help="score eval/judgments/claims.jsonl instead (--data: the neus_allsides "
                         "folder; the options of eval/claims.py apply)")
    ap.add_argument("--data", type=Path, required=True, help="the ecbplus folder (holds ECB+/)")
    ap.add_argument("--limit-topics", type=int, default=None, help="only the first N topics")
    ap.add_argument("--workers", type=int, default=2, help="annotation worker processes")
    ap.add_argument("--cache", type=Path, default=None,
                    help="keep annotated documents and vectors here between runs (e.g. /tmp/...)")
    ap.add_argument("--no-sweep", action="store_true", help="score the current constants only")
    args = ap.parse_args(argv)
    args.no_sweep = True  # the judge's thresholds are chosen by eval/train_judge.py

    timings: dict[str, float] = {}
    t0 = time.time()
    docs = load(args.data, args.limit_topics)
    timings["load_s"] = round(time.time() - t0, 1)
    print(f"{len(docs)} documents, {sum(len(d.units) for d in docs)} annotated sentences", file=sys.stderr)

    t0 = time.time()
    results, failed = annotate_docs(docs, args.workers, args.cache)
    timings["annotate_s"] = round(time.time() - t0, 1)
    if failed:
        print(f"{len(failed)} documents could not be annotated and are left out: "
              + "; ".join(f"{n} ({e})" for n, e in failed[:5]), file=sys.stderr)
    docs = [d for d in docs if d.name in results]

    t0 = time.time()
    vec = Vectors(args.cache)
    by_sub: dict[tuple[int, str], list[Doc]] = defaultdict(list)
    by_topic: dict[int, list[Doc]] = defaultdict(list)
    for d in docs:
        by_sub[(d.topic, d.sub)].append(d)
        by_topic[d.topic].append(d)
    levels = {
        "subtopic": [build_story(f"{t}/{s}", t, ds, results, vec) for (t, s), ds in sorted(by_sub.items())],
        "topic": [build_story(str(t), t, ds, results, vec) for t, ds in sorted(by_topic.items())],
    }
    vec.save()
    timings["stories_s"] = round(time.time() - t0, 1)
    n_statements = sum(len(s.statements) for s in levels["subtopic"])

    def half(stories: list[Story], which: str) -> list[Story]:
        if which == "all":
            return stories
        return [s for s in stories if (s.topic % 2 == 1) == (which == "calibration")]

    halves = ("evaluation", "calibration", "all")
    current = current_constants()
    cal_sub, cal_top = half(levels["subtopic"], "calibration"), half(levels["topic"], "calibration")

    # --- calibration: the sweep on the calibration half ---
    t0 = time.time()
    tried: list[dict[str, Any]] = []
    chosen = dict(current)
    best = dict(current)
    if not args.no_sweep and cal_sub:
        chosen, best, tried = calibrate(cal_sub, cal_top, current)
    timings["sweep_s"] = round(time.time() - t0, 1)
    timings["sweep_settings"] = len(tried)
    by_pairwise = max(tried, key=lambda r: r["subtopic_f1"]) if tried else None

    # --- baselines: thresholds chosen on the calibration half, same objective ---
    t0 = time.time()
    baselines: dict[str, dict[str, Any]] = {}
    sim_fns = {"tfidf": lambda ss: tfidf_sims(ss, docs), "use-pairs": lambda ss: use_sims(ss, vec)}
    for name, fn in sim_fns.items():
        scorer = {level: PairScorer(fn(stories)) for level, stories in levels.items()}
        best_t = max(BASELINE_THRESHOLDS,
                     key=lambda t: objective(scorer["subtopic"].score(cal_sub, t),
                                             scorer["topic"].score(cal_top, t)))
        entry: dict[str, Any] = {"threshold": best_t}
        for level, stories in levels.items():
            entry[level] = {w: scorer[level].score(half(stories, w), best_t).prf() for w in halves}
        baselines[name] = entry
    baselines["all-pairs"] = {level: {w: all_pairs(half(stories, w)).prf() for w in halves}
                              for level, stories in levels.items()}
    baselines["oracle"] = {level: {w: oracle(half(stories, w)).prf() for w in halves}
                           for level, stories in levels.items()}
    vec.save()
    timings["baselines_s"] = round(time.time() - t0, 1)

    result: dict[str, Any] = {
        "documents": len(docs), "failed": [n for n, _ in failed],
        "units": sum(len(d.units) for d in docs), "statements": n_statements,
        "subtopics": len(levels["subtopic"]), "topics": len(levels["topic"]),
        "current": current, "chosen": chosen, "best_on_calibration": best, "before": BEFORE,
        "best_by_subtopic_pairwise_f1": by_pairwise,
        "ours": {}, "ours_best": {}, "ours_current": {}, "ours_before": {}, "baselines": baselines,
    }
    for level, stories in levels.items():
        for w in halves:
            part = half(stories, w)
            result["ours"].setdefault(level, {})[w] = score_ours(part, chosen).prf()
            result["ours_best"].setdefault(level, {})[w] = score_ours(part, best).prf()
            result["ours_current"].setdefault(level, {})[w] = score_ours(part, current).prf()
            result["ours_before"].setdefault(level, {})[w] = score_ours(part, BEFORE).prf()
    curve = []
    for t in THRESHOLDS:
        cfg = dict(chosen, ALIGN_THRESHOLD=t)
        row: dict[str, Any] = {"threshold": t}
        for w in ("calibration", "evaluation"):
            cs = score_ours(half(levels["subtopic"], w), cfg)
            ct = score_ours(half(levels["topic"], w), cfg)
            row[w] = {"subtopic_f1": round(cs.f1, 4), "topic_f1": round(ct.f1, 4),
                      "objective": round(objective(cs, ct), 4)}
        curve.append(row)
    result["threshold_curve"] = curve
    result["sweep_top"] = tried[:10]
    result["timings"] = timings

    # --- table ---
    def fmt(cfg: dict[str, float]) -> str:
        return ", ".join(f"{k}={cfg[k]:g}" for k in CONSTANTS)

    lines = [f"ECB+ cross-document alignment: {len(docs)} documents ({len(failed)} failed), "
             f"{result['units']} annotated sentences, {n_statements} statements, "
             f"{len(levels['subtopic'])} subtopics / {len(levels['topic'])} topics",
             f"before:  {fmt(BEFORE)}",
             f"current: {fmt(current)}",
             f"best on calibration: {fmt(best)}  (odd topics; objective = mean link-F1 of both levels)",
             f"chosen:  {fmt(chosen)}  (fewest changes within one bootstrap SE of the best)"]
    if tried:
        row_of = {tuple(r[k] for k in CONSTANTS): r for r in tried}
        b_row, c_row = row_of[tuple(best[k] for k in CONSTANTS)], row_of[tuple(chosen[k] for k in CONSTANTS)]
        lines.append(f"calibration objective: best {b_row['objective']:.4f}, chosen {c_row['objective']:.4f} "
                     f"(SE of the difference {c_row['se']:.4f}); {sum(r['tied'] for r in tried)} of "
                     f"{len(tried)} settings tied with the best")
    if by_pairwise:
        lines.append(f"best by subtopic pairwise F1 alone: {fmt(by_pairwise)} (F1 {by_pairwise['subtopic_f1']:.3f})")
    lines.append("")
    for level in levels:
        for w in halves:
            title = f"{level} level, {w} half" if w != "all" else f"{level} level, all topics"
            lines += [f"{title:36}{COLUMNS}", "-" * (36 + len(COLUMNS))]
            lines.append(_row("newsprism (chosen)", result["ours"][level][w]))
            lines.append(_row("newsprism (best on calibration)", result["ours_best"][level][w]))
            lines.append(_row("newsprism (current)", result["ours_current"][level][w]))
            lines.append(_row("newsprism (before)", result["ours_before"][level][w]))
            for name in sim_fns:
                lines.append(_row(f"{name} (t={baselines[name]['threshold']:g})", baselines[name][level][w]))
            lines.append(_row("all-pairs", baselines["all-pairs"][level][w]))
            lines.append(_row("oracle grouping (bound, not a system)", baselines["oracle"][level][w]))
            lines.append("")
    lines.append("threshold curve at the chosen slot constants (pairwise F1 sub/topic, objective):")
    lines.append(f"{'t':>7}  {'calibration half':>26}  {'evaluation half':>26}")
    for r in curve:
        c, e = r["calibration"], r["evaluation"]
        lines.append(f"{r['threshold']:>7.3f}  {c['subtopic_f1']:>8.3f}{c['topic_f1']:>9.3f}{c['objective']:>9.3f}"
                     f"  {e['subtopic_f1']:>8.3f}{e['topic_f1']:>9.3f}{e['objective']:>9.3f}")
    lines.append("timings: " + ", ".join(f"{k}={v}" for k, v in timings.items()))
    print("\n".join(lines))
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
