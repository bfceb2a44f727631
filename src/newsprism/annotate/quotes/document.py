"""Per-document lookups shared by every stage of quote extraction.

:class:`Ctx` holds what the stages ask of a parsed ``Doc`` over and over: the
token at a character, the sentence of a token, the paragraph of a character,
and which tokens lie inside direct quotes (filled in once the quotation marks
are paired, see :func:`~newsprism.annotate.quotes.marks.mark_quoted_tokens`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..docutil import doc_text

if TYPE_CHECKING:  # spaCy is only needed by the caller, who parses the text
    from spacy.tokens import Doc


@dataclass
class Ctx:
    """Per-document lookups shared by the helpers."""

    doc: Doc
    text: str
    tok_at: list[int]  # char -> token index (-1 for whitespace between tokens)
    sent_of: list[int]  # token -> sentence index
    para_starts: list[int]  # sorted char offsets where paragraphs start
    sents: list[tuple[int, int]]  # token bounds of each sentence
    quoted: list[bool] = field(default_factory=list)  # token lies inside a direct quote (marks included)

    def para_of(self, char: int) -> int:
        return bisect_right(self.para_starts, char) - 1

    def token_at(self, char: int) -> int:
        """Index of the token covering ``char``, or of the next token after it."""
        n = len(self.tok_at)
        c = min(max(char, 0), n - 1) if n else 0
        while c < n and self.tok_at[c] < 0:
            c += 1
        if c >= n:
            return len(self.doc) - 1
        return self.tok_at[c]


def build_context(doc: Doc) -> Ctx:
    text = doc_text(doc)
    tok_at = [-1] * len(text)
    for t in doc:
        for c in range(t.idx, t.idx + len(t.text)):
            tok_at[c] = t.i
    sent_of = [0] * len(doc)
    sents = [(sent.start, sent.end) for sent in doc.sents]
    for k, (a, b) in enumerate(sents):
        for i in range(a, b):
            sent_of[i] = k
    para_starts = [0] + [m.end() for m in re.finditer(r"\n+", text)]
    return Ctx(doc, text, tok_at, sent_of, para_starts, sents)


def paragraphs(text: str) -> Iterable[tuple[int, int]]:
    """``(start, end)`` of each paragraph; any line break ends one (hard wraps are already joined)."""
    pos = 0
    for m in re.finditer(r"\n+", text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def count_words(s: str) -> int:
    return len(re.findall(r"\w+(?:['’]\w+)*", s))
