"""The per-user cache of what is slow to build from package data (newsprism.cache): built once,
then loaded; rebuilt when stale, damaged or turned off; never in the way when it cannot be
written; and what the encoder and language identifier get from it works as the original."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsprism import cache
from newsprism.cache import cached, file_key


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSPRISM_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting() -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"value": 42}

    return calls, build


def test_built_once_then_loaded(folder: Path) -> None:
    calls, build = counting()
    assert cached("thing", "k1", build) == {"value": 42}  # type: ignore[arg-type]
    assert cached("thing", "k1", build) == {"value": 42}  # type: ignore[arg-type]
    assert len(calls) == 1
    assert len(list(folder.glob("thing-*.pickle"))) == 1
    # another key (a new package version, a changed file) is built again
    cached("thing", "k2", build)  # type: ignore[arg-type]
    assert len(calls) == 2


def test_a_damaged_file_is_rebuilt(folder: Path) -> None:
    calls, build = counting()
    cached("thing", "k", build)  # type: ignore[arg-type]
    path = next(folder.glob("thing-*.pickle"))
    path.write_bytes(path.read_bytes()[:5])  # truncated, as by a crash mid-write elsewhere
    assert cached("thing", "k", build) == {"value": 42}  # type: ignore[arg-type]
    assert len(calls) == 2
    assert not list(folder.glob(".*.tmp"))


def test_a_file_others_may_write_is_not_loaded(folder: Path) -> None:
    calls, build = counting()
    cached("thing", "k", build)  # type: ignore[arg-type]
    path = next(folder.glob("thing-*.pickle"))
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o666)  # anyone could have put code in it
    assert cached("thing", "k", build) == {"value": 42}  # type: ignore[arg-type]
    assert len(calls) == 2  # built again, not loaded
    assert path.stat().st_mode & 0o777 == 0o600  # and replaced by the user's own


def test_turned_off_or_unwritable_it_only_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls, build = counting()
    monkeypatch.setenv("NEWSPRISM_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    cached("thing", "k", build)  # type: ignore[arg-type]
    cached("thing", "k", build)  # type: ignore[arg-type]
    assert len(calls) == 2
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NEWSPRISM_CACHE_DIR", str(blocker / "cache"))
    assert cached("thing", "k", build) == {"value": 42}  # type: ignore[arg-type]


def test_the_key_follows_the_file(tmp_path: Path) -> None:
    f = tmp_path / "model.bin"
    f.write_bytes(b"one")
    before = file_key(f, "1.0")
    f.write_bytes(b"three")
    assert file_key(f, "1.0") != before
    assert file_key(f, "1.0") != file_key(f, "2.0")


def test_the_cached_tokenizer_and_identifier_work_as_built(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from py3langid import langid

    from newsprism.clean.metadata import detect_language
    from newsprism.embed import UseEncoder

    fast = UseEncoder(threads=1)  # sentencepiece's tokenizer: nothing cached
    assert not list(folder.glob("use-tokenizer-*.pickle"))
    monkeypatch.setitem(sys.modules, "sentencepiece", None)  # without it, the package's own port
    first = UseEncoder(threads=1)  # builds and stores the tokenizer
    assert list(folder.glob("use-tokenizer-*.pickle"))
    second = UseEncoder(threads=1)  # loads it
    texts = ["Talks between Kyiv and Moscow resumed in Istanbul.", "Переговоры возобновились."]
    assert (abs(first.encode(texts) - second.encode(texts)) < 1e-6).all()
    assert (abs(first.encode(texts) - fast.encode(texts)) < 1e-6).all()
    saved = langid.IDENTIFIER
    try:
        langid.IDENTIFIER = None
        assert detect_language("The talks between the two delegations resumed on Friday in Istanbul.") == "en"
        assert list(folder.glob("py3langid-*.pickle"))
        langid.IDENTIFIER = None
        assert detect_language("Die Gespräche zwischen den beiden Delegationen wurden am Freitag fortgesetzt.") == "de"
    finally:
        langid.IDENTIFIER = saved
    assert os.environ["NEWSPRISM_CACHE_DIR"] == str(folder)
