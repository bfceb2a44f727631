"""Read one partition as a stream of documents, as ``newsprism ingest`` reads the same records.

A group of files goes through :func:`newsprism.ingest.read_inputs` itself.  A range of a large
file reads only its own records: a JSONL range its lines (ids and sources numbered from the
range's first line, as if the file were read whole), a WARC range its records (through
:func:`newsprism.ingest.read_warc` on the bytes of the range).  Nothing outside the range is
held in memory; a gzipped JSONL range inflates (and drops) the lines before it.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..ingest import read_inputs, read_warc
from ..ingest.detect import decode_noting, over_limit, with_note
from ..ingest.jsonl import read_record
from ..model import RawDocument, Skipped
from .plan import Partition

__all__ = ["read_partition"]

# what read_warc says of an archive without pages: true of a file, not of a range of one
_NO_PAGES = "no HTML page with HTTP status 200 among its"


def read_partition(part: Partition, max_chars: int | None = None) -> Iterator[RawDocument | Skipped]:
    """The documents (and the records that could not be read, as :class:`Skipped`) of ``part``."""
    if part.kind == "files":
        yield from read_inputs([Path(f) for f in part.files], max_chars=max_chars)
        return
    if part.kind == "jsonl":
        docs = _jsonl_range(part, max_chars)
    elif part.kind == "jsonl-gz":
        docs = _jsonl_gz_range(part, max_chars)
    elif part.kind == "warc":
        docs = _warc_range(part)
    else:
        raise ValueError(f"unknown partition kind {part.kind!r}")
    for doc in docs:
        if max_chars is not None and isinstance(doc, RawDocument) and len(doc.text) > max_chars:
            yield Skipped(doc.source, over_limit(len(doc.text), max_chars))
        else:
            yield doc


def _stem(path: str) -> str:
    name = Path(path).name
    name = name[:-3] if name.endswith(".gz") else name
    return Path(name).stem or name


def _jsonl_range(part: Partition, max_chars: int | None) -> Iterator[RawDocument | Skipped]:
    try:
        with open(part.path, "rb") as fh:
            fh.seek(part.start)
            data = fh.read() if part.stop < 0 else fh.read(part.stop - part.start)
    except OSError as exc:
        yield Skipped(part.path, f"cannot read file ({exc.strerror or exc})")
        return
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    del data
    yield from _records(part.path, ((part.first_line + i, b) for i, b in enumerate(lines)), max_chars)


def _jsonl_gz_range(part: Partition, max_chars: int | None) -> Iterator[RawDocument | Skipped]:
    def numbered() -> Iterator[tuple[int, bytes]]:
        with gzip.open(part.path, "rb") as fh:
            for i, line in enumerate(fh):
                if i < part.start:
                    continue
                if 0 <= part.stop <= i:
                    return
                yield i + 1, line.rstrip(b"\n")

    try:
        yield from _records(part.path, numbered(), max_chars)
    except (OSError, EOFError, ValueError) as exc:  # a truncated or corrupt gzip stream
        yield Skipped(part.path, f"gzip data is truncated or corrupt ({type(exc).__name__}: {exc})"
                                 f"; the records before the damage were read")


def _records(path: str, lines: Iterator[tuple[int, bytes]], max_chars: int | None
             ) -> Iterator[RawDocument | Skipped]:
    """One document per non-empty line (``stem-LINE`` its default id, ``path:LINE`` its source),
    each bad line a :class:`Skipped` with the reason, as ``ingest`` reports a JSONL file."""
    stem = _stem(path)
    for lineno, raw in lines:
        if not raw.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            text, note = decode_noting(raw.rstrip(b"\r"), where)
        except InputError as exc:
            yield Skipped(where, exc.reason)
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"not valid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})")
            continue
        except RecursionError:
            yield Skipped(where, "not valid JSON (nested too deeply)")
            continue
        try:
            doc = read_record(record, f"{stem}-{lineno}", where, max_chars=max_chars)
        except InputError as exc:
            yield Skipped(where, exc.reason)
            continue
        yield with_note(doc, note)


class _Window:
    """A read-only stream of ``limit`` bytes of ``raw`` (all of it for -1)."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw, self.left = raw, limit

    def read(self, size: int = -1) -> bytes:
        if self.left < 0:
            return self.raw.read(size)
        n = self.left if size is None or size < 0 else min(size, self.left)
        data = self.raw.read(n)
        self.left -= len(data)
        return data


def _warc_range(part: Partition) -> Iterator[RawDocument | Skipped]:
    try:
        fh = open(part.path, "rb")
    except OSError as exc:
        yield Skipped(part.path, f"cannot read file ({exc.strerror or exc})")
        return
    with fh:
        fh.seek(part.start)
        stream = _Window(fh, -1 if part.stop < 0 else part.stop - part.start)
        whole = part.start == 0 and part.stop < 0
        for doc in read_warc(stream, part.path):  # type: ignore[arg-type]
            if isinstance(doc, Skipped) and not whole and doc.reason.startswith(_NO_PAGES):
                continue  # a range of records without pages: the file has them elsewhere
            yield doc
