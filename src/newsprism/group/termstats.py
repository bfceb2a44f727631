"""Corpus document frequencies: how common each term is in the store, and the weights that gives.

The grouping features weight a word by a static prior, its frequency in general English
(group/features.py).  A news corpus has its own common words: in a store of political news
"trump", "president", "administration" or "republican" are in a large share of the
articles, and with the prior alone they pull unrelated stories together.  So corpus
ingest re-weights each article as it arrives with the document frequencies of the store:

    idf = (1 - lam) * prior + lam * (ln((1 + n) / (1 + df)) + 1),   lam = n / (n + WARMUP)

(``n``: articles counted, the new one included; ``df``: those with the term; the corpus
part is scikit-learn's smoothed idf).  While the store is small the prior carries the
weight; after a few hundred articles the corpus does.  An article's weights are fixed
when it arrives (they are what its story's profile summed, and what the store keeps in
its features), so nothing is recomputed as the corpus grows.

Measured on the calibration data (docs/evaluation.md): NeuS train600 B-cubed F1 0.825 ->
0.837, ECB+ odd 0.894 -> 0.891 (its look-alike topic pairs share their topic words, which
corpus frequencies weaken); the clustering thresholds were searched again with it.

The counts live in the store (``term_df``), written in each batch's transaction
(:meth:`TermStats.pending` / :meth:`TermStats.committed`) and loaded when an ingest
resumes, so a resumed run weights the next article exactly as an uninterrupted one.  A
store written with an older features format is recounted from its stored articles, in
ingest order, when an ingest first opens it (``corpus.upgrade_features``).
"""

from __future__ import annotations

import math

import numpy as np

from .features import DocFeatures, reweighted

__all__ = ["TermStats", "WARMUP"]

# articles after which the corpus and the prior weigh the same (calibrated: 50 / 100 / 200
# gave objective 0.863 / 0.864 / 0.862 at their best thresholds)
WARMUP = 100.0


class TermStats:
    """Document frequencies of the terms of the articles counted so far.

    ``warmup=math.inf`` keeps the static prior (articles are counted but never re-weighted).
    """

    def __init__(self, warmup: float = WARMUP) -> None:
        if not warmup > 0:
            raise ValueError(f"warmup must be positive (math.inf: prior only), not {warmup!r}")
        self.warmup = warmup
        self.n = 0
        self._df: dict[int, int] = {}
        self._pending: dict[int, int] = {}
        self._pending_n = 0

    def weigh(self, f: DocFeatures) -> DocFeatures:
        """Count a new article's terms in, then return its features weighted with the corpus
        frequencies (features of an older format, without ``idf``, are returned as they are
        and not counted)."""
        if f.idf is None:
            return f
        self.n += 1
        self._pending_n += 1
        df, pending = self._df, self._pending
        counts = np.empty(len(f.terms), dtype=np.float64)
        for k, t in enumerate(f.terms.tolist()):
            c = df.get(t, 0) + 1
            df[t] = c
            pending[t] = pending.get(t, 0) + 1
            counts[k] = c
        if math.isinf(self.warmup):
            return f
        lam = self.n / (self.n + self.warmup)
        corpus = np.log((1.0 + self.n) / (1.0 + counts)) + 1.0
        return reweighted(f, (1.0 - lam) * f.idf.astype(np.float64) + lam * corpus)

    def pending(self) -> tuple[int, dict[int, int]]:
        """(articles, {term: articles}) counted since the last :meth:`committed`: what the
        store must add in the batch's transaction."""
        return self._pending_n, dict(self._pending)

    def committed(self) -> None:
        """The pending counts are stored."""
        self._pending.clear()
        self._pending_n = 0

    def load(self, n: int, counts: dict[int, int]) -> None:
        """Start from stored counts (``Store.term_counts``)."""
        self.n = n
        self._df = dict(counts)
        self.committed()
