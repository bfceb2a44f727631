"""Read inputs (files, directories, stdin, URLs, in-memory texts) into :class:`RawDocument` s.

Files are text, HTML, JSONL, RSS/Atom feeds (one document per entry) or WARC
archives (one per HTML page; streamed from disk, never loaded whole).  A file
that cannot be read becomes a :class:`Skipped` with the reason; the rest go on.

Nothing is downloaded unless a fetcher is passed (``fetch=``, the CLI's
``--fetch``): URL inputs are then fetched, and so are feed entries' pages.

With ``max_chars`` (the CLI's ``--max-chars``) a document whose text is longer is
skipped with the reason, and a file that cannot hold a text that short (a plain-text
file over ``MAX_BYTES_PER_CHAR * max_chars`` bytes) is refused by its size, unread.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..model import RawDocument, Skipped
from .detect import (
    FEED_EXTENSIONS,
    HTML_BYTES_PER_CHAR,
    JSONL_EXTENSIONS,
    MAX_BYTES_PER_CHAR,
    WARC_EXTENSIONS,
    declared_charset,
    decode_noting,
    is_warc,
    maybe_gunzip,
    over_limit,
    sniff,
    with_note,
)
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
               url: str | None = None,
               max_chars: int | None = None) -> Iterator[RawDocument | Skipped]:
    """Decode and parse one file's bytes; ``name`` gives the id and the extension.

    ``fetch`` is passed on to feeds (their entries' pages); ``url`` is where the
    bytes were downloaded from, when they were (it then gives the id).  A document
    whose text is over ``max_chars`` characters is skipped (see :func:`read_inputs`).
    """
    for doc in _read_bytes(data, name, source, fetch=fetch, url=url, max_chars=max_chars):
        yield _within(doc, max_chars)


def _read_bytes(data: bytes, name: str, source: str, *, fetch: Fetcher | None,
                url: str | None, max_chars: int | None) -> Iterator[RawDocument | Skipped]:
    ext = _ext(name)
    if ext in WARC_EXTENSIONS or is_warc(data[:_HEAD_BYTES]):  # still compressed: read as a stream
        yield from read_warc(data, source)
        return
    try:
        # a text or page is refused past its byte limit; a file of records is read record by record
        whole = max_chars is not None and ext not in JSONL_EXTENSIONS | FEED_EXTENSIONS
        data = maybe_gunzip(data, source, HTML_BYTES_PER_CHAR * max_chars
                            if whole and max_chars is not None else None)
        fmt = sniff(data, ext)
        if fmt == "feed":
            yield from read_feed(data, source, fetch=fetch, url=url)
            return
        if (refusal := _size_refusal(len(data), fmt, max_chars)) is not None:
            yield Skipped(source, refusal)
            return
        text, note = decode_noting(data, source,
                                   declared_charset(data) if fmt == "html" else None)
    except InputError as exc:
        yield Skipped(source, exc.reason)
        return
    del data  # the text is all that is needed from here on (a long file's bytes are not kept)
    stem = slug(url) if url else _stem(name)
    try:
        if fmt == "jsonl":
            for doc in read_jsonl(text, stem, source, max_chars=max_chars):
                yield with_note(doc, note) if isinstance(doc, RawDocument) else doc
        elif fmt == "html":
            yield with_note(read_html(text, stem, source, url=url), note)
        else:
            yield with_note(read_text(text, stem, source), note)
    except InputError as exc:
        yield Skipped(source, exc.reason)


def _within(doc: RawDocument | Skipped, max_chars: int | None) -> RawDocument | Skipped:
    """``doc``, or a :class:`Skipped` when its text is over ``max_chars`` characters."""
    if max_chars is not None and isinstance(doc, RawDocument) and len(doc.text) > max_chars:
        return Skipped(doc.source, over_limit(len(doc.text), max_chars))
    return doc


def _size_refusal(size: int, fmt: str, max_chars: int | None) -> str | None:
    """Why a text or HTML file of ``size`` bytes is not read at all, or ``None``."""
    if max_chars is None:
        return None
    if fmt == "text" and size > MAX_BYTES_PER_CHAR * max_chars:
        return (f"file is {size:,} bytes, so its text is over the limit of {max_chars:,} "
                "characters (--max-chars)")
    if fmt == "html" and size > HTML_BYTES_PER_CHAR * max_chars:
        return (f"HTML file is {size:,} bytes, over the {HTML_BYTES_PER_CHAR * max_chars:,} read "
                f"for a text limit of {max_chars:,} characters (--max-chars)")
    return None


def _exists(path: Path) -> bool:
    """``path.exists()``, but ``False`` where the OS refuses the name (too long, say)."""
    try:
        return path.exists()
    except OSError:  # ENAMETOOLONG and the like: no file can have that name
        return False


def _read_path(path: Path, fetch: Fetcher | None = None,
               max_chars: int | None = None) -> Iterator[RawDocument | Skipped]:
    if not _exists(path):
        yield Skipped(str(path)[:200], "no such file or directory")
        return
    for f in iter_files(path):
        try:
            head = _head(f)
            if _ext(f.name) in WARC_EXTENSIONS or is_warc(head):
                yield from read_warc(f, str(f))  # streamed: archives can be many GB
                continue
            refusal = _file_refusal(f, head, max_chars)
            if refusal is not None:
                yield Skipped(str(f), refusal)
                continue
            data = f.read_bytes()
        except OSError as exc:
            yield Skipped(str(f), f"cannot read file ({exc.strerror or exc})")
            continue
        docs = _read_bytes(data, f.name, str(f), fetch=fetch, url=None, max_chars=max_chars)
        del data  # held by the reader only, which lets go of it once decoded
        yield from docs


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(_HEAD_BYTES)


def _file_refusal(path: Path, head: bytes, max_chars: int | None) -> str | None:
    """Why a file is refused by its size before it is read, or ``None``.

    Only an uncompressed text or HTML file, told by its extension and first bytes; one
    that may hold records (JSONL, a JSON array, a feed) is read and its records checked.
    """
    if max_chars is None or head[:2] == b"\x1f\x8b":
        return None
    size = path.stat().st_size
    if size <= MAX_BYTES_PER_CHAR * max_chars:
        return None
    fmt = sniff(head, _ext(path.name))
    if fmt == "text" and head.lstrip()[:1] in (b"{", b"["):  # JSON records cut off by the head
        return None
    return _size_refusal(size, fmt, max_chars)


def _read_url(url: str, fetch: Fetcher | None,
              max_chars: int | None = None) -> Iterator[RawDocument | Skipped]:
    """A URL input: fetched only with a fetcher, then read by what it turns out to be."""
    if fetch is None:
        yield Skipped(url, FETCH_OFF)
        return
    data = safe_fetch(fetch, url)
    if data is None:
        yield Skipped(url, "could not be fetched (no network, timeout, HTTP error or too large)")
        return
    # by content, not by the URL's "extension" (a .xml, .php or .cms URL can be anything)
    yield from _read_bytes(data, "", url, fetch=fetch, url=url, max_chars=max_chars)


def read_inputs(inputs: Iterable[Any], stdin: BinaryIO | None = None,
                fetch: Fetcher | None = None, *,
                max_chars: int | None = None) -> Iterator[RawDocument | Skipped]:
    """Documents from paths, ``-`` (stdin), URLs, texts, dicts (JSONL-style records) or RawDocuments.

    A ``str`` starting with ``http://`` or ``https://`` is a URL: it is downloaded
    with ``fetch`` (see :func:`http_fetcher`) and read as a feed, a page or a
    file; without a fetcher it is skipped, nothing is downloaded.  Another
    ``str`` is a path when such a file exists or it looks like one (no
    whitespace); otherwise it is the text of an article.  Ids are unique: a
    repeated one (``article.html`` in two folders, say) gets ``-2``, ``-3``...

    ``max_chars``: a document whose text is longer is yielded as
    ``Skipped(source, "text is N characters, over the limit of M (--max-chars)")`` (for
    HTML, the extracted body counts; for JSONL, each record on its own line); a text file
    of more than ``MAX_BYTES_PER_CHAR * max_chars`` bytes, or an HTML file of more than
    ``HTML_BYTES_PER_CHAR * max_chars``, is skipped by its size without being read, and
    gzip data is inflated only that far.  ``None``: no limit.
    """
    seen: set[str] = set()
    for doc in _read_all(inputs, stdin, fetch, max_chars):
        doc = _within(doc, max_chars)
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


def _read_all(inputs: Iterable[Any], stdin: BinaryIO | None, fetch: Fetcher | None,
              max_chars: int | None) -> Iterator[RawDocument | Skipped]:
    n_text = 0
    for item in inputs:
        if isinstance(item, RawDocument):
            yield item
        elif isinstance(item, Mapping):
            n_text += 1
            try:
                yield read_record(item, f"record-{n_text}", f"<record {n_text}>",
                                  max_chars=max_chars)
            except InputError as exc:
                yield Skipped(exc.source, exc.reason)
        elif isinstance(item, Path):
            yield from _read_path(item, fetch, max_chars)
        elif isinstance(item, str):
            if not item.strip():  # Path("") is the current directory: never read that
                n_text += 1
                yield Skipped(f"<text {n_text}>", "empty text")
            elif item == "-":
                stream = stdin if stdin is not None else sys.stdin.buffer
                yield from _read_bytes(stream.read(), "stdin", "-", fetch=fetch, url=None,
                                       max_chars=max_chars)
            elif _is_url(item):
                yield from _read_url(item.strip(), fetch, max_chars)
            elif _looks_like_path(item):
                yield from _read_path(Path(item), fetch, max_chars)
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
