"""Paragraphs an article repeats: the title again, the lead again, a restated paragraph.

Two paragraphs are near-duplicates when their word sequences are at least
``NEAR_DUP_RATIO`` similar (rapidfuzz's normalised Indel similarity over
words) and carry the same numbers; a later paragraph wholly contained in an
earlier one (a teaser, a pull quote) is a repeat too.

Calibration: on the seeds, the restated Istanbul paragraph of 000 scores 90
and the most similar distinct pair 54.  Over the 928 PolNeAR texts, the pairs
scoring 80-95 read as restatements (live blogs repeating an entry, pull
quotes) except live-blog *updates* whose numbers changed ("at least 882
delegates" -> "866"): those differ in numbers and are kept.

Cost: a paragraph is compared only with the earlier ones that *can* repeat it
(:class:`_Index`), never with all of them: 3,000 unique paragraphs take 2,753
comparisons where every pair is 4.5 million (which took 13 s for 1.2 MB and
255 s for 5 MB of unique text, issue 21).  What remains above linear is
counting, per paragraph, the kept ones that share its rarest words, which
grows with how often those words recur (figures in docs/benchmarks.md).  The
candidates are a superset of the pairs the rule accepts, so what is dropped is
exactly what the all-pairs comparison dropped.
"""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz import fuzz

NEAR_DUP_RATIO = 80.0
# shorter paragraphs ("Background:", "Read more") are only dropped when identical
MIN_CHARS_FOR_FUZZY = 40
# a paragraph contained in another is a repeat only from this many words on
MIN_WORDS_CONTAINED = 8
# rare words a near-duplicate pair must share among the words indexed for it (the l-prefix of
# set-similarity joins): more means longer indexed prefixes but fewer pairs compared; on 5 MB
# of unique random-word text (bench/bigfile.py), 1, 2, 3 and 5 compared 2.3 million, 107,000,
# 18,000 and 14,000 pairs in 46, 9.7, 10.4 and 12.7 s: 2 and 3 are as fast, 3 compares fewer
PREFIX_SHARED = 3
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d[\d,.]*")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class _Para:
    """A paragraph's words, joined words and numbers, computed once."""

    __slots__ = ("text", "words", "joined", "numbers")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = words(text)
        self.joined = " ".join(self.words)
        self.numbers = sorted(_NUMBER.findall(text))


def _fuzzy_eligible(a: _Para, b: _Para) -> bool:
    """The cheap conditions of the fuzzy rule: long enough, same numbers, lengths that allow
    a ratio of ``NEAR_DUP_RATIO``."""
    la, lb = len(a.words), len(b.words)
    if min(len(a.text), len(b.text)) < MIN_CHARS_FOR_FUZZY or a.numbers != b.numbers:
        return False
    # the Indel similarity of two sequences is at most 2 * min / (la + lb): skip hopeless pairs
    return 200.0 * min(la, lb) / (la + lb) >= NEAR_DUP_RATIO


def _near(a: _Para, b: _Para) -> bool:
    wa, wb = a.words, b.words
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    if min(len(a.text), len(b.text)) < MIN_CHARS_FOR_FUZZY:
        return False
    if _fuzzy_eligible(a, b) and fuzz.ratio(wa, wb) >= NEAR_DUP_RATIO:
        return True
    # a later paragraph contained in an earlier one
    short, long_ = (b, a) if len(wb) <= len(wa) else (a, b)
    return len(short.words) >= MIN_WORDS_CONTAINED and short.joined in long_.joined


def near_duplicate(a: str, b: str) -> bool:
    return _near(_Para(a), _Para(b))


def _shared(n: int) -> int:
    """How many indexed words a paragraph of ``n`` words shares with any near-duplicate."""
    return min(PREFIX_SHARED, _fuzzy_overlap_bound(n))


