"""JSONL: one article per line, ``text`` or ``html`` plus optional metadata fields."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

from ..errors import InputError
from ..model import RawDocument, Skipped
from .html import read_html
from .text import read_text

META_FIELDS = ("url", "outlet", "title", "published", "author", "language")


def read_jsonl(text: str, stem: str, source: str) -> Iterator[RawDocument | Skipped]:
    """Yield one document per line; a bad line is reported as ``source:line`` and skipped."""
    seen_any = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        seen_any = True
        where = f"{source}:{lineno}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield Skipped(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield read_record(record, f"{stem}-{lineno}", where)
        except InputError as exc:
            yield Skipped(where, exc.reason)
    if not seen_any:
        yield Skipped(source, "empty file")


def read_record(record: Any, default_id: str, where: str) -> RawDocument:
    """One JSON object (or Python dict) to a document; ``id`` overrides ``default_id``."""
    if not isinstance(record, Mapping):
        raise InputError(where, f"expected a JSON object, got {type(record).__name__}")
    doc_id = str(record["id"]) if record.get("id") not in (None, "") else default_id
    meta = {k: str(record[k]).strip() for k in META_FIELDS
            if isinstance(record.get(k), str | int | float) and str(record[k]).strip()}
    if isinstance(record.get("text"), str) and record["text"].strip():
        doc = read_text(record["text"], doc_id, where)
    elif isinstance(record.get("html"), str) and record["html"].strip():
        doc = read_html(record["html"], doc_id, where, url=meta.get("url"))
    else:
        raise InputError(where, "record has neither a non-empty 'text' nor 'html' field")
    merged = dict(doc.meta)
    evidence = dict(doc.evidence)
    for k, v in meta.items():  # fields given explicitly win over what markup says
        merged[k] = v
        evidence[k] = f"JSONL field '{k}'"
    return RawDocument(id=doc_id, source=where, text=doc.text, format=doc.format,
                       meta=MappingProxyType(merged), evidence=MappingProxyType(evidence))
