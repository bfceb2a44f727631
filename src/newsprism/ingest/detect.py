"""Decode bytes to text and tell which format a document is in.

The format comes from the extension when it is a known one, and from the
content otherwise; bytes that are binary or cannot be decoded are refused with
a reason the user can read.
"""

from __future__ import annotations

import codecs
import gzip
import json
import re

from ..errors import InputError

TEXT_EXTENSIONS = {".txt", ".text", ".md", ""}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson", ".json"}

# share of control characters (other than whitespace) above which text is treated as binary
BINARY_CONTROL_RATIO = 0.05

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body)", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(p|div|article|span|a|h[1-6]|br|meta|title)\b", re.I)
_XML_FEED = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.I | re.S)


def maybe_gunzip(data: bytes, source: str) -> bytes:
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(source, f"corrupt gzip data ({exc})") from exc
    return data


def decode(data: bytes, source: str) -> str:
    """Bytes to str: BOM, then UTF-8, then the most plausible legacy encoding."""
    if not data.strip():
        raise InputError(source, "empty file")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"not valid {enc} despite its byte-order mark") from exc
    if b"\x00" in data[:8192]:
        raise InputError(source, "binary data (NUL bytes), not a text, HTML or JSONL document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data, source)
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if sample and controls / len(sample) > BINARY_CONTROL_RATIO:
        raise InputError(source, "binary data (control characters), not a text document")
    if not text.strip():
        raise InputError(source, "empty file")
    return text


def _decode_legacy(data: bytes, source: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError(source, "undecodable: not UTF-8 and no plausible text encoding")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(source, f"undecodable: not UTF-8, and {best.encoding} failed") from exc


def sniff(data: bytes, extension: str) -> str:
    """``text``, ``html``, ``jsonl`` or ``feed``, by extension first, then content."""
    ext = extension.lower()
    if ext in HTML_EXTENSIONS:
        return "html"
    if ext in JSONL_EXTENSIONS:
        return "jsonl"
    if ext in {".rss", ".atom", ".xml"} or _XML_FEED.match(data[:4096]):
        return "feed"
    head = data[:4096].lstrip(codecs.BOM_UTF8)
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 3:
        return "html"
    if head.startswith(b"{") and _looks_like_jsonl(data):
        return "jsonl"
    return "text"


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
