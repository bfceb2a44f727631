"""Decode bytes to text and tell which format a document is in.

The format comes from the extension when it is a known one, and from the
content otherwise; bytes that are binary or cannot be decoded are refused with
a reason the user can read.
"""

from __future__ import annotations

import codecs
import gzip
import json
import logging
import re
import zlib
from dataclasses import replace

from ..errors import InputError
from ..model import RawDocument

log = logging.getLogger(__name__)

TEXT_EXTENSIONS = {".txt", ".text", ".md", ""}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson", ".json"}
FEED_EXTENSIONS = {".rss", ".atom", ".xml"}
WARC_EXTENSIONS = {".warc"}  # ``.warc.gz`` too: callers strip ``.gz`` before asking

# the most bytes one character takes in an encoding newsprism reads (UTF-8: 4; UTF-16: 2, or 4
# for a surrogate pair): a text file of more than this many bytes per allowed character holds
# more characters than --max-chars allows, and is refused by its size without being read
MAX_BYTES_PER_CHAR = 4
# markup outweighs text in an HTML page: an HTML file is read up to this many bytes per allowed
# character (at the default 2,000,000 characters, 20 MB, as for a page in a WARC archive); a
# news page's body text is a few percent of its bytes, so the text limit is what refuses a page
HTML_BYTES_PER_CHAR = 10

# a file that is UTF-8 but for a few bytes is read as UTF-8, those bytes replaced (U+FFFD), when
# it has at most one invalid sequence per this many bytes and more valid non-ASCII UTF-8
# characters than invalid sequences (evidence that it is UTF-8: a cp1252 or Latin-1 file has
# next to none, since its accented letters are lone high bytes).  Guessing another encoding for
# such a file garbles every character of it ("Europe's" -> "Europe'Äôs" as Mac Roman, issue 21)
UTF8_BYTES_PER_BAD_SEQUENCE = 1000
# the meta key under which a replaced-bytes reading is recorded (its evidence says how many)
ENCODING_KEY = "encoding"

# share of control characters (other than whitespace) above which text is treated as binary
BINARY_CONTROL_RATIO = 0.05

# the legacy encoding preferred when charset_normalizer finds it as plausible as its own
# best guess: on short Western texts its guess ties between cp1250 and cp1252 and it picks
# cp1250, turning "Señor" into "Seńor" and "déjà" into "déjŕ" (seen on hand-made samples);
# cp1252 is what browsers assume for unlabelled Western pages too
PREFERRED_LEGACY = "cp1252"
# how much lower its language coherence may be and still count as "as plausible": on
# hand-made samples, cp1252 Western text lost to cp775 by 0.024, while cp1250 Czech and
# Slovene text read as cp1252 scored 0.042 and 0.05 lower than their true reading
LEGACY_COHERENCE_TOLERANCE = 0.03

# charset labels that browsers (WHATWG Encoding) read as windows-1252
_CP1252_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
                  "windows-1252", "cp1252", "x-cp1252"}

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body)", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(p|div|article|span|a|h[1-6]|br|meta|title)\b", re.I)
_XML_FEED = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.I | re.S)
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_WARC_START = re.compile(rb"^WARC/1\.[01]\r?\n")


def over_limit(n_chars: int, max_chars: int) -> str:
    """The reason a text of ``n_chars`` characters is skipped."""
    return f"text is {n_chars:,} characters, over the limit of {max_chars:,} (--max-chars)"


def maybe_gunzip(data: bytes, source: str, limit: int | None = None) -> bytes:
    """Decompress gzip data (told by its magic bytes, whatever the file is called).

    With ``limit``, data that would decompress to more than ``limit`` bytes is refused
    once that many are out, never inflated whole (a small file can hold gigabytes).
    """
    if data[:2] != b"\x1f\x8b":
        return data
    if limit is None:
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:  # zlib.error: a corrupt deflate stream
            raise InputError(source, f"corrupt gzip data ({exc})") from exc
    out = bytearray()
    rest = data
    try:
        while rest[:2] == b"\x1f\x8b":  # one gzip member after another, as gzip.decompress reads
            member = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += member.decompress(rest, limit + 1 - len(out))
            if len(out) > limit:
                raise InputError(source, f"gzip data decompresses to more than {limit:,} bytes")
            if not member.eof:
                raise InputError(source, "corrupt gzip data (it ends before the end of the stream)")
            rest = member.unused_data
    except zlib.error as exc:
        raise InputError(source, f"corrupt gzip data ({exc})") from exc
    return bytes(out)


def decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Bytes to str: BOM, then UTF-8, then the ``declared`` charset, then the most plausible one.

    ``declared`` is the charset a document names for itself (an HTML ``<meta charset>``);
    it is trusted only when the bytes are not UTF-8 and decode cleanly with it.  Bytes that
    are UTF-8 but for a few invalid sequences are read as UTF-8 with those replaced, and a
    warning says so (see :func:`decode_noting`, which also returns that note).
    """
    return decode_noting(data, source, declared)[0]


def decode_noting(data: bytes, source: str,
                  declared: str | None = None) -> tuple[str, str | None]:
    """:func:`decode`, and what was replaced when the bytes were UTF-8 but for a few
    (``None`` otherwise): the count and the byte offset of the first, for the evidence."""
    if not data.strip():
        raise InputError(source, "empty file")
    note = None
    text = _decode_bom(data, source)
    if text is None:
        if b"\x00" in data[:8192]:
            raise InputError(source, "binary data (NUL bytes), not a text, HTML or JSONL document")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            mostly = _mostly_utf8(data, exc.start)
            if mostly is not None:
                text, note = mostly
                log.warning("%s: %s", source, note)
            else:
                text = _decode_declared(data, declared) or _decode_legacy(data, source)
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if sample and controls / len(sample) > BINARY_CONTROL_RATIO:
        raise InputError(source, "binary data (control characters), not a text document")
    if not text.strip():
        raise InputError(source, "empty file")
    return text, note


def _mostly_utf8(data: bytes, first: int) -> tuple[str, str] | None:
    """``data`` read as UTF-8 with its invalid sequences replaced, and a note saying how many
    and where the first is (``first``, a byte offset), when it passes the rule of
    ``UTF8_BYTES_PER_BAD_SEQUENCE``; ``None`` when another encoding is likelier."""
    text = data.decode("utf-8", errors="replace")  # one U+FFFD per invalid sequence
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    if bad > max(1, len(data) // UTF8_BYTES_PER_BAD_SEQUENCE) or non_ascii <= bad:
        return None
    some = "1 invalid byte sequence" if bad == 1 else f"{bad:,} invalid byte sequences"
    return text, (f"not valid UTF-8: read as UTF-8 with {some} replaced by U+FFFD "
                  f"(the first at byte offset {first:,}) rather than guessed as another encoding")


def with_note(doc: RawDocument, note: str | None) -> RawDocument:
    """``doc`` with the decoding note in its metadata and evidence (kept with the article)."""
    if note is None:
        return doc
    return replace(doc, meta={**doc.meta, ENCODING_KEY: "UTF-8, invalid bytes replaced"},
                   evidence={**doc.evidence, ENCODING_KEY: note})


def _decode_bom(data: bytes, source: str) -> str | None:
    """The text when ``data`` starts with a byte-order mark, else ``None``."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"not valid {enc} despite its byte-order mark") from exc
    return None


def _decode_declared(data: bytes, declared: str | None) -> str | None:
    """``data`` decoded with the charset the document declares, or ``None`` if that fails."""
    if not declared:
        return None
    label = declared.strip().lower()
    encoding = "cp1252" if label in _CP1252_LABELS else label
    try:
        codecs.lookup(encoding)
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _decode_legacy(data: bytes, source: str) -> str:
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:200_000])
    best = matches.best()
    if best is None or best.encoding is None:
        raise InputError(source, "undecodable: not UTF-8 and no plausible text encoding")
    encoding = best.encoding
    for m in matches:  # prefer cp1252 on a tie (see PREFERRED_LEGACY)
        if PREFERRED_LEGACY in m.could_be_from_charset and m.chaos <= best.chaos \
                and m.coherence >= best.coherence - LEGACY_COHERENCE_TOLERANCE:
            encoding = PREFERRED_LEGACY
            break
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(source, f"undecodable: not UTF-8, and {encoding} failed") from exc


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page names in its ``<meta charset>`` / ``http-equiv`` tag, if any."""
    m = _META_CHARSET.search(data[:4096])
    if m is None:
        return None
    return m.group(1).decode("ascii", errors="ignore") or None


def is_warc(head: bytes) -> bool:
    """Whether ``head`` (the first bytes of a file, gzip-compressed or not) starts a WARC archive.

    A few hundred bytes are enough: only the start of the first gzip member is
    decompressed, so a multi-GB ``.warc.gz`` is never inflated to ask.
    """
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head[:65536], 64)
        except zlib.error:
            return False
    return bool(_WARC_START.match(head))


def sniff(data: bytes, extension: str) -> str:
    """``text``, ``html``, ``jsonl``, ``feed`` or ``warc``, by extension first, then content.

    ``data`` may still be gzip-compressed when it is a WARC archive (``.warc.gz``
    files are compressed record by record and read that way).
    """
    ext = extension.lower()
    if ext in WARC_EXTENSIONS or is_warc(data[:65536]):
        return "warc"
    if ext in HTML_EXTENSIONS:
        return "html"
    if ext in JSONL_EXTENSIONS:
        return "jsonl"
    content = _as_utf8(data)
    head = content[:4096]
    if ext in FEED_EXTENSIONS or _XML_FEED.match(head):
        return "feed"
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 3:
        return "html"
    if head.startswith(b"{") and _looks_like_jsonl(content):
        return "jsonl"
    return "text"


def _as_utf8(data: bytes) -> bytes:
    """``data`` without a UTF-8 BOM, UTF-16 (with BOM) re-encoded, so content checks see ASCII."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").encode("utf-8")
    return data.removeprefix(codecs.BOM_UTF8)


def _looks_like_jsonl(data: bytes) -> bool:
    for line in data.splitlines()[:3]:
        if not line.strip():
            continue
        try:
            if not isinstance(json.loads(line), dict):
                return False
        except ValueError:
            return False
    return True
