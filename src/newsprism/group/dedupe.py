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

Calibration (``python eval/stories.py --dedupe --data ../shared/eval-data``): every
same-event pair of ECB+ (same subtopic) and NeuS train/val (same triplet), plus every
pair the index flags among those sets and the PolNeAR train/dev texts, 13,853 pairs with
exact 3-shingle Jaccard and containment:

- containment < 0.40: 13,547 pairs, all same-event reports in their own words (none
  flagged);
- 0.40 - 0.60: 150 pairs, 1 flagged (its estimated containment over the line): own reports quoting the same statements, and
  blogs quoting a wire story with their own text around it (ECB+ 18_2 / 18_3, read);
- 0.60 - 0.70: 35 pairs, 10 flagged: wire rewrites (ECB+ 18_9 / 18_15, one wire lead
  edited by two papers) and writethroughs (37_4 / 37_10, an AFP quake story updated with
  a new toll), read;
- >= 0.70: 121 pairs, 102 flagged: reprints of one wire or press-release text, and one
  outlet republishing its own article (PolNeAR: the Washington Post piece of 2015-12-22
  again on 12-23; NYT writethroughs under a new headline).

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
# the index keeps the most recently added articles (copies are published close together;
# memory stays bounded: ~13 KB per indexed article in datasketch's band tables, ~260 MiB in all)
MAX_INDEXED = 20_000
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
    """Incremental copy finder: ``add`` articles' features, ``query`` a new one against them.

    At most ``max_indexed`` articles stay indexed (the most recently added)."""

    def __init__(self, jaccard: float = DUP_JACCARD, containment: float = DUP_CONTAINMENT,
                 min_shingles: int = MIN_SHINGLES, bands: int = LSH_BANDS, rows: int = LSH_ROWS,
                 max_indexed: int = MAX_INDEXED) -> None:
        if bands * rows > NUM_PERM:
            raise ValueError(f"{bands} bands x {rows} rows need more than the {NUM_PERM} MinHash values")
        self.jaccard = jaccard
        self.containment = containment
        self.min_shingles = min_shingles
        self.max_indexed = max_indexed
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
        while len(self._sig) > self.max_indexed:
            self.remove(next(iter(self._sig)))  # the oldest leaves

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
