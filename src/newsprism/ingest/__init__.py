"""Read inputs (files, directories, stdin, URLs, in-memory texts) into :class:`RawDocument` s.

Files are text, HTML, JSONL, RSS/Atom feeds (one document per entry) or WARC
archives (one per HTML page; streamed from disk, never loaded whole).  A file
that cannot be read becomes a :class:`Skipped` with the reason; the rest go on.

Nothing is downloaded unless a fetcher is passed (``fetch=``, the CLI's
``--fetch``): URL inputs are then fetched, and so are feed entries' pages.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..model import RawDocument, Skipped
from .detect import WARC_EXTENSIONS, declared_charset, decode, is_warc, maybe_gunzip, sniff
from .feed import Fetcher, http_fetcher, read_feed, safe_fetch, slug
from .html import read_html
from .jsonl import read_jsonl, read_record
from .text import read_text
from .warc import read_warc

__all__ = ["read_inputs", "read_bytes", "iter_files", "Fetcher", "http_fetcher", "read_feed",
           "read_warc"]

FETCH_OFF = "fetching URLs is off (offline); pass --fetch to download it"
# bytes read from a file to tell a WARC archive by its content
_HEAD_BYTES = 4096

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


def read_bytes(data: bytes, name: str, source: str, *, fetch: Fetcher | None = None,
               url: str | None = None) -> Iterator[RawDocument | Skipped]:
    """Decode and parse one file's bytes; ``name`` gives the id and the extension.

    ``fetch`` is passed on to feeds (their entries' pages); ``url`` is where the
    bytes were downloaded from, when they were (it then gives the id).
    """
    ext = _ext(name)
    if ext in WARC_EXTENSIONS or is_warc(data[:_HEAD_BYTES]):  # still compressed: read as a stream
        yield from read_warc(data, source)
        return
    try:
        data = maybe_gunzip(data, source)
        fmt = sniff(data, ext)
        if fmt == "feed":
            yield from read_feed(data, source, fetch=fetch, url=url)
            return
        text = decode(data, source, declared_charset(data) if fmt == "html" else None)
    except InputError as exc:
        yield Skipped(source, exc.reason)
        return
    stem = slug(url) if url else _stem(name)
    try:
        if fmt == "jsonl":
            yield from read_jsonl(text, stem, source)
        elif fmt == "html":
            yield read_html(text, stem, source, url=url)
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


def _read_path(path: Path, fetch: Fetcher | None = None) -> Iterator[RawDocument | Skipped]:
    if not _exists(path):
        yield Skipped(str(path)[:200], "no such file or directory")
        return
    for f in iter_files(path):
        try:
            if _ext(f.name) in WARC_EXTENSIONS or is_warc(_head(f)):
                yield from read_warc(f, str(f))  # streamed: archives can be many GB
                continue
            data = f.read_bytes()
        except OSError as exc:
            yield Skipped(str(f), f"cannot read file ({exc.strerror or exc})")
            continue
        yield from read_bytes(data, f.name, str(f), fetch=fetch)


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(_HEAD_BYTES)


def _read_url(url: str, fetch: Fetcher | None) -> Iterator[RawDocument | Skipped]:
    """A URL input: fetched only with a fetcher, then read by what it turns out to be."""
    if fetch is None:
        yield Skipped(url, FETCH_OFF)
        return
    data = safe_fetch(fetch, url)
    if data is None:
        yield Skipped(url, "could not be fetched (no network, timeout, HTTP error or too large)")
        return
    # by content, not by the URL's "extension" (a .xml, .php or .cms URL can be anything)
    yield from read_bytes(data, "", url, fetch=fetch, url=url)


def read_inputs(inputs: Iterable[Any], stdin: BinaryIO | None = None,
                fetch: Fetcher | None = None) -> Iterator[RawDocument | Skipped]:
    """Documents from paths, ``-`` (stdin), URLs, texts, dicts (JSONL-style records) or RawDocuments.

    A ``str`` starting with ``http://`` or ``https://`` is a URL: it is downloaded
    with ``fetch`` (see :func:`http_fetcher`) and read as a feed, a page or a
    file; without a fetcher it is skipped, nothing is downloaded.  Another
    ``str`` is a path when such a file exists or it looks like one (no
    whitespace); otherwise it is the text of an article.  Ids are unique: a
    repeated one (``article.html`` in two folders, say) gets ``-2``, ``-3``...
    """
    seen: set[str] = set()
    for doc in _read_all(inputs, stdin, fetch):
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


def _read_all(inputs: Iterable[Any], stdin: BinaryIO | None,
              fetch: Fetcher | None) -> Iterator[RawDocument | Skipped]:
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
            yield from _read_path(item, fetch)
        elif isinstance(item, str):
            if not item.strip():  # Path("") is the current directory: never read that
                n_text += 1
                yield Skipped(f"<text {n_text}>", "empty text")
            elif item == "-":
                stream = stdin if stdin is not None else sys.stdin.buffer
                yield from read_bytes(stream.read(), "stdin", "-", fetch=fetch)
            elif _is_url(item):
                yield from _read_url(item.strip(), fetch)
            elif _looks_like_path(item):
                yield from _read_path(Path(item), fetch)
            else:
                n_text += 1
                yield read_text(item, f"text-{n_text}", f"<text {n_text}>")
        else:
            yield Skipped(repr(item)[:60], f"cannot read a {type(item).__name__}: give a path or a text")


def _is_url(s: str) -> bool:
    s = s.strip()
    return s[:8].lower().startswith(("http://", "https://")) and not any(ch.isspace() for ch in s)


def _looks_like_path(s: str) -> bool:
    if "\n" in s:
        return False
    if _exists(Path(s)):
        return True
    return not any(ch.isspace() for ch in s.strip()) and len(s) < 4096
