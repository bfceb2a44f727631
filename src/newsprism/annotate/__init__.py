"""Annotate one cleaned article: sentences, entities, quotes, time expressions, numbers, sources.

:func:`annotate_doc` runs where the spaCy ``Doc`` lives (possibly a worker
process) and returns an :class:`ArticleResult` of plain, picklable records.
What needs the whole run (canonical entities across articles, publication
dates inferred from other articles, dates resolved against them) happens
afterwards in :mod:`newsprism.annotate.run` (the link stage).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from typing import Any

from ..analysis import ArticleResult
from ..model import Article, Sentence, sentence_at
from .aliases import AliasTable, translit_key
from .clauses import find_clauses
from .docutil import doc_text, sents, tokens
from .entities import find_mentions
from .numbers import find_numbers
from .quotes import find_quotes
from .sources import find_sources
from .timex import find_time_mentions

__all__ = ["ArticleResult", "annotate_doc"]

# parts of speech whose lemmas describe what a sentence is about (for matching events across articles)
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
_PARA_BREAK = re.compile(r"\n\n+")
_PIECE = re.compile(r"(?:[^\n]|\n(?!\n))+")


def _sentences(doc: Any) -> tuple[Sentence, ...]:
    """spaCy's sentences, split again at paragraph breaks (the parser sometimes runs over them)."""
    text = doc_text(doc)
    para_starts = [0] + [m.end() for m in _PARA_BREAK.finditer(text)]
    out = []
    for s in sents(doc):
        for m in _PIECE.finditer(text, s.start_char, s.end_char):
            a, b = m.start(), m.end()
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append(Sentence(a, b, bisect_right(para_starts, a) - 1))
    return tuple(out)


def sentence_index(sentences: tuple[Sentence, ...] | list[Sentence], offset: int) -> int:
    """Index of the sentence containing (or preceding) character ``offset``."""
    return sentence_at([s.start for s in sentences], offset)


def sentence_keys(doc: Any, sentences: tuple[Sentence, ...], aliases: AliasTable) -> tuple[frozenset[str], ...]:
    """Content words per sentence: lemmas, with names and demonyms folded ("Russian" -> russia)."""
    keys: list[set[str]] = [set() for _ in sentences]
    starts = [s.start for s in sentences]
    for tok in tokens(doc):
        if tok.pos_ not in CONTENT_POS or tok.is_stop or tok.is_punct or len(tok.text) < 2 and not tok.like_num:
            continue
        i = bisect_right(starts, tok.idx) - 1
        if i < 0 or tok.idx >= sentences[i].end:
            continue
        hit = aliases.lookup(tok.text) if tok.pos_ in {"PROPN", "ADJ"} else None
        if hit is not None:
            keys[i].add(translit_key(hit.canonical))
        elif tok.like_num:
            keys[i].add(tok.text.replace(",", "").lower())
        else:
            keys[i].add(tok.lemma_.lower())
    return tuple(frozenset(k) for k in keys)


def annotate_doc(article: Article, doc: Any, aliases: AliasTable) -> ArticleResult:
    """All per-article annotations of ``article`` from its parsed ``doc``."""
    sentences = _sentences(doc)
    times = tuple(find_time_mentions(doc))
    skip = [(t.start, t.end) for t in times if t.type in {"DATE", "TIME", "SET"}]
    numbers = tuple(replace(n, sentence=sentence_index(sentences, n.start))
                    for n in find_numbers(doc, article.id, skip))
    return ArticleResult(
        article=article,
        sentences=sentences,
        entities=find_mentions(doc, aliases),
        quotes=tuple(find_quotes(doc, article.id)),
        times=times,
        numbers=numbers,
        sources=tuple(find_sources(doc, article)),
        sentence_keys=sentence_keys(doc, sentences, aliases),
        clauses=tuple(find_clauses(doc, sentences)),
    )
