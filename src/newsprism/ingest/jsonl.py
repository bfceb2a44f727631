"""JSONL: one article per line, ``text`` or ``html`` plus optional metadata fields.

A ``.json`` file holding one JSON array of such records (or a single record,
pretty-printed over many lines) is read as well: reading it line by line
would report every line as broken.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import InputError
from ..model import RawDocument, Skipped
from .detect import HTML_BYTES_PER_CHAR, over_limit
from .html import read_html
from .text import read_text

META_FIELDS = ("url", "outlet", "title", "published", "author", "language")


def read_jsonl(text: str, stem: str, source: str, *,
               max_chars: int | None = None) -> Iterator[RawDocument | Skipped]:
    """Yield one document per line; a bad line is reported as ``source:line`` and skipped.

    A record whose text is over ``max_chars`` characters is skipped likewise.
    """
    whole = _whole_document(text)
    if whole is not None:
        yield from _read_array(whole, stem, source, max_chars)
        return
    seen_any = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        seen_any = True
        where = f"{source}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            # "Unterminated string starting at" already ends in "at": not "at at column"
            msg = exc.msg.removesuffix(" at")
            yield Skipped(where, f"not valid JSON ({msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield Skipped(where, "not valid JSON (nested too deeply)")
            continue
        try:
            yield read_record(record, f"{stem}-{lineno}", where, max_chars=max_chars)
        except InputError as exc:
            yield Skipped(where, exc.reason)
    if not seen_any:
        yield Skipped(source, "empty file")


def _whole_document(text: str) -> list[Any] | None:
    """The records of a file that is one JSON value (an array, or one object over many lines).

    ``None`` for real JSONL (its first line is a complete value) and for text
    that does not parse as a whole, which is then read line by line so each
    bad line is reported.
    """
    stripped = text.strip()
    if not stripped.startswith("["):
        first = stripped.split("\n", 1)[0]
        try:
            json.loads(first)
            return None
        except (ValueError, RecursionError):
            pass
    try:
        value = json.loads(stripped)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, list) else [value]


def _read_array(records: list[Any], stem: str, source: str,
                max_chars: int | None = None) -> Iterator[RawDocument | Skipped]:
    """Documents from the items of a JSON array; item ``i`` is reported as ``source#i``."""
    if not records:
        yield Skipped(source, "empty JSON array")
    single = len(records) == 1
    for i, record in enumerate(records, 1):
        where = source if single else f"{source}#{i}"
        try:
            yield read_record(record, stem if single else f"{stem}-{i}", where,
                              max_chars=max_chars)
        except InputError as exc:
            yield Skipped(where, exc.reason)


def read_record(record: Any, default_id: str, where: str, *,
                max_chars: int | None = None) -> RawDocument:
    """One JSON object (or Python dict) to a document; ``id`` overrides ``default_id``.

    Over ``max_chars``: a ``text`` that long, or an ``html`` too long to be read for it
    (``HTML_BYTES_PER_CHAR`` characters of markup per character of text), is refused.
    """
    if not isinstance(record, Mapping):
        raise InputError(where, f"expected a JSON object, got {_json_type(record)}")
    given_id = record.get("id")
    if given_id is not None and not _is_scalar(given_id):  # not "['list']" as an id
        raise InputError(where, f"'id' is {_json_type(given_id)}: give a string or a number")
    doc_id = str(given_id) if given_id not in (None, "") else default_id
    meta = {k: str(record[k]).strip() for k in META_FIELDS
            if _is_scalar(record.get(k)) and str(record[k]).strip()}
    if isinstance(record.get("text"), str) and record["text"].strip():
        if max_chars is not None and len(record["text"]) > max_chars:
            raise InputError(where, over_limit(len(record["text"]), max_chars))
        doc = read_text(record["text"], doc_id, where)
    elif isinstance(record.get("html"), str) and record["html"].strip():
        if max_chars is not None and len(record["html"]) > HTML_BYTES_PER_CHAR * max_chars:
            raise InputError(where, f"'html' is {len(record['html']):,} characters, over the "
                                    f"{HTML_BYTES_PER_CHAR * max_chars:,} read for a text limit "
                                    f"of {max_chars:,} (--max-chars)")
        doc = read_html(record["html"], doc_id, where, url=meta.get("url"))
    else:
        wrong = [f"'{k}' is {_json_type(record[k])}" for k in ("text", "html")
                 if record.get(k) is not None and not isinstance(record[k], str)]
        if wrong:  # a number is not a missing text: say what it is
            strings = "a string" if len(wrong) == 1 else "strings"
            raise InputError(where, f"record's {' and '.join(wrong)}, not {strings}")
        raise InputError(where, "record has neither a non-empty 'text' nor 'html' field")
    merged = dict(doc.meta)
    evidence = dict(doc.evidence)
    for k, v in meta.items():  # fields given explicitly win over what markup says
        merged[k] = v
        evidence[k] = f"JSONL field '{k}'"
    return RawDocument(id=doc_id, source=where, text=doc.text, format=doc.format,
                       meta=merged, evidence=evidence)


def _json_type(value: Any) -> str:
    """What a value is, in JSON's words: "a number (42)", "an array", "an object"..."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def _is_scalar(value: Any) -> bool:
    """A string or a number; not ``true``/``false`` (``bool`` is an ``int`` in Python)."""
    return isinstance(value, str | int | float) and not isinstance(value, bool)
