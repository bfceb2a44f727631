"""Web archives (WARC 1.0/1.1, plain or ``.warc.gz``): one article per HTML page, CC-News style.

Each ``response`` record of an HTML page (``text/html`` or
``application/xhtml+xml``) with HTTP status 200 is extracted like an HTML file,
with its ``WARC-Target-URI`` as the URL.  Other records (requests, metadata,
redirects, 404s, images, scripts...) are passed over silently: an archive is
full of them and none is an article.

The archive is read as a stream, record by record: a multi-GB ``.warc.gz`` is
never decompressed whole.  A truncated or corrupt archive keeps the articles
read before the damage and reports one :class:`Skipped` naming the file and the
byte offset (in the compressed file for ``.warc.gz``) where the damage starts.

The record's ``WARC-Date`` is when the page was *crawled*: it is kept as
``meta["crawled"]`` and never used as the publication date, which comes from
the page's markup (htmldate) or, in cleaning, from its URL.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, NewsprismError
from ..model import RawDocument, Skipped
from .detect import declared_charset, decode_noting, is_warc, sniff, with_note
from .feed import slug
from .html import read_html

__all__ = ["read_warc", "MAX_RECORD_BYTES"]

log = logging.getLogger(__name__)

# an HTML payload larger than this is not read (no news page is that big)
MAX_RECORD_BYTES = 20_000_000

# bytes read first to check that the stream is a WARC archive at all
_HEAD_BYTES = 4096
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


class _CountingReader:
    """A read-only stream that counts the bytes read from it, after replaying ``head``."""

    def __init__(self, raw: IO[bytes], head: bytes = b"") -> None:
        self.raw = raw
        self.head = head
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        if self.head:
            if size is None or size < 0:
                data, self.head = self.head + self.raw.read(), b""
            else:
                data, self.head = self.head[:size], self.head[size:]
        else:
            data = self.raw.read(size)
        self.count += len(data)
        return data

    def tell(self) -> int:
        return self.count


def read_warc(stream_or_bytes: bytes | bytearray | IO[bytes] | str | Path,
              source: str) -> Iterator[RawDocument | Skipped]:
    """Articles from a WARC archive: bytes, a binary stream, or a path (opened lazily).

    Each document's source is ``source#<WARC-Record-ID>`` (or ``source#<offset>``
    when the record has no id); its id is a slug of the target URI.
    """
    if isinstance(stream_or_bytes, str | Path):
        try:
            fh = open(stream_or_bytes, "rb")  # closed by the with below, once read
        except OSError as exc:
            yield Skipped(source, f"cannot read file ({exc.strerror or exc})")
            return
        with fh:
            yield from _read_stream(fh, source)
    elif isinstance(stream_or_bytes, bytes | bytearray):
        yield from _read_stream(io.BytesIO(bytes(stream_or_bytes)), source)
    else:
        yield from _read_stream(stream_or_bytes, source)


def _read_stream(raw: IO[bytes], source: str) -> Iterator[RawDocument | Skipped]:
    try:
        head = raw.read(_HEAD_BYTES)
    except OSError as exc:
        yield Skipped(source, f"cannot read file ({exc.strerror or exc})")
        return
    if not is_warc(head):  # warcio would read lines of five words as an old ARC archive
        yield Skipped(source, "not a WARC archive (it does not start with WARC/1.0 or WARC/1.1)"
                      if head.strip() else "empty file")
        return
    counting = _CountingReader(raw, head)
    it: Any = None
    records = reported = 0
    try:
        it = _iterator(counting)
        for record in it:
            page = _page(record)  # read before the iterator moves past the record
            offset = int(it.get_record_offset())  # reads the rest of the record
            if _incomplete(record):
                yield Skipped(source, _damage(offset, records, "the archive ends inside the "
                                                               "record there"))
                return
            records += 1
            if page is not None:
                result = _article(record, page, offset, source)
                if result is not None:
                    reported += 1
                    yield result
    except NewsprismError:  # not the archive's fault (a missing package): the user's to fix
        raise
    except Exception as exc:  # warcio raises many kinds of errors on damaged input
        at = int(getattr(it, "offset", 0) or 0)
        yield Skipped(source, _damage(at, records, f"{type(exc).__name__}: {exc}"))
        return
    if it.offset < counting.count:  # bytes that are not a whole record (a truncated .warc.gz)
        yield Skipped(source, _damage(it.offset, records, "what follows is not a complete record"))
    elif not reported:
        yield Skipped(source, f"no HTML page with HTTP status 200 among its {records} records")
    if it is not None and it.bad_offsets:
        log.info("%s: %d records not followed by a blank line (Content-Length wrong?) at "
                 "offsets %s", source, len(it.bad_offsets), it.bad_offsets[:5])


def _incomplete(record: Any) -> bool:
    """Whether a record was cut short: headers without the mandatory WARC-Type or a
    Content-Length (the archive ends inside them), or fewer bytes than its Content-Length."""
    length = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not record.rec_type or not length.isdigit():
        return True
    return int(getattr(record.raw_stream, "limit", 0) or 0) > 0


def _damage(offset: int, records: int, detail: str) -> str:
    return (f"WARC archive is truncated or corrupt at byte offset {offset} "
            f"({detail.strip()[:200]}); the {records} records before it were read")


class _Page:
    __slots__ = ("payload", "ctype", "error")

    def __init__(self, payload: bytes, ctype: str, error: str | None) -> None:
        self.payload, self.ctype, self.error = payload, ctype, error


def _page(record: Any) -> _Page | None:
    """The HTTP body of a ``response`` record with status 200 and an HTML (or no) content type."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    http = record.http_headers
    ctype = (http.get_header("Content-Type") or "").strip()
    media = ctype.split(";")[0].strip().lower()
    if http.get_statuscode() != "200" or (media and media not in _HTML_TYPES):
        return None
    try:
        return _Page(record.content_stream().read(MAX_RECORD_BYTES + 1), ctype, None)
    except Exception as exc:  # a broken chunked or gzip body
        return _Page(b"", ctype, f"{type(exc).__name__}: {exc}")


