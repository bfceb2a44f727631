"""Align statements that report the same fact across articles; give each fact a status.

1. candidates: statement pairs from *different* articles — every pair when the
   run is small (a dense similarity matrix), otherwise only pairs that share
   a bucket of a random-hyperplane LSH index on the embeddings, so the cost
   grows with the number of near neighbours, not with all pairs;
2. score = cosine similarity of the embeddings + a bonus for each rare slot
   the two share (an entity few statements mention, the same number of the
   same thing, the same date), capped; a pair whose words (content stems,
   weighted by how few of the story's statements use them) overlap less than
   ``LEXICAL_FLOOR`` is not aligned however close its embeddings are: two
   sentences on one topic ("Trump's tax plan", "Clinton's tax plan") are not
   one claim;
3. groups: constrained complete linkage — pairs are merged best first, a
   group holds at most one statement per article, and two groups merge only
   when every pair across them scores above the threshold (no chaining);
4. status: ``conflicting`` when aligned variants disagree on a slot
   (:mod:`.conflicts`), ``corroborated`` when at least two *independent*
   outlets carry it (copies of one article count once), else ``unique``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from ..disjoint import DisjointSets
from ..group.features import content_stems
from ..model import Conflict, Fact, Omission, Statement, Variant
from .conflicts import counted_noun

if TYPE_CHECKING:
    from ..analysis import Analysis

# Operating point (eval/align.py on ECB+, docs/evaluation.md).  ECB+'s gold links sentences
# that mention the same *event*; 71% of cross-document sentence pairs of a story are gold, so its
# pairwise F1 rises as the threshold falls (average linkage at 0.50 scores best there: 0.333 on
# the held-out half).  A fact here is a *claim* -- who said or did what, when -- and a wrong
# "corroborated" misleads a reader more than a missed one, so we take complete linkage (every
# pair of a fact's variants must match: no chaining through a middle statement) at 0.55, where
# precision on the harder topic level (two look-alike events mixed) is 0.86 instead of 0.72,
# at a recall cost (held-out pairwise F1 0.229 per story, 0.217 per topic; with the lexical
# floor below, precision 0.97 / 0.94 and F1 0.157 / 0.163).
ALIGN_THRESHOLD = 0.55
LINKAGE = "complete"
# bonus per shared rare slot, and its cap (swept on ECB+'s calibration half; kept)
SLOT_BONUS = 0.05
MAX_SLOT_BONUS = 0.15
# an entity mentioned by more than this share of the story's statements is not a distinguishing slot
COMMON_ENTITY_SHARE = 0.25
# subtracted when two statements are quotes of different speakers, and when both name days and
# share none: "Rubio said X" and "Peskov said Y" are different claims however close X and Y are.
# On ECB+ (event-level gold) they cost 0.001 pairwise F1 at this operating point.
SPEAKER_PENALTY = 0.1
DATE_PENALTY = 0.1
# a pair must reach this cosine of its content-stem vectors (tf-idf over the story's statements)
# to be aligned at all.  Chosen by reading (0.1 and 0.15 compared): in 12 multi-outlet stories
# (the seeds, stored Zyte and PolNeAR stories) 0.15 took out 56 aligned pairs, 51 of them
# different claims on one topic, and let in 12 (10 different claims).  Held out, on 36 NeuS train
# triplets (eval/corroboration.py): pairs judged the same claim 61/80 -> 57/67, precision
# 0.76 -> 0.85.  ECB+, whose gold is the same *event*, loses recall (docs/evaluation.md).
LEXICAL_FLOOR = 0.15
# up to this many statements the similarity matrix is dense; beyond, LSH candidates
DENSE_LIMIT = 3000
LSH_TABLES = 12
LSH_BITS = 12
LSH_SEED = 13
# buckets larger than this are ignored (a bucket that large holds generic statements)
LSH_MAX_BUCKET = 200
# articles whose word 5-shingles overlap at least this much are copies of one another
COPY_JACCARD = 0.7
COPY_SHINGLE = 5
# up to this many articles, copies are found by exact Jaccard; beyond, by MinHash LSH
EXACT_COPY_LIMIT = 60


def outlet_key(article_outlet: str | None, article_id: str) -> str:
    return (article_outlet or "").strip().lower() or f"id:{article_id}"


def _shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + COPY_SHINGLE]) for i in range(max(1, len(words) - COPY_SHINGLE + 1))}


def independence(analysis: Analysis) -> dict[str, str]:
    """Article id -> a key shared by articles that are not independent sources.

    Articles of the same outlet share a key; so do near-identical copies
    (syndicated wire copy): exact shingle Jaccard for small runs, MinHash LSH
    over word shingles beyond ``EXACT_COPY_LIMIT`` articles.
    """
    sets = DisjointSets()
    find, union = sets.find, sets.join
    by_outlet: dict[str, str] = {}
    for a in analysis.articles:
        key = outlet_key(a.outlet, a.id)
        find(a.id)
        if key in by_outlet:
            union(a.id, by_outlet[key])
        else:
            by_outlet[key] = a.id
    shingles = [(a.id, _shingles(a.text)) for a in analysis.articles]
    if len(shingles) <= EXACT_COPY_LIMIT:
        for i, (ai, si) in enumerate(shingles):
            for aj, sj in shingles[:i]:
                if si and sj and len(si & sj) / len(si | sj) >= COPY_JACCARD:
                    union(ai, aj)
    else:
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=COPY_JACCARD, num_perm=64)
        for aid, sh in shingles:
            mh = MinHash(num_perm=64, seed=LSH_SEED)
            mh.update_batch([x.encode("utf-8") for x in sh])
            for other in lsh.query(mh):
                union(aid, other)
            lsh.insert(aid, mh)
    return {a.id: find(a.id) for a in analysis.articles}


def _lsh_pairs(vectors: np.ndarray, article_of: list[int], floor: float) -> list[tuple[int, int, float]]:
    """Pairs of different articles that share an LSH bucket and have a cosine of at least ``floor``."""
    out: list[tuple[int, int, float]] = []
    arts = np.asarray(article_of)
    rng = np.random.default_rng(LSH_SEED)
    seen: set[tuple[int, int]] = set()
    for _ in range(LSH_TABLES):
        planes = rng.standard_normal((vectors.shape[1], LSH_BITS)).astype(np.float32)
        bits = (vectors @ planes) > 0
        codes = bits.astype(np.int64) @ (1 << np.arange(LSH_BITS, dtype=np.int64))
        buckets: dict[int, list[int]] = defaultdict(list)
        for i, c in enumerate(codes.tolist()):
            buckets[c].append(i)
        for members in buckets.values():
            if len(members) < 2 or len(members) > LSH_MAX_BUCKET:
                continue
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    i, j = members[x], members[y]
                    if arts[i] != arts[j] and (i, j) not in seen:
                        seen.add((i, j))
                        s = float(vectors[i] @ vectors[j])
                        if s >= floor:
                            out.append((i, j, s))
    return out


@dataclass(frozen=True)
class _Slots:
    """What a statement's slots contribute to its pair scores."""

    entities: frozenset[str]  # entities that are not common in the story
    numbers: frozenset[tuple[float, str]]  # (value, counted noun): "1,000 people (from each side)"
    dates: frozenset[str]
    speaker: str | None  # whose quote the statement is
    days: frozenset[str]  # day-level dates


