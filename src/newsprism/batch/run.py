"""A batch run, stage by stage (the driver's side; the work runs on the engine's workers).

1. plan: the inputs' files grouped and cut into partitions (:mod:`.plan`; large files are
   indexed by engine tasks); ``OUT/plan.json``.  A rerun reads the plan back and goes on.
2. map (engine): per partition, read, clean, featurise, write its articles, errors, shuffle
   files and term counts (:mod:`.prepare`); partitions already done are skipped.
3. reduce (driver): the corpus term frequencies and the repeated texts (:mod:`.reduce`).
4. windows (engine): copies and stories of each time window, in parallel (:mod:`.windows`).
5. join (driver): stories joined across window boundaries; ``stories.parquet``,
   ``copies.parquet``, ``article_stories.parquet`` (:mod:`.join`); then ``_SUCCESS``.

A failed task is retried by the engine; one that still fails stops the run before the next
stage with a :class:`BatchError` naming it, and a rerun takes up from there.  When a rerun
had to process a partition again, what the later stages wrote from the earlier partitions
is recomputed.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, NewsprismError
from .engine import Engine, Outcome
from .engines import open_engine
from .files import ARTICLES, CLUSTERS, SHUFFLE, SUCCESS, clean_temporary
from .plan import (
    UNDATED,
    Options,
    Partition,
    expand_inputs,
    halo_of,
    index_file,
    no_files,
    number,
    plan_document,
    plan_files,
    same_run,
)

if TYPE_CHECKING:
    from .prepare import PartitionDone
    from .windows import WindowDone

__all__ = ["run_batch", "BatchReport", "BatchError", "Progress"]

# progress(stage, done, total): stages "index", "partitions", "windows", "join"
Progress = Callable[[str, int, int], None]


class BatchError(NewsprismError):
    """A batch run could not finish: tasks failed after their retries, or the output folder
    belongs to another run; the message names them (a rerun takes up where it stopped)."""

    code = "E500"


@dataclass
class BatchReport:
    out: str
    engine: str
    workers: int
    dashboard: str | None = None
    partitions: int = 0
    partitions_done_before: int = 0
    articles: int = 0
    errors: int = 0
    windows: int = 0
    windows_done_before: int = 0
    stories: int = 0
    copies: int = 0
    identical: int = 0
    joined: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["seconds"] = round(self.seconds, 2)
        d["stages"] = {k: round(v, 2) for k, v in self.stages.items()}
        return d


def run_batch(inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], *,
              engine: str | Engine = "local", address: str | None = None, workers: int | None = None,
              options: Options | None = None, progress: Progress | None = None,
              on_engine: Callable[[Engine], None] | None = None) -> BatchReport:
    """Run a batch over ``inputs`` into the folder ``out`` (see the module docstring).

    ``engine``: ``local``, ``dask`` or an open :class:`~.engine.Engine` (left open);
    ``on_engine`` is called once the engine is up (the CLI prints the dashboard link)."""
    started = time.perf_counter()
    options = options or Options()
    out_dir = Path(os.path.abspath(out))  # the workers' own folder may be another
    found = expand_inputs(inputs)
    if not found.files:
        raise no_files(found.missing)
    files = list(found.files)
    old = _existing_plan(out_dir, files, options)
    report = BatchReport(out=str(out_dir), engine=engine if isinstance(engine, str) else engine.name,
                         workers=0)

    def opened(e: Engine) -> None:
        report.engine, report.workers, report.dashboard = e.name, e.workers, e.dashboard
        if on_engine is not None:
            on_engine(e)

    eng = _Lazy(engine, workers, address, options.embed, opened)
    if not (out_dir / SUCCESS).exists():
        # workers start (and load their models) while this process plans; a rerun of a
        # finished run starts none
        eng.start()
    try:
        tick = progress or (lambda stage, done, total: None)
        t = time.perf_counter()
        partitions = old if old is not None else _plan(eng, files, options, out_dir, tick)
        if found.missing:
            _write_plan_errors(out_dir, found.missing)
        report.partitions = len(partitions)
        t = _lap(report, "plan", t)
        clean_temporary(out_dir)
        fresh = _map(eng, out_dir, partitions, options, report, tick)
        t = _lap(report, "map", t)
        names = [p.name for p in partitions]
        if fresh:
            _forget_later_stages(out_dir)
        from .reduce import count_terms, find_identical

        count_terms(out_dir, names)
        find_identical(out_dir, names)
        t = _lap(report, "reduce", t)
        keys, halos = _windows(out_dir, options)
        _cluster(eng, out_dir, keys, halos, report, tick)
        t = _lap(report, "windows", t)
        from .join import join_windows

        tick("join", 0, 1)
        joined = join_windows(out_dir, keys, names)
        tick("join", 1, 1)
        report.stories, report.copies = joined.stories, joined.copies
        report.identical, report.joined = joined.identical, joined.joined
        _lap(report, "join", t)
        clean_temporary(out_dir)  # what a killed task left
    finally:
        eng.close()
    report.seconds = time.perf_counter() - started
    _write_success(out_dir, report)
    return report


class _Lazy:
    """The run's engine, opened when a stage first has tasks for it: a rerun that finds
    everything done starts no worker (and loads no model)."""

    def __init__(self, engine: str | Engine, workers: int | None, address: str | None, embed: bool,
                 opened: Callable[[Engine], None]) -> None:
        self._given = None if isinstance(engine, str) else engine
        self._name = engine if isinstance(engine, str) else engine.name
        self._args = (workers, address, embed)
        self._opened = opened
        self._engine: Engine | None = None

    def start(self) -> Engine:
        if self._engine is None:
            workers, address, embed = self._args
            self._engine = self._given or open_engine(self._name, workers=workers, address=address, embed=embed)
            self._opened(self._engine)
        return self._engine

    def run(self, fn: Callable[..., Any], tasks: list[tuple[Any, ...]]) -> Iterator[Outcome]:
        if not tasks:
            return iter(())
        return self.start().run(fn, tasks)

    def close(self) -> None:
        if self._engine is not None and self._given is None:
            self._engine.close()


def _lap(report: BatchReport, stage: str, since: float) -> float:
    now = time.perf_counter()
    report.stages[stage] = report.stages.get(stage, 0.0) + now - since
    return now


def _existing_plan(out: Path, files: list[str], options: Options) -> list[Partition] | None:
    """The partitions of an earlier run of the same inputs and options into ``out``; ``None``
    for a new or empty folder; a :class:`BatchError` for a folder that holds something else."""
    plan = out / "plan.json"
    if plan.exists():
        try:
            old = json.loads(plan.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise BatchError(f"{plan}: cannot read the plan of the earlier run ({exc}); give a new --out") from exc
        why = same_run(old, files, options)
        if why is not None:
            raise BatchError(f"{out} holds another batch run's output ({why}): give a new --out,"
                             " or delete the folder to start over")
        return [Partition.from_dict(p) for p in old["partitions"]]
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out}: a file is in the way (give a folder)")
    if out.is_dir() and any(out.iterdir()):
        raise BatchError(f"--out {out} is not empty and holds no batch run (no plan.json): give a new or"
                         " empty folder")
    return None


def _plan(eng: _Lazy, files: list[str], options: Options, out: Path, tick: Progress) -> list[Partition]:
    big, small = plan_files(files, options.partition_bytes)
    indexed: dict[int, list[Partition]] = {}
    tick("index", 0, len(big))
    for k, outcome in enumerate(eng.run(index_file, [(f, options.partition_bytes) for f, _ in big]), 1):
        path = outcome.args[0]
        slot = next(s for f, s in big if f == path)
        if outcome.error is not None:  # read whole: the worker reports what is wrong with it
            indexed[slot] = [Partition(index=0, kind="files", files=(path,))]
        else:
            indexed[slot] = outcome.result
        tick("index", k, len(big))
    partitions = number(small, indexed)
    out.mkdir(parents=True, exist_ok=True)
    _write_json(out / "plan.json", plan_document(files, options, partitions))
    return partitions


def _write_json(path: Path, doc: dict[str, Any]) -> None:
    from .files import tmp_name

    tmp = tmp_name(path)
    tmp.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", "utf-8")
    os.replace(tmp, path)


def _write_plan_errors(out: Path, missing: Any) -> None:
    import pyarrow as pa

    from .files import ERRORS, error_schema, write_table

    rows = [{"partition": -1, "source": s.source, "reason": s.reason} for s in missing]
    write_table(out / ERRORS / "inputs.parquet", pa.Table.from_pylist(rows, schema=error_schema()))


def _failed(kind: str, failures: list[str]) -> BatchError:
    more = f"; and {len(failures) - 5} more" if len(failures) > 5 else ""
    return BatchError(f"{len(failures)} {kind} failed after their retries ({'; '.join(failures[:5])}{more});"
                      " the rest is saved: run the same command again to go on")


def _map(eng: _Lazy, out: Path, partitions: list[Partition], options: Options, report: BatchReport,
         tick: Progress) -> int:
    """Run the partitions not done yet; returns how many were processed now."""
    from .tasks import run_partition

    todo = [p for p in partitions if not (out / ARTICLES / f"{p.name}.parquet").exists()]
    before = [p for p in partitions if p not in todo]
    report.partitions_done_before = len(before)
    if before:
        from .prepare import partition_counts

        for p in before:
            d = partition_counts(out, p)
            report.articles += d.articles
            report.errors += d.errors
    done = len(before)
    tick("partitions", done, len(partitions))
    failures: list[str] = []
    outcome: Outcome
    for outcome in eng.run(run_partition, [(str(out), p, options) for p in todo]):
        part: Partition = outcome.args[1]
        if outcome.error is not None:
            failures.append(f"partition {part.index} ({part.describe()}): {outcome.error}")
            continue
        r: PartitionDone = outcome.result
        report.articles += r.articles
        report.errors += r.errors
        done += 1
        tick("partitions", done, len(partitions))
    if failures:
        raise _failed("partitions", failures)
    return len(todo)


def _forget_later_stages(out: Path) -> None:
    """Partitions were (re)processed: what the windows and the join made before is stale."""
    import shutil

    shutil.rmtree(out / CLUSTERS, ignore_errors=True)
    for name in (SUCCESS, "stories.parquet", "copies.parquet", "article_stories.parquet"):
        (out / name).unlink(missing_ok=True)


def _windows(out: Path, options: Options) -> tuple[list[str], dict[str, tuple[list[str], str | None]]]:
    """The window keys in date order, each with its halo: the windows and first day to read."""
    from .join import ordered_keys

    folder = out / SHUFFLE
    keys = ordered_keys([p.name.split("=", 1)[1] for p in folder.glob("window=*")] if folder.is_dir() else [])
    return keys, {k: halo_of(k, options.window, options.halo, keys) for k in keys}


def _cluster(eng: _Lazy, out: Path, keys: list[str], halos: dict[str, tuple[list[str], str | None]],
             report: BatchReport, tick: Progress) -> None:
    from .files import cluster_path
    from .tasks import cluster_window

    report.windows = len(keys)
    # the largest windows first (their own and their halo's shuffle bytes): a small one last
    # leaves less of a worker idle at the stage's end than a large one would
    todo = sorted((k for k in keys if k != UNDATED and not cluster_path(out, k).exists()),
                  key=lambda k: -_window_bytes(out, [k, *halos[k][0]]))
    done = report.windows_done_before = len(keys) - len(todo) - (UNDATED in keys)
    tick("windows", done, len(keys))
    failures: list[str] = []

    def run(tasks: list[tuple[Any, ...]]) -> None:
        nonlocal done
        for outcome in eng.run(cluster_window, tasks):
            if outcome.error is not None:
                failures.append(f"window {outcome.args[1]}: {outcome.error}")
                continue
            w: WindowDone = outcome.result
            report.windows_done_before += w.done_before
            done += 1
            tick("windows", done, len(keys))

    run([(str(out), k, *halos[k]) for k in todo])
    if failures:
        raise _failed("windows", failures)
    if UNDATED in keys:  # last: its halo is the dated windows' stories (windows.py)
        run([(str(out), UNDATED, [k for k in keys if k != UNDATED], None)])
        if failures:
            raise _failed("windows", failures)


def _window_bytes(out: Path, keys: list[str]) -> int:
    return sum(f.stat().st_size for k in keys for f in (out / SHUFFLE / f"window={k}").glob("*.parquet"))


def _write_success(out: Path, report: BatchReport) -> None:
    _write_json(out / SUCCESS, report.as_dict())
