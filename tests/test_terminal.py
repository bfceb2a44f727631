"""Third-party text cannot take over the terminal (issue 21, item 5): titles, outlets, names,
snippets, file names and the reasons quoting them are printed as written, never read as Rich
markup (``[link=...]`` stays text, no hyperlink is made), and stripped of control characters
and escape sequences (``ESC[2J`` clears no screen, ``ESC]0;`` sets no window title)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.report.terminal import plain, strip_controls
from newsprism.store import Store

from .test_store import art

runner = CliRunner()
# colours on, as in a terminal: Rich would then write a hyperlink (OSC 8) for [link=...] markup
TERMINAL = {"FORCE_COLOR": "1", "COLUMNS": "250", "NO_COLOR": ""}
LINK = "[link=https://evil.example/]click me[/link]"
HOSTILE_TITLE = f"Harbour {LINK} reopens\x1b[2J\x1b]0;pwned-title\x07 today"
HOSTILE_OUTLET = "[bold red]Evil Daily\x1b]0;pwned-outlet\x1b\\\x9b31m"


def _assert_harmless(out: str) -> None:
    """No screen clearing, no window title, no hyperlink, no bell; the markup shown as text."""
    for seq in ("\x1b[2J", "\x1b]0;", "\x1b]8;", "\x07", "\x9b", "pwned"):
        assert seq not in out, (seq, out)


def test_plain_strips_controls_and_is_never_markup() -> None:
    assert strip_controls("a\x1b[2Jb\x1b]0;title\x07c\x1b]8;;https://x\x1b\\d\x9b31me\x00f\r") == "abcd31mef"
    assert strip_controls("line\n\tindented") == "line\n\tindented"  # newline and tab kept
    console = Console(record=True, force_terminal=True, width=200)
    console.print(plain(HOSTILE_TITLE))
    shown = console.export_text(styles=False)
    assert LINK in shown and "pwned" not in shown and "\x1b" not in shown


@pytest.fixture
def hostile_store(tmp_path: Path) -> str:
    db = str(tmp_path / "news.db")
    with Store.open(db) as s, s.atomic() as conn:
        ids = [r.id or 0 for r in s.add_articles(conn, [
            art(1, "The harbour of Odesa reopened \x1b[2J after the storm.", title=HOSTILE_TITLE,
                outlet=HOSTILE_OUTLET),
            art(2, "Grain ships left the harbour at dawn.", title="Ships leave", outlet="Other")])]
        sid = s.new_story(conn, title=HOSTILE_TITLE, first="2025-05-16", last="2025-05-16", state=None)
        s.set_story(conn, ids, sid)
    return db


def test_stories_and_search_print_hostile_titles_and_outlets_as_text(hostile_store: str) -> None:
    for command in (["stories"], ["search", "harbour"]):
        res = runner.invoke(app, [*command, "--db", hostile_store], env=TERMINAL)
        assert res.exit_code == 0, res.output
        assert "\x1b[" in res.output  # (the colours are on)
        _assert_harmless(res.output)
        assert "[link=https://evil.example/]click" in res.output and "[bold red]Evil" in res.output


def test_errors_and_skipped_inputs_name_hostile_file_names_as_text(tmp_path: Path) -> None:
    bad = tmp_path / "[link=https:evil.example]x\x1b]0;pwned\x07.txt"  # (no slash in a name)
    bad.write_bytes(b"\x00\x01binary")
    res = runner.invoke(app, ["analyze", str(bad)], env=TERMINAL)
    assert res.exit_code == 1 and "nothing to analyze" in res.output
    _assert_harmless(res.output)
    assert "[link=https:evil.example]x" in res.output


def test_analyze_prints_hostile_metadata_and_text_as_text(tmp_path: Path) -> None:
    text = ("Officials said on Monday that the harbour of Odesa reopened after the storm, and "
            "grain ships left at dawn. \"We are open again,\" the harbour master said. ")
    rows = [{"id": "a", "title": HOSTILE_TITLE, "outlet": HOSTILE_OUTLET, "published": "2025-05-16",
             "author": "[link=https://evil.example/]Author\x1b[2J", "text": text * 3},
            {"id": "b", "title": "Ships leave Odesa", "outlet": "Other Daily", "published": "2025-05-16",
             "text": text.replace("Monday", "Tuesday") * 3}]
    feed = tmp_path / "in.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(feed)], env=TERMINAL)
    assert res.exit_code == 0, res.output
    assert "\x1b[" in res.output
    _assert_harmless(res.output)
    assert "[link=https://evil.example/]click" in res.output


def _matrix_text(n_articles: int) -> str:
    from types import SimpleNamespace

    from newsprism.model import Conflict, Fact, Omission, Possible, Support, Variant
    from newsprism.report.terminal import fact_matrix

    ids = [f"a{k}" for k in range(n_articles)]

    def fact(fid: str, text: str, arts: list[str], status: str = "corroborated",
             support: tuple[Support, ...] = ()) -> Fact:
        return Fact(fid, text, status, tuple(arts), tuple(Variant(a, f"{a}:s1", text, 0, 9) for a in arts), len(arts),
                    support=support)

    facts = [fact("f1", f"The harbour reopened {LINK} on Friday.", ids[:2]),
             fact("f4", "The ferry service resumed.", ids[:2],
                  support=(Support(ids[0], 0.5, "likely"), Support(ids[1], 0.5, "likely"))),
             fact("f2", "Officials said 1,000 prisoners were exchanged.", ids[1:3], "conflicting"),
             fact("f3", "The port's director resigned.", ids[:1])]
    comparison = SimpleNamespace(
        facts=facts, conflicts=[Conflict("f2", "number", {ids[1]: ("1,000",), ids[2]: ("2,000",)}, "")],
        omissions=[Omission(ids[2], ("f1",)),
                   Omission(ids[0], (), (Possible("f2", "a0:s2", "Some were freed.", 0, 9, 0.3),))])
    analysis = SimpleNamespace(comparison=comparison, articles=[SimpleNamespace(id=i) for i in ids])
    table = fact_matrix(analysis)  # type: ignore[arg-type]
    assert table is not None
    console = Console(record=True, width=100)
    console.print(table)
    return console.export_text(styles=False)


def test_analyze_prints_who_reports_what() -> None:
    # up to MATRIX_COLUMNS articles: a column each; a one-article fact is not a row
    out = _matrix_text(3)
    rows = [line for line in out.splitlines() if line.startswith("│ ") and ("harbour" in line or "prisoners" in line)]
    harbour, prisoners = rows
    assert harbour.split("│")[2:5] == ["  ✔  ", "  ✔  ", "  —  "]  # a2 said to omit it
    # a corroboration the judge is less sure of: "(✔)", and the caption says what it means
    ferry = next(line for line in out.splitlines() if "ferry" in line)
    assert ferry.split("│")[2:5] == [" (✔) ", " (✔) ", "  ·  "]
    assert "(✔) likely" in " ".join(out.split())
    assert prisoners.split("│")[2:5] == ["  ?  ", "  ✖  ", "  ✖  "]  # a0 possibly; a1, a2 disagree
    assert "[conflicting]" in out and "resigned" not in out
    assert LINK in out  # the fact's text is shown as written, never read as markup
    # more articles: the articles that carry each fact and those said to omit it, by number
    out = _matrix_text(12)
    harbour = next(line for line in out.splitlines() if "harbour" in line)
    assert "[1][2]" in harbour and "[3]" in harbour


def test_analyze_seeds_terminal_shows_the_matrix(seeds_dir: Path) -> None:
    res = runner.invoke(app, ["analyze", str(seeds_dir)], env={"COLUMNS": "100"})
    assert res.exit_code == 0, res.output
    assert "Who reports what" in res.output and "✔" in res.output
