"""Read inputs (files, directories, stdin, in-memory texts) into :class:`RawDocument` s.

A file that cannot be read becomes a :class:`Skipped` with the reason; the
rest go on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..model import RawDocument, Skipped
from .detect import decode, maybe_gunzip, sniff
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
        text = decode(data, source)
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


def _read_path(path: Path) -> Iterator[RawDocument | Skipped]:
    if not path.exists():
        yield Skipped(str(path), "no such file or directory")
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
    whitespace); otherwise it is the text of an article.
    """
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
            if item == "-":
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
    if Path(s).exists():
        return True
    return not any(ch.isspace() for ch in s.strip()) and len(s) < 4096