def _article(record: Any, page: _Page, offset: int, source: str) -> RawDocument | Skipped | None:
    """The article of an HTML page's record; ``None`` for a body that does not look like HTML."""
    headers = record.rec_headers
    uri = (headers.get_header("WARC-Target-URI") or "").strip() or None
    rid = (headers.get_header("WARC-Record-ID") or "").strip().strip("<>") or None
    where = f"{source}#{rid or offset}"
    about = f" ({uri})" if uri else ""
    if page.error:
        return Skipped(where, f"HTTP body could not be decoded ({page.error[:120]}){about}")
    if len(page.payload) > MAX_RECORD_BYTES:
        return Skipped(where, f"page larger than {MAX_RECORD_BYTES} bytes, not read{about}")
    if not page.ctype and sniff(page.payload[:4096], "") != "html":
        return None  # no content type, and not HTML by its looks: not a page
    m = _CHARSET.search(page.ctype)
    charset = m.group(1) if m else declared_charset(page.payload)
    try:
        html, note = decode_noting(page.payload, where, charset)
        doc = with_note(read_html(html, slug(uri or rid or f"record-{offset}"), where, url=uri),
                        note)
    except InputError as exc:
        return Skipped(where, f"{exc.reason}{about}")
    meta, evidence = dict(doc.meta), dict(doc.evidence)
    if evidence.get("url") == "given with the input":
        evidence["url"] = "WARC-Target-URI of the response record"
    crawled = (headers.get_header("WARC-Date") or "").strip()
    if crawled:
        meta["crawled"] = crawled
        evidence["crawled"] = (f"WARC-Date {crawled} of the response record: when the page "
                               "was crawled, never used as its publication date")
    return RawDocument(id=doc.id, source=where, text=doc.text, format=doc.format,
                       meta=meta, evidence=evidence)


_iterator_class: Any = None


def _iterator(fileobj: Any) -> Any:
    """warcio's ``ArchiveIterator``, minus its stderr warning for a record not followed by a
    blank line (a wrong Content-Length): such offsets are collected in ``bad_offsets``."""
    global _iterator_class
    if _iterator_class is None:
        from warcio.archiveiterator import ArchiveIterator

        class QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
            def __init__(self, fh: Any) -> None:
                super().__init__(fh)
                self.bad_offsets: list[int] = []

            def _consume_blanklines(self) -> tuple[bytes | None, int]:
                # warcio 1.8's method, recording the offset instead of writing to stderr
                empty_size = 0
                first_line = True
                while True:
                    line = self.reader.readline()
                    if len(line) == 0:
                        return None, empty_size
                    stripped = line.rstrip()
                    if len(stripped) == 0 or first_line:
                        empty_size += len(line)
                        if len(stripped) != 0:
                            self.bad_offsets.append(
                                self.fh.tell() - self.reader.rem_length() - empty_size)
                            self.err_count += 1
                        first_line = False
                        continue
                    return line, empty_size

        _iterator_class = QuietArchiveIterator
    return _iterator_class(fileobj)
