"""`newsprism batch`: the command line of batch runs (registered by newsprism.cli).

Imports of the engine and of pyarrow stay inside the function, so `newsprism --help` stays fast."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

EXIT_SKIPPED = 3

_STAGES = {"index": "indexing large files", "partitions": "reading and featurising",
           "windows": "clustering windows", "join": "joining stories"}


def batch(
    inputs: Annotated[list[str], typer.Argument(
        help="Files, directories and glob patterns ('crawl/*.warc.gz'): WARC(.gz), JSONL(.gz), HTML, text, "
             "RSS/Atom feeds.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="Output folder (Parquet: articles/, errors/, copies, "
                                                    "stories); a rerun into it goes on where it stopped.",
                                      show_default=False)],
    engine: Annotated[str, typer.Option(help="local: a process pool on this machine; dask: a Dask cluster "
                                             "(--address, or a local one).")] = "local",
    address: Annotated[str | None, typer.Option(help="Address of a running Dask scheduler "
                                                     "(tcp://host:8786).", show_default=False)] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (local: default all cores; dask with "
                                                     "--address: wait for this many).", min=1,
                                                show_default=False)] = None,
    window: Annotated[str, typer.Option(help="Days per clustering window (3d, 1w): stories are clustered "
                                             "within windows in parallel, then joined across them.")] = "3d",
    partition_mb: Annotated[float, typer.Option(help="Input megabytes per partition (one task).",
                                                min=0.001)] = 16.0,
    max_chars: Annotated[int | None, typer.Option(help="Records whose text is longer than N characters go to "
                                                       "errors (env NEWSPRISM_MAX_CHARS; default 2,000,000).",
                                                  min=1, metavar="N", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Read, clean, featurise, find copies and cluster stories over a large corpus in parallel, into Parquet that DuckDB, pandas and Spark read (articles/, copies.parquet, stories.parquet).

    `newsprism ingest --from-batch OUT --db news.db` loads the result into a store. Exit status 3 when some records could not be read (listed in OUT/errors/).
    """
    from ..config import load_settings
    from ..errors import NewsprismError
    from .plan import Options, window_days
    from .run import run_batch

    err = Console(stderr=True)
    started = time.perf_counter()
    try:
        settings = load_settings(max_chars=max_chars)
        options = Options(window=window_days(window), partition_bytes=max(1, int(partition_mb * 1024 * 1024)),
                          max_chars=settings.max_chars)
        report = _run_with_progress(run_batch, inputs, out, engine, address, workers, options, quiet, err)
    except NewsprismError as exc:
        if debug:
            raise
        _say(err, ("error: ", "bold red"), str(exc))
        raise typer.Exit(1) from None
    if not quiet:
        r = report
        again = f" ({r.partitions_done_before} done before)" if r.partitions_done_before else ""
        _say(Console(), (f"{r.articles} articles", "bold"),
             (f" from {r.partitions} partitions{again}; {r.copies} copies, {r.identical} repeated texts; ", ""),
             (f"{r.stories} stories", "bold"),
             (f" ({r.windows} windows, {r.joined} joins across them); {r.errors} records in errors/ ", ""),
             (f"({time.perf_counter() - started:.1f} s, {r.engine}"
              f"{f', {r.workers} workers' if r.workers else ', nothing left to run'}) ", "dim"), str(out))
    if report.errors:
        raise typer.Exit(EXIT_SKIPPED)


def _run_with_progress(run: Any, inputs: list[str], out: Path, engine: str, address: str | None,
                       workers: int | None, options: Any, quiet: bool, err: Console) -> Any:
    def announce(eng: Any) -> None:
        if eng.dashboard and not quiet:
            _say(err, ("Dask dashboard: ", "bold"), eng.dashboard, _dashboard_note())

    if quiet or not err.is_terminal:
        return run(inputs, out, engine=engine, address=address, workers=workers, options=options,
                   on_engine=announce)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # auto_refresh off: no refresh thread, so the local engine's workers fork from a process
    # without threads (workers.pool_context); the bar is redrawn on each finished task
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, auto_refresh=False) as bar:
        tasks: dict[str, Any] = {}

        def tick(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)
            bar.refresh()

        return run(inputs, out, engine=engine, address=address, workers=workers, options=options,
                   progress=tick, on_engine=announce)


def _dashboard_note() -> str:
    import importlib.util

    return "" if importlib.util.find_spec("bokeh") else " (its pages need bokeh: pip install bokeh)"


def _say(console: Console, *parts: str | tuple[str, str]) -> None:
    """One line: our words styled, third-party text (paths, reasons) as plain text."""
    from rich.text import Text

    from ..report.terminal import plain

    line = Text()
    for part in parts:
        line.append(Text(part[0], style=part[1]) if isinstance(part, tuple) else plain(part))
    console.print(line)
