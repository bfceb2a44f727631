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
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

NEAR_DUP_RATIO = 80.0
# shorter paragraphs ("Background:", "Read more") are only dropped when identical
MIN_CHARS_FOR_FUZZY = 40
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


def _near(a: _Para, b: _Para) -> bool:
    wa, wb = a.words, b.words
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    if min(len(a.text), len(b.text)) < MIN_CHARS_FOR_FUZZY:
        return False
    la, lb = len(wa), len(wb)
    # the Indel similarity of two sequences is at most 2 * min / (la + lb): skip hopeless pairs
    if a.numbers == b.numbers and 200.0 * min(la, lb) / (la + lb) >= NEAR_DUP_RATIO \
            and fuzz.ratio(wa, wb) >= NEAR_DUP_RATIO:
        return True
    # a later paragraph contained in an earlier one
    short, long_ = (b, a) if lb <= la else (a, b)
    return len(short.words) >= 8 and short.joined in long_.joined


def near_duplicate(a: str, b: str) -> bool:
    return _near(_Para(a), _Para(b))


def repeated(paragraphs: list[str], title: str | None = None) -> list[tuple[int, str]]:
    """Indexes of paragraphs to drop, with the reason; the first occurrence is kept."""
    drop: list[tuple[int, str]] = []
    kept: list[_Para] = []
    t = _Para(title) if title else None
    for i, text in enumerate(paragraphs):
        p = _Para(text)
        if t is not None and _near(t, p) and len(p.words) <= len(t.words) + 3:
            drop.append((i, "repeats the title"))
            continue
        if any(_near(k, p) for k in kept):
            drop.append((i, "repeats an earlier paragraph"))
            continue
        kept.append(p)
    return drop
