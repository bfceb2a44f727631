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


def near_duplicate(a: str, b: str) -> bool:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    if min(len(a), len(b)) < MIN_CHARS_FOR_FUZZY:
        return False
    same_numbers = sorted(_NUMBER.findall(a)) == sorted(_NUMBER.findall(b))
    if same_numbers and fuzz.ratio(wa, wb) >= NEAR_DUP_RATIO:
        return True
    # a later paragraph contained in an earlier one
    short, long_ = (wb, wa) if len(wb) <= len(wa) else (wa, wb)
    return len(short) >= 8 and " ".join(short) in " ".join(long_)


def repeated(paragraphs: list[str], title: str | None = None) -> list[tuple[int, str]]:
    """Indexes of paragraphs to drop, with the reason; the first occurrence is kept."""
    drop: list[tuple[int, str]] = []
    kept: list[str] = []
    for i, p in enumerate(paragraphs):
        if title and near_duplicate(title, p) and len(words(p)) <= len(words(title)) + 3:
            drop.append((i, "repeats the title"))
            continue
        if any(near_duplicate(k, p) for k in kept):
            drop.append((i, "repeats an earlier paragraph"))
            continue
        kept.append(p)
    return drop
