"""The local engine: a pool of worker processes on this machine's cores, no cluster process.

Its workers load the models once (:func:`.models.init_local_worker`) and die with the run.  A
worker that dies (killed, out of memory) breaks the pool: a new pool is started and every
unfinished task is submitted again, counting as one of its retries.  A worker that cannot
start (its models fail to load) stops the run with that reason: it would fail the same way
on every retry.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..errors import ConfigError, NewsprismError
from ..workers import pool_context
from .engine import RETRIES, Outcome, failure
from .models import init_local_worker

__all__ = ["LocalEngine"]


def _ping() -> int:
    return 1


def _start_worker(report: str, init: Callable[..., None], *args: Any) -> None:
    """A worker's initializer: ``init(*args)``.  If it fails, why is written to ``report`` (the
    pool itself says only that a worker died) and the worker exits quietly (the run reports it
    once, without a traceback per worker)."""
    try:
        init(*args)
    except BaseException as exc:
        try:
            with open(report, "a", encoding="utf-8") as f:
                f.write(failure(exc) + "\n")
        finally:
            os._exit(1)


class WorkerStartError(NewsprismError):
    """The engine's worker processes could not start (their models did not load)."""


class LocalEngine:
    """A pool of worker processes on this machine (see the module docstring)."""

    name = "local"
    dashboard: str | None = None

    def __init__(self, workers: int, embed: bool = True,
                 initializer: Callable[..., None] = init_local_worker) -> None:
        if workers < 1:
            raise ConfigError(f"--workers {workers}: at least one worker is needed")
        self.workers = workers
        self._embed = embed
        self._init = initializer
        fd, self._report = tempfile.mkstemp(prefix="newsprism-workers-", suffix=".txt")
        os.close(fd)
        # fork (fastest) only before this process has loaded pyarrow, whose C++ threads a fork
        # would copy mid-flight; a fork server otherwise
        self._pool = self._start(pool_context() if "pyarrow" not in sys.modules else _fresh_context())

    def _start(self, ctx: Any) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_start_worker,
                                   initargs=(self._report, self._init, self._embed))
        # the workers start and load their models now, while the caller goes on (plans the run);
        # its first tasks wait in the queue until a worker is ready
        for _ in range(self.workers):
            pool.submit(_ping)
        return pool

    def run(self, fn: Callable[..., Any], tasks: Sequence[tuple[Any, ...]]) -> Iterator[Outcome]:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        pending: dict[Any, tuple[tuple[Any, ...], int]] = {}
        for args in tasks:
            pending[self._pool.submit(fn, *args)] = (args, 0)
        while pending:
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            broken: list[tuple[tuple[Any, ...], int]] = []
            for fut in done:
                args, tries = pending.pop(fut)
                try:
                    result = fut.result()
                except BrokenProcessPool:
                    broken.append((args, tries))
                except Exception as exc:
                    if tries < RETRIES:
                        pending[self._pool.submit(fn, *args)] = (args, tries + 1)
                    else:
                        yield Outcome(args, error=failure(exc))
                else:
                    yield Outcome(args, result)
            if broken:
                self._raise_if_not_started()
                # a worker died: every unfinished task failed with the pool; start a new pool
                # (from a fork server: this process may run threads by now) and try them again
                broken += [pending.pop(f) for f in list(pending)]
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._start(_fresh_context())
                for args, tries in broken:
                    if tries < RETRIES:
                        pending[self._pool.submit(fn, *args)] = (args, tries + 1)
                    else:
                        yield Outcome(args, error="its worker process died (killed, or out of memory) "
                                                  f"{RETRIES + 1} times")

    def _raise_if_not_started(self) -> None:
        """A :class:`WorkerStartError` when a worker's initializer failed (the pool broke because
        a worker could not start, not because one died running a task)."""
        try:
            with open(self._report, encoding="utf-8") as f:
                why = f.readline().strip()
        except OSError:
            return
        if why:
            self._pool.shutdown(wait=False, cancel_futures=True)
            raise WorkerStartError(f"the local engine's workers could not start: {why}")

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        try:
            os.unlink(self._report)
        except OSError:
            pass


def _fresh_context() -> Any:
    methods = mp.get_all_start_methods()
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")
