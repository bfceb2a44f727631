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
from typing import Annotated

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
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks and debug logging.")] = False,
) -> None:
    """Analyze reports of one story: clean, date and annotate them (entities, quotes, dates, numbers, sources) and compare the outlets (facts each carries or omits, conflicts, quote variants, framing, timeline, a summary citing its sources).

    Exit status: 0 ok, 1 error, 2 usage error, 3 some inputs were skipped (each is reported with the reason).
    """
    if json_out is not None and html_out is not None and str(json_out) == str(html_out) == "-":
        raise typer.BadParameter("only one of --json and --html can write to standard output", param_hint="--html")
    if debug:
        logging.basicConfig(level=logging.DEBUG)
    from .config import load_settings
    from .pipeline import analyze as run

    settings = load_settings(workers=workers)
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
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("[red]interrupted[/]")
        raise typer.Exit(130) from None
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
    to_stdout = "-" in (str(json_out), str(html_out))
    if not quiet and not to_stdout:
        from .report.terminal import print_analysis

        print_analysis(result, Console())
        elapsed = time.perf_counter() - started
        Console().print(f"[dim]{len(result.articles)} articles in {elapsed:.1f} s"
                        + (f"; JSON written to {json_out}" if json_out else "")
                        + (f"; HTML written to {html_out}" if html_out else "") + "[/]")
    elif result.skipped:
        for s in result.skipped:
            err.print(f"[red]skipped[/] {s.source}: {s.reason}")
    if result.skipped:
        raise typer.Exit(EXIT_SKIPPED)


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


def main() -> None:
    """Console entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
