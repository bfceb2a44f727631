"""Honest decoding: a UTF-8 file with a few bad bytes is read as UTF-8, those bytes replaced and
reported (count and first offset) in a warning and in the article's evidence (issue 21, item 4)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from newsprism.clean import clean_document
from newsprism.ingest import read_inputs
from newsprism.model import RawDocument, Skipped

ARTICLE = ("Europe\u2019s leaders met in Br\u00fcssel on Monday. \u201cWe agreed,\u201d said "
           "the president of the commission, Ren\u00e9e Dupont, after the talks.\n\n") * 40


def read_one(path: Path) -> RawDocument:
    (doc,) = read_inputs([path])
    assert isinstance(doc, RawDocument), doc
    return doc


def test_decoding_utf8_with_a_few_bad_bytes_is_read_as_utf8_and_reported(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = bytearray(ARTICLE.encode("utf-8"))
    first = 1500
    for at in (first, 2600, 3700):  # a stray cp1252 apostrophe, a 0xff, a cut-off sequence
        data[at:at] = (b"\x92", b"\xff", b"\xe2\x80")[(at // 1000) - 1]
    path = tmp_path / "article.txt"
    path.write_bytes(bytes(data))

    with caplog.at_level(logging.WARNING, logger="newsprism"):
        doc = read_one(path)

    assert doc.text.count("\ufffd") == 3
    assert doc.text.replace("\ufffd", "") == ARTICLE  # nothing else garbled
    assert "Europe\u2019s" in doc.text and "\u00c4" not in doc.text  # not "Europe'Äôs"
    reason = "3 invalid byte sequences replaced by U+FFFD (the first at byte offset 1,500)"
    assert reason in doc.evidence["encoding"]
    assert [r.getMessage() for r in caplog.records if "U+FFFD" in r.getMessage()] == [
        f"{path}: {doc.evidence['encoding']}"]  # shown as a note by the CLI
    article = clean_document(doc)
    assert reason in article.evidence["encoding"]  # kept with the article, in its JSON


def test_decoding_valid_utf8_and_legacy_files_carry_no_note(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes(ARTICLE.encode("utf-8"))
    assert "encoding" not in read_one(good).evidence
    # a cp1252 file (its curly quotes are lone high bytes, none valid UTF-8) is still cp1252
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(ARTICLE.replace("Br\u00fcssel", "Brussels").encode("cp1252"))
    doc = read_one(legacy)
    assert doc.text == ARTICLE.replace("Br\u00fcssel", "Brussels")
    assert "encoding" not in doc.evidence


def test_decoding_many_bad_bytes_is_not_called_utf8(tmp_path: Path) -> None:
    # more than one bad sequence per 1,000 bytes: not UTF-8 with a few bad bytes; here no
    # other encoding fits either, so it is skipped as before
    data = ARTICLE.encode("utf-8").replace(b"Monday", b"Mon\xe9day")
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    (result,) = read_inputs([path])
    assert isinstance(result, Skipped) and result.reason.startswith("undecodable")
