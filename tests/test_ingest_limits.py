"""--max-chars: a text over the limit is skipped with its length, the rest goes on; a file too
big to hold a text that short is refused by its size, unread (issue 21, item 1)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsprism.ingest import read_bytes, read_inputs
from newsprism.model import RawDocument, Skipped

SENTENCE = "The delegates met in Geneva on Monday and agreed to meet again next week. "


def text_of(n: int) -> str:
    return (SENTENCE * (n // len(SENTENCE) + 1))[:n]


def split(results: list[RawDocument | Skipped]) -> tuple[list[RawDocument], list[Skipped]]:
    return ([r for r in results if isinstance(r, RawDocument)],
            [r for r in results if isinstance(r, Skipped)])


def test_limits_text_over_the_limit_is_skipped_with_its_length(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text(text_of(3_500), "utf-8")
    (tmp_path / "short.txt").write_text(text_of(900), "utf-8")
    docs, skipped = split(list(read_inputs([tmp_path], max_chars=1_000)))
    assert [d.id for d in docs] == ["short"]
    assert skipped == [Skipped(str(tmp_path / "long.txt"),
                               "text is 3,500 characters, over the limit of 1,000 (--max-chars)")]
    # without a limit both are read, as before
    docs, skipped = split(list(read_inputs([tmp_path])))
    assert sorted(d.id for d in docs) == ["long", "short"] and not skipped


def test_limits_big_file_is_refused_by_its_size_unread(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_text(text_of(4_001), "utf-8")  # more than 4 bytes per allowed character
    read = Path.read_bytes

    def guarded(self: Path) -> bytes:
        assert self != big, "a file too big for the limit must not be read"
        return read(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    (result,) = read_inputs([big], max_chars=1_000)
    assert result == Skipped(str(big), "file is 4,001 bytes, so its text is over the limit "
                                       "of 1,000 characters (--max-chars)")


def test_limits_jsonl_records_are_checked_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [{"id": "a", "text": text_of(800)}, {"id": "b", "text": text_of(5_000)},
             {"id": "c", "text": text_of(50)}]
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n", "utf-8")
    docs, skipped = split(list(read_inputs([path], max_chars=1_000)))
    assert [d.id for d in docs] == ["a", "c"]
    assert skipped == [Skipped(f"{path}:2",
                               "text is 5,000 characters, over the limit of 1,000 (--max-chars)")]


def test_limits_html_counts_the_extracted_text() -> None:
    body = "".join(f'<div class="story-paragraph-wrapper"><p>{text_of(300)} {i}</p></div>'
                   for i in range(10))
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(40))
    page = (f"<html><head><title>T</title></head><body><nav><ul>{nav}</ul></nav>"
            f"<article>{body}</article></body></html>").encode()
    (whole,) = read_bytes(page, "page.html", "page.html")
    assert isinstance(whole, RawDocument)
    n = len(whole.text)
    assert len(page) > n + 1_000  # markup and navigation are not text
    (doc,) = read_bytes(page, "page.html", "page.html", max_chars=n)
    assert isinstance(doc, RawDocument) and doc.text == whole.text
    (doc,) = read_bytes(page, "page.html", "page.html", max_chars=n - 1)
    assert doc == Skipped("page.html", f"text is {n:,} characters, over the limit of {n - 1:,} "
                                       "(--max-chars)")


def test_limits_gzip_is_not_inflated_past_the_limit() -> None:
    data = gzip.compress(text_of(2_000_000).encode())  # 2 MB of text in a few kB
    (result,) = read_bytes(data, "bomb.txt.gz", "bomb.txt.gz", max_chars=1_000)
    assert result == Skipped("bomb.txt.gz", "gzip data decompresses to more than 10,000 bytes")
    (result,) = read_bytes(gzip.compress(text_of(900).encode()), "ok.txt.gz", "ok.txt.gz",
                           max_chars=1_000)
    assert isinstance(result, RawDocument) and len(result.text) == 900


def test_limits_in_memory_texts_records_and_stdin() -> None:
    import io

    results = list(read_inputs([text_of(2_000), {"text": text_of(2_000)}, "-", text_of(10)],
                               stdin=io.BytesIO(text_of(1_500).encode()), max_chars=1_000))
    reasons = [r.reason for r in results if isinstance(r, Skipped)]
    assert reasons == ["text is 2,000 characters, over the limit of 1,000 (--max-chars)",
                       "text is 2,000 characters, over the limit of 1,000 (--max-chars)",
                       "text is 1,500 characters, over the limit of 1,000 (--max-chars)"]
    assert [r.text for r in results if isinstance(r, RawDocument)] == [text_of(10)]
