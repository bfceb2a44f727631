"""The local engine: a pool of worker processes on this machine's cores, no cluster process.

Its workers load the models once (:func:`.models.init_local_worker`) and die with the run.  A
worker that dies (killed, out of memory) breaks the pool: a new pool is started and every
unfinished task is submitted again, counting as one of its retries.
"""

from __future__ import annotations

import multiprocessing as mp
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..errors import ConfigError
from ..workers import pool_context
from .engine import RETRIES, Outcome, failure
from .models import init_local_worker

__all__ = ["LocalEngine"]


def _ping() -> int:
    return 1


class LocalEngine:
    """A pool of worker processes on this machine (see the module docstring)."""

    name = "local"
    dashboard: str | None = None

    def __init__(self, workers: int, embed: bool = True) -> None:
        if workers < 1:
            raise ConfigError(f"--workers {workers}: at least one worker is needed")
        self.workers = workers
        self._embed = embed
        # fork (fastest) only before this process has loaded pyarrow, whose C++ threads a fork
        # would copy mid-flight; a fork server otherwise
        self._pool = self._start(pool_context() if "pyarrow" not in sys.modules else _fresh_context())

    def _start(self, ctx: Any) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=init_local_worker,
                                   initargs=(self._embed,))
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

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _fresh_context() -> Any:
    methods = mp.get_all_start_methods()
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")
