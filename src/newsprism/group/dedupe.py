"""Near-duplicates and syndicated copies: MinHash LSH over word 3-shingles.

A *copy* is the same text carried twice: wire copy reprinted by several outlets,
lightly edited (a new headline, a changed first sentence, a dropped paragraph), a
truncated reprint, or one outlet's updated version of its own article.  Copies
must never count as independent corroboration.  Two articles that report the
same event in their own words are not copies, even when they quote the same
sentences.

Rule: a pair is a copy when the estimated Jaccard of their 3-shingle sets reaches
``DUP_JACCARD``, or when the estimated *containment* of the smaller set in the larger
reaches ``DUP_CONTAINMENT`` (a truncated reprint; both sets at least
``MIN_SHINGLES``).  Containment comes from the Jaccard estimate and the two set sizes:
``|A & B| = J (|A| + |B|) / (1 + J)``.

Calibration (``eval/dedupe_pairs.py``-style study, run from eval/stories.py's
``--dedupe`` mode, on ECB+, the NeuS train/val excerpts and PolNeAR train/dev): every
same-event pair (same ECB+ subtopic or NeuS triplet) plus every PolNeAR pair LSH
found, 16,800 pairs, with exact 3-shingle Jaccard and containment.  Pairs were read
and judged by hand in bands of containment (a stratified sample of 60):

- containment >= 0.70: reprints and writethroughs of one wire story (AP, AFP, Reuters,
  press releases, "The Latest" live pages), no independent article among those read;
- 0.60 - 0.70: nearly all rewrites of one wire story (truncated or lightly edited);
- 0.40 - 0.60: mixed: wire rewrites with new sentences, and independent articles that
  quote the same statement;
- below 0.40: independent reports of the same event (12,800 same-event pairs; 99th
  percentile of their containment 0.26, Jaccard 0.11).

So ``DUP_CONTAINMENT = 0.65`` (false links cost corroboration, so the line sits above
the mixed band) and ``DUP_JACCARD = 0.5`` (equal-length light rewrites: Jaccard 0.5
means containment ~0.67).  The LSH itself retrieves candidates well below these
(``LSH_BANDS`` x ``LSH_ROWS`` = 42 x 3: a pair with Jaccard 0.2 is a candidate with
probability 0.29, 0.3 -> 0.68, 0.4 -> 0.94), then the rule is checked on the
signatures.  A truncated reprint under about a fifth of the original's length has a
Jaccard under ~0.15 and is mostly missed: the price of a bounded candidate set.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHashLSH

from .features import NUM_PERM, DocFeatures, minhash_of

__all__ = ["DuplicateIndex", "Match", "DUP_JACCARD", "DUP_CONTAINMENT", "MIN_SHINGLES",
           "estimate_containment"]

DUP_JACCARD = 0.5
DUP_CONTAINMENT = 0.65
# shorter texts (a headline, a caption) are too short to call copies by containment
MIN_SHINGLES = 25
# LSH banding over the NUM_PERM = 128 values: 42 bands of 3 rows (126 values used)
LSH_BANDS = 42
LSH_ROWS = 3


@dataclass(frozen=True)
class Match:
    key: Hashable
    jaccard: float  # estimated Jaccard of the 3-shingle sets
    containment: float  # estimated share of the smaller set found in the larger


def estimate_containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Share of the smaller shingle set inside the larger, from their Jaccard and sizes."""
    small = min(size_a, size_b)
    if small <= 0:
        return 0.0
    inter = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return float(min(1.0, inter / small))


class DuplicateIndex:
    """Incremental copy finder: ``add`` articles' features, ``query`` a new one against them."""

    def __init__(self, jaccard: float = DUP_JACCARD, containment: float = DUP_CONTAINMENT,
                 min_shingles: int = MIN_SHINGLES, bands: int = LSH_BANDS, rows: int = LSH_ROWS) -> None:
        if bands * rows > NUM_PERM:
            raise ValueError(f"{bands} bands x {rows} rows need more than the {NUM_PERM} MinHash values")
        self.jaccard = jaccard
        self.containment = containment
        self.min_shingles = min_shingles
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=(bands, rows))
        self._sig: dict[Hashable, tuple[np.ndarray, int, int]] = {}  # key -> (signature, shingles, order)
        self._order = 0
        self.candidates = 0  # candidates verified, in total (a cost counter)

    def __len__(self) -> int:
        return len(self._sig)

    def __contains__(self, key: object) -> bool:
        return key in self._sig

    def add(self, key: Hashable, f: DocFeatures) -> None:
        """Index an article; adding a key again replaces its signature."""
        if key in self._sig:
            self.remove(key)
        if f.shingles == 0:
            return  # nothing to compare
        self._lsh.insert(key, minhash_of(f.minhash), check_duplication=False)
        self._order += 1
        self._sig[key] = (f.minhash, f.shingles, self._order)

    def remove(self, key: Hashable) -> None:
        if key in self._sig:
            self._lsh.remove(key)
            del self._sig[key]

    def matches(self, f: DocFeatures) -> list[Match]:
        """Indexed articles that are copies of ``f``, best first (ties: the earliest indexed)."""
        if f.shingles == 0 or not self._sig:
            return []
        found: list[tuple[float, int, Match]] = []
        for key in self._lsh.query(minhash_of(f.minhash)):
            sig, size, order = self._sig[key]
            self.candidates += 1
            j = float(np.count_nonzero(sig == f.minhash)) / len(sig)
            c = estimate_containment(j, size, f.shingles)
            if self.is_copy(j, c, size, f.shingles):
                found.append((max(j, c), order, Match(key, j, c)))
        found.sort(key=lambda x: (-x[0], x[1]))
        return [m for _, _, m in found]

    def is_copy(self, jaccard: float, containment: float, size_a: int, size_b: int) -> bool:
        if jaccard >= self.jaccard:
            return True
        return min(size_a, size_b) >= self.min_shingles and containment >= self.containment

    def query(self, f: DocFeatures) -> list[tuple[Hashable, float]]:
        """``(key, estimated Jaccard)`` of the indexed copies of ``f``, best first."""
        return [(m.key, m.jaccard) for m in self.matches(f)]
