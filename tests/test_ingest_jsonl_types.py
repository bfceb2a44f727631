"""JSONL fields of the wrong type: an id that is a list or an object is refused with its line
(not stored as "['list']"), a numeric text is called a number, not a missing text (issue 21, 9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.ingest import read_inputs
from newsprism.model import RawDocument, Skipped

TEXT = "Negotiators met in Istanbul on Friday for the first direct talks in three years."


def read_lines(tmp_path: Path, *records: object) -> list[RawDocument | Skipped]:
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return list(read_inputs([path]))


@pytest.mark.parametrize(("bad_id", "what"), [
    (["list"], "an array"), ({"a": 1}, "an object"), (True, "a boolean (true)")])
def test_jsonl_non_scalar_id_is_refused_with_its_line(tmp_path: Path, bad_id: object,
                                                     what: str) -> None:
    good, bad = read_lines(tmp_path, {"id": 7, "text": TEXT}, {"id": bad_id, "text": TEXT})
    assert isinstance(good, RawDocument) and good.id == "7"
    assert bad == Skipped(f"{tmp_path / 'records.jsonl'}:2",
                          f"'id' is {what}: give a string or a number")


def test_jsonl_numeric_text_is_called_the_wrong_type(tmp_path: Path) -> None:
    (result,) = read_lines(tmp_path, {"id": "x", "text": 42})
    assert result == Skipped(f"{tmp_path / 'records.jsonl'}:1",
                             "record's 'text' is a number (42), not a string")
    (result,) = read_inputs([{"text": ["a", "b"], "html": 3.5}])
    assert isinstance(result, Skipped)
    assert result.reason == "record's 'text' is an array and 'html' is a number (3.5), not strings"


def test_jsonl_missing_or_empty_text_is_still_called_missing(tmp_path: Path) -> None:
    first, second = read_lines(tmp_path, {"id": "x"}, {"id": "y", "text": "  "})
    assert isinstance(first, Skipped) and isinstance(second, Skipped)
    assert first.reason == second.reason == "record has neither a non-empty 'text' nor 'html' field"


def test_ingest_jsonl_unterminated_string_reads_once_at(tmp_path):
    """Issue 21: "Unterminated string starting at at column 9" said "at" twice."""
    from newsprism.ingest import read_inputs
    from newsprism.model import Skipped

    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "no end\n', encoding="utf-8")
    (skip,) = [x for x in read_inputs([path]) if isinstance(x, Skipped)]
    assert "starting at column" in skip.reason and "at at" not in skip.reason
