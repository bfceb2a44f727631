"""Read inputs (files, directories, stdin, in-memory texts) into :class:`RawDocument` s.

A file that cannot be read becomes a :class:`Skipped` with the reason; the
rest go on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..model import RawDocument, Skipped
from .detect import declared_charset, decode, maybe_gunzip, sniff
from .html import read_html
from .jsonl import read_jsonl, read_record
from .text import read_text

__all__ = ["read_inputs", "read_bytes", "iter_files"]

# files in a directory that are never articles
_IGNORED_NAMES = {".DS_Store", "Thumbs.db"}


def iter_files(path: Path) -> Iterator[Path]:
    """Files under ``path`` (recursive, sorted, hidden files skipped), or the file itself."""
    if path.is_dir():
        for p in sorted(path.rglob("*")):
            rel = p.relative_to(path).parts
            if p.is_file() and not any(part.startswith(".") for part in rel) \
                    and p.name not in _IGNORED_NAMES:
                yield p
    else:
        yield path


def _stem(name: str) -> str:
    for suffix in (".gz",):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return Path(name).stem or name


def _ext(name: str) -> str:
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).suffix


def read_bytes(data: bytes, name: str, source: str) -> Iterator[RawDocument | Skipped]:
    """Decode and parse one file's bytes; ``name`` gives the id and the extension."""
    try:
        data = maybe_gunzip(data, source)
        fmt = sniff(data, _ext(name))
        if fmt == "feed":
            raise InputError(source, "RSS/Atom feeds are not supported by 'analyze' yet")
        text = decode(data, source, declared_charset(data) if fmt == "html" else None)
    except InputError as exc:
        yield Skipped(source, exc.reason)
        return
    stem = _stem(name)
    try:
        if fmt == "jsonl":
            yield from read_jsonl(text, stem, source)
        elif fmt == "html":
            yield read_html(text, stem, source)
        else:
            yield read_text(text, stem, source)
    except InputError as exc:
        yield Skipped(source, exc.reason)


def _exists(path: Path) -> bool:
    """``path.exists()``, but ``False`` where the OS refuses the name (too long, say)."""
    try:
        return path.exists()
    except OSError:  # ENAMETOOLONG and the like: no file can have that name
        return False


def _read_path(path: Path) -> Iterator[RawDocument | Skipped]:
    if not _exists(path):
        yield Skipped(str(path)[:200], "no such file or directory")
        return
    for f in iter_files(path):
        try:
            data = f.read_bytes()
        except OSError as exc:
            yield Skipped(str(f), f"cannot read file ({exc.strerror or exc})")
            continue
        yield from read_bytes(data, f.name, str(f))


def read_inputs(inputs: Iterable[Any], stdin: BinaryIO | None = None) -> Iterator[RawDocument | Skipped]:
    """Documents from paths, ``-`` (stdin), texts, dicts (JSONL-style records) or RawDocuments.

    A ``str`` is a path when such a file exists or it looks like one (no
    whitespace); otherwise it is the text of an article.  Ids are unique: a
    repeated one (``article.html`` in two folders, say) gets ``-2``, ``-3``...
    """
    seen: set[str] = set()
    for doc in _read_all(inputs, stdin):
        if isinstance(doc, RawDocument):
            doc = _unique(doc, seen)
        yield doc


def _unique(doc: RawDocument, seen: set[str]) -> RawDocument:
    """``doc`` with an id no earlier document has (later stages key everything by id)."""
    new_id, n = doc.id, 1
    while new_id in seen:
        n += 1
        new_id = f"{doc.id}-{n}"
    seen.add(new_id)
    return doc if new_id == doc.id else replace(doc, id=new_id)


def _read_all(inputs: Iterable[Any], stdin: BinaryIO | None) -> Iterator[RawDocument | Skipped]:
    n_text = 0
    for item in inputs:
        if isinstance(item, RawDocument):
            yield item
        elif isinstance(item, Mapping):
            n_text += 1
            try:
                yield read_record(item, f"record-{n_text}", f"<record {n_text}>")
            except InputError as exc:
                yield Skipped(exc.source, exc.reason)
        elif isinstance(item, Path):
            yield from _read_path(item)
        elif isinstance(item, str):
            if not item.strip():  # Path("") is the current directory: never read that
                n_text += 1
                yield Skipped(f"<text {n_text}>", "empty text")
            elif item == "-":
                stream = stdin if stdin is not None else sys.stdin.buffer
                yield from read_bytes(stream.read(), "stdin", "-")
            elif _looks_like_path(item):
                yield from _read_path(Path(item))
            else:
                n_text += 1
                yield read_text(item, f"text-{n_text}", f"<text {n_text}>")
        else:
            yield Skipped(repr(item)[:60], f"cannot read a {type(item).__name__}: give a path or a text")


def _looks_like_path(s: str) -> bool:
    if "\n" in s:
        return False
    if _exists(Path(s)):
        return True
    return not any(ch.isspace() for ch in s.strip()) and len(s) < 4096
