"""Words shared by the stages that compare texts: one stemmer and one test for a content word.

The stemmer is Snowball's English (Porter 2): "elections" and "elected" -> "elect", "parties"
-> "parti"; chosen over a plural-only stemmer for story clustering on the calibration data (see
docs/evaluation.md).  A content word is one that is not a stop word (spaCy's English list) and
has a letter in it.
"""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer

from ..torchless import without_torch

with without_torch():  # the first import of spaCy in a run: see newsprism.torchless
    from spacy.lang.en.stop_words import STOP_WORDS

__all__ = ["STEM_CACHE", "is_content_word", "stem"]

# stems remembered (a news vocabulary grows without bound; the cache must not)
STEM_CACHE = 200_000

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=STEM_CACHE)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a lower-case word."""
    return str(_STEMMER.stemWord(word))


def is_content_word(word: str) -> bool:
    """Not a stop word (any case) and has a letter: "talks", "Kremlin"; not "the", "2025"."""
    w = word.lower()
    return w not in STOP_WORDS and any(ch.isalpha() for ch in w)


# paragraph labels before a block quotation (Ukrainska Pravda style: 'Quote: "..."',
# "Quote from Peskov:"), and other section labels before a paragraph ("Details: ...")
QUOTE_LABELS: tuple[str, ...] = ("quote", "quotation", "direct speech")
SECTION_LABELS: tuple[str, ...] = ("details", "background", "context", "update", "reminder", "recap")
