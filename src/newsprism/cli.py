"""The ``newsprism`` command.

Library errors become short CLI messages here (tracebacks only with
``--debug``).  Exit codes: 0 success; 1 error (nothing analysed); 2 usage
error; 3 done, but some inputs were skipped.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from . import __version__
from .errors import NewsprismError

EXIT_SKIPPED = 3

app = typer.Typer(
    name="newsprism",
    help="See one news story through many outlets at once.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsprism {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """See one news story through many outlets at once."""
    _show_notes()


class _Notes(logging.Handler):
    """newsprism's warnings (a one-time store upgrade, a feed that went offline, an LLM
    summary replaced by the extractive one) as one "note:" line each on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        _say(err, ("note: ", "yellow"), record.getMessage())


def _say(console: Console, *parts: str | tuple[str, str]) -> None:
    """One line of our words (``(text, style)``) and third-party ones (plain strings: file
    names, titles, reasons that quote an input), the latter through ``report.terminal.plain``:
    never read as markup, control characters and escape sequences taken out."""
    from rich.text import Text

    from .report.terminal import plain

    line = Text()
    for part in parts:
        line.append(Text(part[0], style=part[1]) if isinstance(part, tuple) else plain(part))
    console.print(line)


def _show_notes() -> None:
    logger = logging.getLogger("newsprism")
    if not any(isinstance(h, _Notes) for h in logger.handlers):
        notes = _Notes(logging.WARNING)
        logger.addHandler(notes)


