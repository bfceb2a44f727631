"""The reading commands (`stories`, `story`, `search`) open the store read-only and change
nothing: a read-only file or folder can be read, the journal mode stays as it is, and a 0-byte
or missing file is an error, never turned into a database (issue 21, item 6).

The permission cases run the CLI as the unprivileged user ``nobody`` when the tests run as
root (root ignores file modes), so that the modes are really enforced.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.store import Store

from .test_store import art

runner = CliRunner()


def _state(folder: Path) -> dict[str, str]:
    """Every file of the folder and its content hash (what must not change)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _journal_mode(db: Path) -> str:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return str(con.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder the unprivileged user can reach (pytest's own tmp_path is root's alone)."""
    path = Path(tempfile.mkdtemp(prefix="newsprism-ro-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for p in [path, *path.rglob("*")]:
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(path, ignore_errors=True)


def _store(folder: Path, *, wal: bool) -> Path:
    """A store of two articles in one story, in ``folder``; ``wal=False``: switched back to
    the rollback journal (as a copy made with `sqlite3 .backup`, or by another tool, is)."""
    db = folder / "news.db"
    with Store.open(db) as s, s.atomic() as conn:
        ids = [r.id or 0 for r in s.add_articles(conn, [
            art(1, "The harbour of Odesa reopened after the storm."),
            art(2, "Grain ships left the harbour of Odesa at dawn.")])]
        sid = s.new_story(conn, title="Harbour", first=None, last=None, state=None)
        s.set_story(conn, ids, sid)
    if not wal:
        con = sqlite3.connect(db)
        con.execute("PRAGMA journal_mode=DELETE")
        con.close()
    return db


def _as_reader(args: list[str]) -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh process, as ``nobody`` when this runs as root."""
    cmd = [sys.executable, "-m", "newsprism.cli", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: file modes cannot be enforced")
        cmd = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "200"})


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_read_commands_read_a_read_only_store_and_change_nothing(shared_tmp: Path, wal: bool) -> None:
    folder = shared_tmp / "store"
    folder.mkdir()
    db = _store(folder, wal=wal)
    before = _state(folder)
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        stories = _as_reader(["stories", "--db", str(db)])
        assert stories.returncode == 0, stories.stderr
        assert "Harbour" in stories.stdout and "2 articles" not in stories.stderr
        search = _as_reader(["search", "harbour Odesa", "--db", str(db)])
        assert search.returncode == 0, search.stderr
        assert "2 articles" in search.stdout and "[harbour]" in search.stdout.lower()
    finally:
        folder.chmod(0o755)
    assert _state(folder) == before  # no -wal, no -shm, not a byte of the database
    assert _journal_mode(db) == ("wal" if wal else "delete")


def test_story_on_a_rollback_journal_store_changes_nothing(tmp_path: Path) -> None:
    db = _store(tmp_path, wal=False)
    before = _state(tmp_path)
    with Store.open(db, create=False) as s:
        [sid] = [r.id for r in s.stories()]
    res = runner.invoke(app, ["story", str(sid), "--db", str(db), "--json", str(tmp_path.parent / "s.json"), "-q"])
    assert res.exit_code == 0, res.output
    assert _state(tmp_path) == before and _journal_mode(db) == "delete"


@pytest.mark.parametrize("command", [["stories"], ["search", "harbour"], ["story", "1"]])
def test_read_commands_refuse_an_empty_or_missing_file_and_create_nothing(tmp_path: Path,
                                                                          command: list[str]) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    res = runner.invoke(app, [*command, "--db", str(empty)])
    said = " ".join(res.output.split())
    assert res.exit_code == 1 and "empty.db holds no newsprism store yet" in said, res.output
    assert empty.stat().st_size == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]
    missing = tmp_path / "missing.db"
    res = runner.invoke(app, [*command, "--db", str(missing)])
    said = " ".join(res.output.split())
    assert res.exit_code == 1 and "missing.db: no such store" in said and "Traceback" not in said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_read_commands_leave_an_older_schema_for_ingest_to_upgrade(tmp_path: Path) -> None:
    """A store written before the last migration is not migrated by a reading command (that
    would write): it is said, and the next ingest (a writer) upgrades it."""
    from newsprism.store import MIGRATIONS

    db = _store(tmp_path, wal=False)
    last = MIGRATIONS[-1][0]
    con = sqlite3.connect(db)
    con.execute("DELETE FROM migrations WHERE name = ?", (last,))
    con.execute("DROP TABLE term_df")
    con.commit()
    con.close()
    before = _state(tmp_path)
    res = runner.invoke(app, ["stories", "--db", str(db)])
    said = " ".join(res.output.split())
    assert res.exit_code == 1 and f"written by an earlier newsprism (its schema lacks {last})" in said, said
    assert _state(tmp_path) == before
    with Store.open(db) as s:
        assert [m for m, _ in s.migrations()][-1] == last
