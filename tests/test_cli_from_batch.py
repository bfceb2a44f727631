"""`newsprism ingest --from-batch DIR`: a batch run's output loaded into a store from the command
line, so `stories`, `story` and `search` work on it (issue 24)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from newsprism.cli import app

from .test_batch import make_corpus

runner = CliRunner()


def test_ingest_from_batch_loads_the_stories_and_is_idempotent(tmp_path: Path) -> None:
    make_corpus(tmp_path / "corpus", events=6, per=3)
    out = tmp_path / "run"
    done = runner.invoke(app, ["batch", str(tmp_path / "corpus"), "--out", str(out), "--engine", "local",
                               "--workers", "1"])
    assert done.exit_code in (0, 3), done.output  # 3: the corpus holds records that cannot be read
    db = str(tmp_path / "news.db")
    loaded = runner.invoke(app, ["ingest", "--from-batch", str(out), "--db", db])
    assert loaded.exit_code == 0, loaded.output
    articles = pq.read_metadata(out / "article_stories.parquet").num_rows
    said = " ".join(loaded.output.split())  # the line wraps at the terminal's width
    assert f"{articles} added" in said
    listed = json.loads(runner.invoke(app, ["stories", "--db", db, "--json", "--limit", "500"]).output)
    assert len(listed) == pq.read_metadata(out / "stories.parquet").num_rows
    assert sum(len(s["articles"]) for s in listed) == articles
    # the user's ids come through
    assert all(d for s in listed for d in s["doc_ids"])
    again = runner.invoke(app, ["ingest", "--from-batch", str(out), "--db", db])
    assert again.exit_code == 0 and "0 added" in " ".join(again.output.split())


def test_ingest_from_batch_names_a_folder_that_is_not_batch_output(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", "--from-batch", str(tmp_path), "--db", str(tmp_path / "news.db")])
    assert result.exit_code != 0
    assert "not a finished batch output" in result.output
    assert not (tmp_path / "news.db").exists()