@app.command(epilog="Example: newsprism analyze ../shared/seeds/ --json out.json")
def analyze(
    inputs: Annotated[list[str], typer.Argument(
        help="Files or directories (read recursively) of articles: plain text, HTML or JSONL "
             "(one article per line). Use - for standard input.", show_default=False)],
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the full analysis as JSON to FILE "
                                                  "(- for standard output).", metavar="FILE")] = None,
    html_out: Annotated[Path | None, typer.Option("--html", help="Write a self-contained HTML report to FILE "
                                                  "(- for standard output): cited summary, facts by outlet, "
                                                  "quote variants, framing, timeline, annotated texts.",
                                                  metavar="FILE")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes for annotation (default: one per CPU core).",
                                                min=1)] = None,
    aliases: Annotated[Path | None, typer.Option(help="Extra alias table (TSV: name, type, aliases, demonyms) "
                                                 "whose rows override the shipped ones.", exists=True,
                                                 dir_okay=False)] = None,
    compare: Annotated[bool, typer.Option(help="Compare the outlets: facts, omissions, conflicts, quote "
                                                "variants, framing, timeline, cited summary.")] = True,
    llm_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint (e.g. http://localhost:8000/v1) "
                                                "that rewrites the summary fluently, keeping its citations; "
                                                "env NEWSPRISM_LLM_URL. Off by default: no network needed.",
                                                metavar="URL")] = None,
    llm_model: Annotated[str | None, typer.Option(help="Model name for --llm-url (env NEWSPRISM_LLM_MODEL; "
                                                  "key in NEWSPRISM_LLM_API_KEY).", metavar="NAME")] = None,
    max_chars: Annotated[int | None, typer.Option(help=MAX_CHARS_HELP, min=1, metavar="N",
                                                  show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks and debug logging.")] = False,
) -> None:
    """Analyze reports of one story: clean, date and annotate them (entities, quotes, dates, numbers, sources) and compare the outlets (facts each carries or omits, conflicts, quote variants, framing, timeline, a summary citing its sources).

    Exit status: 0 ok, 1 error, 2 usage error, 3 some inputs were skipped (each is reported with the reason).
    """
    _check_outputs(json_out, html_out)
    if debug:
        logging.basicConfig(level=logging.DEBUG)
    from .config import load_settings
    from .pipeline import analyze as run

    try:
        settings = load_settings(workers=workers, max_chars=max_chars)
    except NewsprismError as exc:
        _fail(exc, debug)
    summarizer = None
    if llm_url or llm_model:
        from .tell.llm import LLMConfig, llm_summarizer

        config = LLMConfig.from_env(llm_url, llm_model)
        if config is None:
            raise typer.BadParameter("--llm-url and --llm-model go together", param_hint="--llm-model")
        summarizer = llm_summarizer(config)
    started = time.perf_counter()
    try:
        result = _with_progress(run, inputs, settings, str(aliases) if aliases else None, quiet,
                                compare=compare, summarizer=summarizer)
    except NewsprismError as exc:
        if debug:
            raise
        _say(err, ("error: ", "bold red"), str(exc))
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("[red]interrupted[/]")
        raise typer.Exit(130) from None
    _emit(result, json_out, html_out, quiet, started)


def _check_outputs(json_out: Path | None, html_out: Path | None) -> None:
    """--json and --html FILEs, checked before any work (a usage error, exit 2, naming the
    path), so that a typo does not cost the whole analysis: a folder where a file is wanted, a
    folder that does not exist or cannot be written to, both options on one file."""
    import os

    if json_out is not None and html_out is not None and str(json_out) == str(html_out):
        where = "standard output" if str(json_out) == "-" else str(json_out)
        raise typer.BadParameter(f"--json and --html both write to {where}; give them different files",
                                 param_hint="--html")
    for path, option in ((json_out, "--json"), (html_out, "--html")):
        if path is None or str(path) == "-":
            continue
        parent = path.parent
        if path.is_dir():
            why = "is a folder; give a file name in it"
        elif not parent.exists():
            why = f"cannot be written: folder {parent} does not exist"
        elif not parent.is_dir():
            why = f"cannot be written: {parent} is not a folder"
        elif not os.access(path if path.exists() else parent, os.W_OK):
            why = f"cannot be written: permission denied on {path if path.exists() else parent}"
        else:
            continue
        raise typer.BadParameter(f"{path} {why}", param_hint=option)


def _emit(result, json_out: Path | None, html_out: Path | None, quiet: bool,  # type: ignore[no-untyped-def]
          started: float) -> None:
    """Write --json/--html, print the terminal view, exit 3 when inputs were skipped."""
    try:
        if json_out is not None:
            text = result.to_json()
            if str(json_out) == "-":
                sys.stdout.write(text)
            else:
                json_out.write_text(text, encoding="utf-8")
        if html_out is not None:
            from .report.html import render_html, write_html

            if str(html_out) == "-":
                sys.stdout.write(render_html(result))
            else:
                write_html(result, html_out)
    except OSError as exc:  # checked up front; the disk may still fill or the folder go
        _say(err, ("error: ", "bold red"), f"{exc.filename or 'output'}: cannot be written: {exc.strerror or exc}")
        raise typer.Exit(1) from None
    to_stdout = "-" in (str(json_out), str(html_out))
    if not quiet and not to_stdout:
        from .report.terminal import print_analysis

        print_analysis(result, Console())
        elapsed = time.perf_counter() - started
        _say(Console(), (f"{len(result.articles)} articles in {elapsed:.1f} s", "dim"),
             *((("; JSON written to ", "dim"), str(json_out)) if json_out else ()),
             *((("; HTML written to ", "dim"), str(html_out)) if html_out else ()))
    elif result.skipped:
        for s in result.skipped:
            _say(err, ("skipped ", "red"), f"{s.source}: {s.reason}")
    if result.skipped:
        raise typer.Exit(EXIT_SKIPPED)


MAX_CHARS_HELP = ("Inputs whose text is longer than N characters are skipped with a reason; the rest go on "
                  "(env NEWSPRISM_MAX_CHARS; default 2,000,000).")
DB_HELP = ("The store: a SQLite file (created if missing) or postgresql://user:pass@host/db "
           "(env NEWSPRISM_DB; default news.db).")
READ_DB_HELP = ("The store written by `newsprism ingest`: a SQLite file or postgresql://user:pass@host/db "
                "(env NEWSPRISM_DB; default news.db).")


def _db(db: str | None) -> str:
    import os

    return db or os.environ.get("NEWSPRISM_DB") or "news.db"


def _fail(exc: Exception, debug: bool) -> None:
    if debug:
        raise exc
    _say(err, ("error: ", "bold red"), str(exc))
    raise typer.Exit(1) from None


@app.command(epilog="Example: newsprism ingest feeds/ archive.warc.gz --db news.db")
def ingest(
    inputs: Annotated[list[str], typer.Argument(
        help="Files, directories, JSONL, RSS/Atom feeds, WARC or WARC.gz archives; URLs with --fetch.",
        show_default=False)],
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    fetch: Annotated[bool, typer.Option(help="Download URL inputs and feed entries' full articles "
                                             "(off: offline, feeds give their own content).")] = False,
    batch: Annotated[int, typer.Option(help="Articles per transaction.", min=1)] = 500,
    workers: Annotated[int, typer.Option(help="Processes that clean the next batch while this one is stored.",
                                         min=1)] = 2,
    max_chars: Annotated[int | None, typer.Option(help=MAX_CHARS_HELP, min=1, metavar="N",
                                                  show_default=False)] = None,
    from_batch: Annotated[bool, typer.Option(
        "--from-batch", help="The inputs are output folders of `newsprism batch` (its --out): load their "
                             "articles, copies and stories as they are, without cleaning or clustering "
                             "them again.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Add articles to the store: identical content is stored once, a changed version as a revision of the old, copies (wire reprints) are linked, and every article joins a story.

    Each batch is one transaction: an interrupted run leaves the store consistent, and running it again completes it. Exit status 3 when some inputs were skipped.
    """
    from .config import load_settings
    from .corpus import ingest as run
    from .errors import NewsprismError as Err

    if from_batch:
        _load_batches(inputs, _db(db), quiet, debug)
        return
    started = time.perf_counter()
    try:
        settings = load_settings(max_chars=max_chars)
        report = _ingest_with_progress(run, inputs, _db(db), batch, fetch, quiet, workers, settings)
    except Err as exc:
        _fail(exc, debug)
        return
    for s in report.skipped:
        _say(err, ("skipped ", "red"), f"{s.source}: {s.reason}")
    if not quiet:
        r = report
        _say(Console(), (f"{r.read} read: ", ""), (f"{r.added} added", "bold"),
             (f", {_n(r.revisions, 'revision')}, {r.exists} already stored, "
              f"{_n(r.duplicates, 'copy', 'copies')} linked; {_n(r.new_stories, 'new story', 'new stories')}, "
              f"{r.merged_stories} merged, {_n(r.moved, 'article')} moved; {len(r.skipped)} skipped ", ""),
             (f"({time.perf_counter() - started:.1f} s, ", "dim"), _db(db), (")", "dim"))
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


def _load_batches(folders: list[str], db: str, quiet: bool, debug: bool) -> None:
    """``ingest --from-batch``: each folder of batch output loaded into the store."""
    from .errors import NewsprismError as Err

    for folder in folders:
        try:
            r = _load_batch(folder, db, quiet)
        except Err as exc:
            _fail(exc, debug)
            return
        if not quiet:
            _say(Console(), folder, (f": {r.read} read: ", ""), (f"{r.added} added", "bold"),
                 (f", {_n(r.revisions, 'revision')}, {r.exists} already stored, "
                  f"{_n(r.copies, 'copy', 'copies')} linked, {_n(r.new_stories, 'new story', 'new stories')} ", ""),
                 (f"({r.seconds:.1f} s, ", "dim"), db, (")", "dim"))


def _load_batch(folder: str, db: str, quiet: bool):  # type: ignore[no-untyped-def]
    from .batch.load import load_batch

    if quiet or not err.is_terminal:
        return load_batch(Path(folder), db)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("loading"), BarColumn(), MofNCompleteColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task("load", total=None)

        def tick(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total or None)

        return load_batch(Path(folder), db, progress=tick)


def _n(count: int, one: str, many: str | None = None) -> str:
    """``1 revision``, ``2 revisions``."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _ingest_with_progress(run, inputs, db, batch, fetch, quiet, workers, settings):  # type: ignore[no-untyped-def]
    if quiet or not err.is_terminal:
        return run(inputs, db, batch_size=batch, fetch=fetch, workers=workers, settings=settings)
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("ingesting: {task.completed} articles"), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("ingest", total=None)
        return run(inputs, db, batch_size=batch, fetch=fetch, workers=workers, settings=settings,
                   progress=lambda done, _total: bar.update(task, completed=done))


@app.command(epilog="Example: newsprism stories --since 2025-05-01 --query Istanbul")
def stories(
    db: Annotated[str | None, typer.Option(help=READ_DB_HELP)] = None,
    since: Annotated[str | None, typer.Option(help="Only stories active on or after this date (YYYY-MM-DD, YYYY-MM or"
                                                   " YYYY).")] = None,
    query: Annotated[str | None, typer.Option(help="Only stories with an article matching this full-text query.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many stories.", min=1)] = 50,
    min_articles: Annotated[int, typer.Option(help="Only stories of at least this many articles (2: leave out"
                                                   " single articles).", min=1)] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: [{id, title, first, last, outlets, articles,"
                                                          " doc_ids, unattributed, undated}] (doc_ids: the id"
                                                          " each article was given, in the order of articles)."
                                                          )] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """List the stories in the store, most recent first: title, date span, outlets, article count."""
    import json

    from .errors import NewsprismError as Err
    from .store import Store

    try:
        with Store.open(_db(db), create=False) as store:
            rows = store.stories(since=since, query=query, limit=limit, min_articles=min_articles)
            # the ids the user gave the articles (JSONL id, file name), beside the store's
            doc_ids = store.doc_ids(i for r in rows for i in r.articles) if as_json else {}
    except Err as exc:
        _fail(exc, debug)
        return
    if as_json:
        sys.stdout.write(json.dumps([{"id": r.id, "title": r.title, "first": r.first, "last": r.last,
                                      "outlets": list(r.outlets), "articles": list(r.articles),
                                      "doc_ids": [doc_ids.get(i) for i in r.articles],
                                      "unattributed": r.unattributed, "undated": r.undated}
                                     for r in rows], ensure_ascii=False, indent=2) + "\n")
        return
    if not rows:  # a header over nothing reads as a broken table; say what was asked
        asked = "".join(f" {k} {v!r}" for k, v in (("--since", since), ("--query", query)) if v)
        asked += f" --min-articles {min_articles}" if min_articles > 1 else ""
        _say(Console(), f"no stories{' match' + asked if asked else ' in the store yet'}")
        return
    from rich.table import Table

    table = Table(title=_n(len(rows), "story", "stories"), title_justify="left", expand=True)
    table.add_column("id", justify="right", no_wrap=True)
    # one line per story: title and outlets share the width the other columns leave (3:2),
    # so that neither squeezes the other out in a narrow terminal; --json has them whole
    table.add_column("title", ratio=3, no_wrap=True, overflow="ellipsis")
    table.add_column("dates", no_wrap=True)
    table.add_column("outlets", ratio=2, no_wrap=True, overflow="ellipsis")
    table.add_column("articles", justify="right")
    from .report.terminal import date_span, plain

    for r in rows:
        # a span over the dated articles only is marked, so that it does not read as the whole
        span = date_span(r.first, r.last) + (" *" if r.undated and (r.first or r.last) else "")
        # articles with no known outlet are counted, so that one named outlet among five
        # articles does not read as a single-outlet story
        outlets = ", ".join(r.outlets) + (f"{' + ' if r.outlets else ''}{r.unattributed} unknown"
                                          if r.unattributed else "")
        table.add_row(str(r.id), plain(r.title or "(untitled)"), plain(span), plain(outlets), str(r.n_articles))
    console = Console()
    console.print(table)
    if any(r.undated and (r.first or r.last) for r in rows):
        console.print("* span of the dated articles; `newsprism story ID` dates the others where it can",
                      markup=False)


@app.command(epilog="Example: newsprism story 12 --html story.html")
def story(
    story_id: Annotated[int, typer.Argument(help="A story id from `newsprism stories`.", show_default=False)],
    db: Annotated[str | None, typer.Option(help=READ_DB_HELP)] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the full analysis as JSON to FILE; its"
                                                  " 'stored' key gives each article's store id and doc_id.",
                                                  metavar="FILE")] = None,
    html_out: Annotated[Path | None, typer.Option("--html", help="Write the HTML report to FILE.", metavar="FILE")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Run the full comparison on a stored story: facts, omissions, conflicts, quote variants, framing, timeline, cited summary. Copies of one article count once and are listed as "also published by"."""
    _check_outputs(json_out, html_out)
    from .corpus import story_documents, story_index
    from .errors import NewsprismError as Err
    from .pipeline import analyze as run

    started = time.perf_counter()
    try:
        result: Any = run(story_documents(_db(db), story_id))
        if json_out is not None:  # how the analysis joins back to the store and the user's ids
            result = _StoredStory(result, {"story_id": story_id, "articles": story_index(_db(db), story_id)})
    except Err as exc:
        _fail(exc, debug)
        return
    _emit(result, json_out, html_out, quiet, started)


class _StoredStory:
    """A stored story's analysis, whose JSON also carries ``stored``: the story id and, for each
    article, its id in the analysis, its store id and the id the user gave it (``doc_id``)."""

    def __init__(self, analysis: Any, stored: dict[str, Any]) -> None:
        self._analysis = analysis
        self._stored = stored

    def __getattr__(self, name: str) -> Any:
        return getattr(self._analysis, name)

    def to_json(self) -> str:
        import json

        doc = {**self._analysis.to_dict(), "stored": self._stored}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


@app.command(epilog='Example: newsprism search "prisoner exchange"')
def search(
    text: Annotated[str, typer.Argument(help="Words to look for (full-text search).", show_default=False)],
    db: Annotated[str | None, typer.Option(help=READ_DB_HELP)] = None,
    limit: Annotated[int, typer.Option(help="At most this many hits.", min=1)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the hits as JSON.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Full-text search over the stored articles (SQLite FTS5 or PostgreSQL text search)."""
    import json

    from .errors import ConfigError
    from .errors import NewsprismError as Err
    from .store import Store

    try:
        if not any(ch.isalnum() for ch in text):
            raise ConfigError(f"search {text!r}: no words to look for")
        with Store.open(_db(db), create=False) as store:
            hits = store.search(text, limit=limit)
    except Err as exc:
        _fail(exc, debug)
        return
    if as_json:
        sys.stdout.write(json.dumps([h.__dict__ for h in hits], ensure_ascii=False, indent=2) + "\n")
        return
    if not hits:
        _say(Console(), f"no articles match {text!r}")
        return
    from rich.table import Table

    table = Table(title=_n(len(hits), "article"), title_justify="left", expand=True)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("outlet", no_wrap=True, max_width=18, overflow="ellipsis")
    table.add_column("title / snippet", ratio=1, overflow="fold")
    from .report.terminal import plain

    for h in hits:
        table.add_row(str(h.article_id), plain(h.published or ""), plain(h.outlet or ""),
                      plain(f"{h.title or ''}\n").append(plain(h.snippet, "dim")))
    Console().print(table)


def _with_progress(run, inputs, settings, aliases, quiet, **options):  # type: ignore[no-untyped-def]
    """Run the analysis with a progress bar on stderr when there are more than a few articles."""
    if quiet or not err.is_terminal:
        return run(inputs, settings, aliases=aliases, **options)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("annotating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True) as bar:
        task = None

        def tick(done: int, total: int) -> None:
            nonlocal task
            if total <= 3:
                return
            if task is None:
                task = bar.add_task("annotate", total=total)
            bar.update(task, completed=done)

        return run(inputs, settings, aliases=aliases, progress=tick, **options)


# commands that live with their own package: the web app and batch runs
def _register_packaged_commands() -> None:
    from .batch.command import batch as batch_command
    from .web.command import serve as serve_command

    app.command(name="serve", epilog="Example: newsprism serve --db news.db")(serve_command)
    app.command(name="batch", epilog="Example: newsprism batch crawl/ --out run/")(batch_command)


_register_packaged_commands()


def main() -> None:
    """Console entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
