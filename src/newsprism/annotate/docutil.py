"""Cached views of a spaCy ``Doc``: iterating a Doc builds new Token objects each time,
and several stages walk the same Doc, so each walks one cached list instead."""

from __future__ import annotations

from typing import Any


def tokens(doc: Any) -> list[Any]:
    """The doc's tokens, built once per doc."""
    cached = doc.user_data.get("newsprism.tokens")
    if cached is None:
        cached = list(doc)
        doc.user_data["newsprism.tokens"] = cached
    return cached


def sents(doc: Any) -> list[Any]:
    """The doc's sentence spans, built once per doc."""
    cached = doc.user_data.get("newsprism.sents")
    if cached is None:
        cached = list(doc.sents)
        doc.user_data["newsprism.sents"] = cached
    return cached


def sentence_of_token(doc: Any) -> list[int]:
    """For each token index, the index of its sentence in :func:`sents`."""
    cached = doc.user_data.get("newsprism.sent_of")
    if cached is None:
        cached = [0] * len(doc)
        for si, s in enumerate(sents(doc)):
            for i in range(s.start, s.end):
                cached[i] = si
        doc.user_data["newsprism.sent_of"] = cached
    return cached


def token_starts(doc: Any) -> list[int]:
    """Character offset of each token (for bisecting from characters to tokens)."""
    cached = doc.user_data.get("newsprism.token_starts")
    if cached is None:
        cached = [t.idx for t in tokens(doc)]
        doc.user_data["newsprism.token_starts"] = cached
    return cached


def doc_text(doc: Any) -> str:
    """The document's text, read once (spaCy rebuilds ``doc.text`` on every access: minutes on a
    long article when read per candidate)."""
    cached = doc.user_data.get("newsprism.text")
    if cached is None:
        cached = doc.text
        doc.user_data["newsprism.text"] = cached
    return cached


def doc_ents(doc: Any) -> tuple[Any, ...]:
    """The document's entities, read once (``doc.ents`` builds new spans on every access)."""
    cached = doc.user_data.get("newsprism.ents")
    if cached is None:
        cached = tuple(doc.ents)
        doc.user_data["newsprism.ents"] = cached
    return cached
