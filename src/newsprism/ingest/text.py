"""Plain-text articles (like the seeds): the text as it is; cleaning finds the metadata."""

from __future__ import annotations

from ..model import RawDocument


def read_text(text: str, doc_id: str, source: str) -> RawDocument:
    return RawDocument(id=doc_id, source=source, text=text, format="text")