def _slots(s: Statement, common: set[str]) -> _Slots:
    return _Slots(
        entities=frozenset(s.entities) - common,
        numbers=frozenset((v, counted_noun(c)) for v, c in s.numbers),
        dates=frozenset(s.dates),
        speaker=s.speaker,
        days=frozenset(d for d in s.dates if len(d) == 10),
    )


def _bonus(a: _Slots, b: _Slots) -> float:
    """The slot bonus (capped) a pair adds to its cosine, less the mismatch penalties."""
    shared = len(a.entities & b.entities) + len(a.numbers & b.numbers) + len(a.dates & b.dates)
    out = min(MAX_SLOT_BONUS, SLOT_BONUS * shared)
    if a.speaker and b.speaker and a.speaker != b.speaker:
        out -= SPEAKER_PENALTY
    if a.days and b.days and not a.days & b.days:
        out -= DATE_PENALTY
    return out


def _dense_scores(vectors: np.ndarray, slots: list[_Slots]) -> np.ndarray:
    """The full pair score matrix: cosine + capped slot bonus (float64)."""
    n = len(slots)
    scores = (vectors @ vectors.T).astype(np.float64)
    shared = np.zeros((n, n), dtype=np.float32)
    holders: dict[tuple[str, object], list[int]] = defaultdict(list)
    for i, sl in enumerate(slots):
        for e in sl.entities:
            holders[("e", e)].append(i)
        for x in sl.numbers:
            holders[("n", x)].append(i)
        for d in sl.dates:
            holders[("d", d)].append(i)
    for idx in holders.values():
        if len(idx) > 1:
            shared[np.ix_(idx, idx)] += 1
    scores += np.minimum(MAX_SLOT_BONUS, SLOT_BONUS * shared.astype(np.float64))
    if SPEAKER_PENALTY:
        spk = np.array([sl.speaker or "" for sl in slots], dtype=object)
        has = spk != ""
        scores -= SPEAKER_PENALTY * (has[:, None] & has[None, :] & (spk[:, None] != spk[None, :]))
    if DATE_PENALTY:
        same_day = np.zeros((n, n), dtype=bool)
        day_holders: dict[str, list[int]] = defaultdict(list)
        for i, sl in enumerate(slots):
            for d in sl.days:
                day_holders[d].append(i)
        for idx in day_holders.values():
            same_day[np.ix_(idx, idx)] = True
        has_day = np.array([bool(sl.days) for sl in slots])
        scores -= DATE_PENALTY * (has_day[:, None] & has_day[None, :] & ~same_day)
    return scores


