"""Property tests of the readers: random bytes, random Unicode and random JSONL records never
raise, and every input is either read or named in a Skipped with a reason (issue 21)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.ingest import read_inputs
from newsprism.model import RawDocument, Skipped

# every extension the readers tell apart, and none
EXTENSIONS = ["", ".txt", ".md", ".html", ".jsonl", ".json", ".rss", ".atom", ".xml", ".warc",
              ".txt.gz", ".warc.gz"]
# a few examples each, no deadline: an example may go through trafilatura or feedparser
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# bytes that look like the start of each format, so examples reach past the first check
PREFIXES = [b"", b"<html><body><p>", b'{"text": "', b"<?xml version='1.0'?><rss version='2.0'>",
            b'<feed xmlns="http://www.w3.org/2005/Atom">', b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00",
            b"\xef\xbb\xbf", b"\xff\xfe"]

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)
FIELDS = ["id", "text", "html", "title", "url", "outlet", "published", "author", "language", "x"]
RECORDS = st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES | st.text(min_size=1), max_size=6)


def check(data: bytes, ext: str, max_chars: int | None = None) -> list[RawDocument | Skipped]:
    """Write ``data`` to a file named ``input<ext>`` and read it: nothing raised, and it is read
    or named in a Skipped with a reason.  The file's folder is removed afterwards (hundreds of
    examples a run)."""
    with tempfile.TemporaryDirectory(prefix="newsprism-prop-") as folder:
        path = Path(folder) / f"input{ext}"
        path.write_bytes(data)
        results = list(read_inputs([path], max_chars=max_chars))
        assert results, f"{path}: neither read nor skipped"
        for r in results:
            assert isinstance(r, RawDocument | Skipped)
            if isinstance(r, Skipped):
                assert r.source.startswith(str(path)) and r.reason.strip()
            else:
                assert r.text.strip() and r.source.startswith(str(path))
    return results


@FAST
@given(prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=600),
       ext=st.sampled_from(EXTENSIONS), max_chars=st.sampled_from([None, 50]))
def test_property_random_bytes(prefix: bytes, data: bytes, ext: str, max_chars: int | None) -> None:
    check(prefix + data, ext, max_chars)


@FAST
@given(text=st.text(max_size=400), ext=st.sampled_from(EXTENSIONS),
       encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_property_random_unicode(text: str, ext: str, encoding: str) -> None:
    check(text.encode(encoding, errors="surrogatepass"), ext)


@FAST
@given(records=st.lists(RECORDS | JSON_VALUES, min_size=1, max_size=4),
       ext=st.sampled_from([".jsonl", ".json", ""]), array=st.booleans())
def test_property_random_jsonl_records(records: list[object], ext: str, array: bool) -> None:
    if array:
        data = json.dumps(records)
    else:
        data = "".join(json.dumps(r) + "\n" for r in records)
    results = check(data.encode("utf-8"), ext)
    if ext == ".jsonl" and not array and all(isinstance(r, dict) for r in records):
        assert len(results) == len(records)  # one result per line (one array line: its items)
        for record, result in zip(records, results, strict=True):
            assert isinstance(record, dict)
            if isinstance(record.get("id"), list | dict):  # never an id like "['list']"
                assert isinstance(result, Skipped) and "'id' is an" in result.reason
