"""The command line: help, exit codes, JSON output, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from newsprism.cli import EXIT_SKIPPED, app

runner = CliRunner()


def test_cli_help_explains_with_example():
    result = runner.invoke(app, ["analyze", "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "Example: newsprism analyze" in result.output and "--json" in result.output


def test_cli_read_commands_do_not_promise_to_create_the_store():
    # they refuse a missing store ("no such store"); only ingest creates one
    for command, creates in (("ingest", True), ("stories", False), ("story", False), ("search", False)):
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        assert ("created if missing" in " ".join(result.output.split())) is creates, command


def test_cli_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("newsprism ")


def test_cli_analyze_writes_json_and_summary(seeds_dir, tmp_path):
    out = tmp_path / "a.json"
    result = runner.invoke(app, ["analyze", str(seeds_dir), "--json", str(out)], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert len(doc["articles"]) == 5
    assert "The Moscow Times" in result.output and "Dmitry Peskov" in result.output


def test_cli_skipped_inputs_exit_3_with_reasons(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The minister said on Monday that the talks would continue in Oslo next week.")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00binary")
    result = runner.invoke(app, ["analyze", str(good), str(bad), "-q"])
    assert result.exit_code == EXIT_SKIPPED
    assert "bad.txt" in result.output and "binary" in result.output


def test_cli_error_without_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "newsprism.cli", "analyze", str(tmp_path / "none.txt")],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "nothing to analyze" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_reads_stdin():
    proc = subprocess.run([sys.executable, "-m", "newsprism.cli", "analyze", "-", "--json", "-"],
                          input="The foreign minister said on Monday that the talks would continue in Oslo.",
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["articles"][0]["id"] == "stdin"


def test_cli_bad_output_paths_are_usage_errors_before_any_work(tmp_path, monkeypatch):
    """--json to a folder, --html into a folder that does not exist, both on one file: said at
    once (exit 2, naming the path), not after the whole analysis as a traceback (issue 21)."""
    import newsprism.corpus
    import newsprism.pipeline

    def no_work(*args, **kwargs):
        raise AssertionError("the analysis ran before the output paths were checked")

    monkeypatch.setattr(newsprism.pipeline, "analyze", no_work)
    monkeypatch.setattr(newsprism.corpus, "story_documents", no_work)
    good = tmp_path / "in.txt"
    good.write_text("The minister said on Monday that the talks would continue in Oslo next week.")
    missing = tmp_path / "missing" / "x.html"
    cases = [
        (["--html", str(missing)], f"{missing} cannot be written: folder {missing.parent} does not exist"),
        (["--json", str(tmp_path)], f"{tmp_path} is a folder"),
        (["--json", str(good / "x.json")], f"cannot be written: {good} is not a folder"),
        (["--json", str(tmp_path / "r"), "--html", str(tmp_path / "r")], "--json and --html both write to"),
    ]
    for command in (["analyze", str(good)], ["story", "1", "--db", str(tmp_path / "news.db")]):
        for options, said in cases:
            res = runner.invoke(app, [*command, *options], env={"COLUMNS": "300"})
            out = " ".join(res.output.replace("│", " ").split())
            assert res.exit_code == 2, (command, options, res.output)
            assert said in out and "Traceback" not in out, out
    assert not missing.parent.exists() and not (tmp_path / "r").exists()


def test_cli_ingest_with_nothing_readable_exits_1_like_analyze_and_creates_no_store(tmp_path):
    """Nothing usable: `ingest` says "nothing to ingest (reasons)" and exits 1, as `analyze`
    says "nothing to analyze" (it used to exit 3 after creating an empty store)."""
    bad = tmp_path / "inputs" / "bad.txt"
    bad.parent.mkdir()
    bad.write_bytes(b"\x00\x00binary")
    gone = tmp_path / "inputs" / "gone.txt"
    out = tmp_path / "out"
    out.mkdir()
    db = out / "news.db"
    for command, said in ((["ingest", "--db", str(db)], "nothing to ingest ("),
                          (["analyze"], "nothing to analyze (")):
        res = runner.invoke(app, [*command, str(bad), str(gone)], env={"COLUMNS": "300"})
        text = " ".join(res.output.split())
        assert res.exit_code == 1, res.output
        assert said in text and "bad.txt" in text and "gone.txt" in text and "Traceback" not in text
    assert list(out.iterdir()) == []  # no database, no lock file


def test_cli_max_chars_reaches_the_settings(tmp_path, monkeypatch):
    """`--max-chars N` (analyze and ingest; env NEWSPRISM_MAX_CHARS) is Settings.max_chars."""
    import newsprism.corpus
    import newsprism.pipeline
    from newsprism.config import Settings, load_settings
    from newsprism.errors import ConfigError

    seen: list[Settings] = []

    class Stop(Exception):
        pass

    def capture_analyze(inputs, settings, **kwargs):
        seen.append(settings)
        raise Stop

    def capture_ingest(inputs, db, **kwargs):
        seen.append(kwargs["settings"])
        raise Stop

    monkeypatch.setattr(newsprism.pipeline, "analyze", capture_analyze)
    monkeypatch.setattr(newsprism.corpus, "ingest", capture_ingest)
    for command in ("analyze", "ingest"):
        help_text = " ".join(runner.invoke(app, [command, "--help"], env={"COLUMNS": "300"}).output.split())
        assert "--max-chars N" in help_text
        assert ("Inputs whose text is longer than N characters are skipped with a reason; the rest go on "
                "(env NEWSPRISM_MAX_CHARS; default 2,000,000)") in help_text
        runner.invoke(app, [command, "x.txt", "--max-chars", "1234"])
        runner.invoke(app, [command, "x.txt"], env={"NEWSPRISM_MAX_CHARS": "99"})
        runner.invoke(app, [command, "x.txt"])
        assert runner.invoke(app, [command, "x.txt", "--max-chars", "0"]).exit_code == 2
    assert [s.max_chars for s in seen] == [1234, 99, 2_000_000] * 2
    assert Settings().max_chars == 2_000_000
    with pytest.raises(ConfigError, match="max_chars=0"):
        load_settings(max_chars=0)