class _Lexical:
    """Sparse tf-idf vectors of the statements' content stems, idf over these statements."""

    def __init__(self, statements: list[Statement]) -> None:
        counts = [Counter(content_stems(s.text)) for s in statements]
        n = len(counts)
        df = Counter(t for c in counts for t in c)
        self.vectors: list[dict[str, float]] = []
        for c in counts:
            v = {t: (1 + math.log(k)) * math.log((n + 1) / (df[t] + 1) + 1) for t, k in c.items()}
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            self.vectors.append({t: x / norm for t, x in v.items()})

    def cosine(self, i: int, j: int) -> float:
        a, b = self.vectors[i], self.vectors[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(x * b.get(t, 0.0) for t, x in a.items())


def align_groups(statements: list[Statement], vectors: np.ndarray,
                 threshold: float | None = None) -> list[list[int]]:
    """Indexes of statements grouped into facts (every statement in exactly one group).

    Deterministic: pairs are merged best first (ties by index), a group holds at
    most one statement per article, and two groups merge only when their cross
    pairs reach ``threshold``: every one (``LINKAGE = "complete"``) or on average.
    """
    if threshold is None:
        threshold = ALIGN_THRESHOLD
    n = len(statements)
    if n == 0:
        return []
    art_ids = sorted({s.article for s in statements})
    art_index = {a: i for i, a in enumerate(art_ids)}
    article_of = [art_index[s.article] for s in statements]
    freq = Counter(e for s in statements for e in set(s.entities))
    common = {e for e, c in freq.items() if c > COMMON_ENTITY_SHARE * n}
    slots = [_slots(s, common) for s in statements]
    lexical = _Lexical(statements)

    if n <= DENSE_LIMIT:
        matrix = _dense_scores(vectors, slots)
        arts = np.asarray(article_of)
        ii, jj = np.nonzero(np.triu(matrix >= threshold, k=1) & (arts[:, None] != arts[None, :]))
        # only pairs above the threshold can matter to complete linkage: gate those
        apart = [k for k, (i, j) in enumerate(zip(ii.tolist(), jj.tolist(), strict=True))
                 if lexical.cosine(i, j) < LEXICAL_FLOOR]
        if apart:
            matrix[ii[apart], jj[apart]] = matrix[jj[apart], ii[apart]] = -1.0
            passed = np.ones(len(ii), dtype=bool)
            passed[apart] = False
            ii, jj = ii[passed], jj[passed]
        rank = np.lexsort((jj, ii, -matrix[ii, jj]))
        order = list(zip(ii[rank].tolist(), jj[rank].tolist(), strict=True))

        def linkage(a: list[int], b: list[int]) -> float:
            block = matrix[np.ix_(a, b)]
            return float(block.min() if LINKAGE == "complete" else block.mean())
    else:
        scored: dict[tuple[int, int], float] = {}

        def _gated(i: int, j: int, value: float) -> float:
            return value if value < threshold or lexical.cosine(i, j) >= LEXICAL_FLOOR else -1.0
        for i, j, cos in _lsh_pairs(vectors, article_of, threshold - MAX_SLOT_BONUS):
            scored[(i, j)] = _gated(i, j, cos + _bonus(slots[i], slots[j]))
        order = [(i, j) for _, i, j in sorted(((s, i, j) for (i, j), s in scored.items() if s >= threshold),
                                               key=lambda x: (-x[0], x[1], x[2]))]

        def score(i: int, j: int) -> float:
            key = (i, j) if i < j else (j, i)
            if key not in scored:
                scored[key] = _gated(i, j, float(vectors[i] @ vectors[j]) + _bonus(slots[i], slots[j]))
            return scored[key]

        def linkage(a: list[int], b: list[int]) -> float:
            cross = [score(x, y) for x in a for y in b]
            return min(cross) if LINKAGE == "complete" else sum(cross) / len(cross)

    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    arts_of: dict[int, set[int]] = {i: {article_of[i]} for i in range(n)}
    for i, j in order:
        gi, gj = group_of[i], group_of[j]
        if gi == gj or arts_of[gi] & arts_of[gj]:
            continue
        if linkage(members[gi], members[gj]) < threshold:
            continue
        keep, drop = min(gi, gj), max(gi, gj)
        for m in members[drop]:
            group_of[m] = keep
        members[keep].extend(members.pop(drop))
        arts_of[keep] |= arts_of.pop(drop)
    return [sorted(m) for _, m in sorted(members.items())]


def align(analysis: Analysis, statements: list[Statement], vectors: np.ndarray,
          conflicts_of: Callable[[list[Fact], dict[str, Statement]], list[Conflict]],
          indep: dict[str, str] | None = None) -> tuple[list[Fact], list[Conflict]]:
    """Facts (aligned statements) with status, and the conflicts between their variants."""
    groups = align_groups(statements, vectors)
    indep = indep if indep is not None else independence(analysis)
    centroid = vectors.mean(axis=0) if len(vectors) else None
    if centroid is not None:
        centroid = centroid / max(float(np.linalg.norm(centroid)), 1e-9)
    order_of = {a.id: i for i, a in enumerate(analysis.articles)}
    raw: list[tuple[tuple, Fact]] = []
    for g in groups:
        sts = [statements[i] for i in g]
        if len(g) > 1:
            sub = vectors[g] @ vectors[g].T
            rep_local = max(range(len(g)), key=lambda k: (float(sub[k].mean()), -len(sts[k].text)))
        else:
            rep_local = 0
        rep = sts[rep_local]
        outlets = len({indep.get(s.article, s.article) for s in sts})
        centrality = float(vectors[g].mean(axis=0) @ centroid) if centroid is not None else 0.0
        variants = tuple(Variant(s.article, s.id, s.text, s.start, s.end)
                         for s in sorted(sts, key=lambda s: (order_of.get(s.article, 0), s.start)))
        fact = Fact(id="", text=rep.text, status="corroborated" if outlets >= 2 else "unique",
                    articles=tuple(sorted({s.article for s in sts}, key=lambda a: order_of.get(a, 0))),
                    variants=variants, outlets=outlets,
                    dates=tuple(sorted({d for s in sts for d in s.dates})),
                    score=round(outlets + 0.5 * centrality, 4))
        first = min((order_of.get(s.article, 0), s.start) for s in sts)
        raw.append(((-outlets, first), fact))
    raw.sort(key=lambda x: x[0])
    facts = [replace(f, id=f"f{k}") for k, (_, f) in enumerate(raw, 1)]
    by_id = {s.id: s for s in statements}
    conflicts = conflicts_of(facts, by_id)
    conflicted = {c.fact for c in conflicts}
    facts = [replace(f, status="conflicting") if f.id in conflicted else f for f in facts]
    return facts, conflicts


def omissions(analysis: Analysis, facts: list[Fact], indep: dict[str, str] | None = None) -> list[Omission]:
    """Per article: facts that most other independent outlets carry and it does not."""
    indep = indep if indep is not None else independence(analysis)
    outlets = set(indep.values())
    out = []
    for a in analysis.articles:
        others = len(outlets - {indep[a.id]})
        need = max(2, math.floor(others / 2) + 1)
        missing = tuple(
            f.id for f in facts
            if f.outlets >= need and indep[a.id] not in {indep.get(x, x) for x in f.articles}
        )
        out.append(Omission(a.id, missing))
    return out