def _fuzzy_overlap_bound(n: int) -> int:
    """How many of its ``n`` words a paragraph shares, at least, with any paragraph the fuzzy
    rule calls a near-duplicate of it.

    A ratio of 80 means a common subsequence of 0.4 * (la + lb) words, and the length check
    keeps the other paragraph at 2/3 of this one's length or more: at least 2/3 * n common
    words (as a multiset).  Rounded down, so the bound is safe.
    """
    return max(1, (2 * n) // 3)


class _Index:
    """The kept paragraphs, indexed so that a new paragraph meets only those that may repeat it.

    Every word is ranked by how often it occurs in the whole article (rarest first: one
    order for all paragraphs).  Candidates for each part of the rule:

    * identical words: a dict keyed by the joined words;
    * the fuzzy ratio: two paragraphs sharing at least ``t`` of their words (counted with
      repetition) share at least ``l`` of the first ``n - t + l`` words of each in that order
      (the l-prefix filter of set-similarity joins), with ``t`` from
      :func:`_fuzzy_overlap_bound` and ``l`` from :func:`_shared`; only those prefixes are
      indexed, per set of numbers, and a pair is compared once it shares ``l`` of them;
    * a new paragraph contained in a kept one: every word of the new one but its first
      and last is a whole word of the kept one, so the kept paragraphs holding its rarest
      inner word are the candidates (an index of every word to its paragraphs);
    * a kept paragraph contained in the new one: likewise, each kept paragraph is listed
      under its rarest inner word, looked up with every word of the new one.
    """

    def __init__(self, paragraphs: list[_Para]) -> None:
        counts: Counter[str] = Counter()
        for p in paragraphs:
            counts.update(p.words)
        order = sorted(counts, key=lambda w: (counts[w], w))
        rank = {w: r for r, w in enumerate(order)}
        self.paragraphs = paragraphs
        self.ranks = [[rank[w] for w in p.words] for p in paragraphs]
        self.vocabulary = len(order)
        self.kept: list[int] = []  # indexes into paragraphs
        self.exact: dict[str, int] = {}
        self.prefixes: dict[tuple[str, ...], dict[int, list[int]]] = {}
        self.containing: dict[int, list[int]] = {}
        self.anchors: dict[int, list[int]] = {}

    def _prefix(self, i: int) -> list[int]:
        """The first words of paragraph ``i`` in the global order, as ints (rank, plus
        ``k * vocabulary`` for the k-th repeat of a word)."""
        ranks = self.ranks[i]
        n = len(ranks)
        size = n - _fuzzy_overlap_bound(n) + _shared(n)
        tokens: list[int] = []
        previous, k = -1, 0
        for r in sorted(ranks)[:size]:
            k = k + 1 if r == previous else 0
            tokens.append(r + k * self.vocabulary)
            previous = r
        return tokens

    def _rarest_inner(self, i: int) -> int | None:
        inner = self.ranks[i][1:-1]
        return min(inner) if inner else None

    def candidates(self, i: int) -> list[_Para]:
        """Kept paragraphs that may repeat paragraph ``i`` (a superset of those that do)."""
        p, kept = self.paragraphs[i], self.kept
        n = len(p.words)
        found: set[int] = set()
        if (j := self.exact.get(p.joined)) is not None:
            found.add(j)
        by_token = self.prefixes.get(tuple(p.numbers)) if len(p.text) >= MIN_CHARS_FOR_FUZZY else None
        if by_token and n:
            hits: Counter[int] = Counter()
            for token in self._prefix(i):
                if (ids := by_token.get(token)) is not None:
                    hits.update(ids)
            need = _shared(n)
            if _shared((2 * n + 2) // 3) >= need:  # any near-duplicate shares `need`
                found.update(j for j, m in hits.items() if m >= need)
            else:  # a few words: the kept paragraph's own bound may be lower
                found.update(j for j, m in hits.items()
                             if m >= min(need, _shared(len(self.paragraphs[kept[j]].words))))
        if n >= MIN_WORDS_CONTAINED and (rare := self._rarest_inner(i)) is not None:
            found.update(self.containing.get(rare, ()))
        for r in set(self.ranks[i]):
            found.update(self.anchors.get(r, ()))
        return [self.paragraphs[kept[j]] for j in sorted(found)]

    def add(self, i: int) -> None:
        """Keep paragraph ``i``: later ones may repeat it."""
        j = len(self.kept)
        self.kept.append(i)
        p = self.paragraphs[i]
        if not p.words:
            return
        self.exact.setdefault(p.joined, j)
        if len(p.text) >= MIN_CHARS_FOR_FUZZY:
            by_token = self.prefixes.setdefault(tuple(p.numbers), {})
            for token in self._prefix(i):
                by_token.setdefault(token, []).append(j)
        for r in set(self.ranks[i]):
            self.containing.setdefault(r, []).append(j)
        if len(p.words) >= MIN_WORDS_CONTAINED and (rare := self._rarest_inner(i)) is not None:
            self.anchors.setdefault(rare, []).append(j)


def repeated(paragraphs: list[str], title: str | None = None) -> list[tuple[int, str]]:
    """Indexes of paragraphs to drop, with the reason; the first occurrence is kept."""
    drop: list[tuple[int, str]] = []
    paras = [_Para(text) for text in paragraphs]
    kept = _Index(paras)
    t = _Para(title) if title else None
    for i, p in enumerate(paras):
        if t is not None and _near(t, p) and len(p.words) <= len(t.words) + 3:
            drop.append((i, "repeats the title"))
            continue
        if any(_near(k, p) for k in kept.candidates(i)):
            drop.append((i, "repeats an earlier paragraph"))
            continue
        kept.add(i)
    return drop
