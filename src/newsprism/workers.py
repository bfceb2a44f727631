"""Worker processes that are safe to start from a program with threads.

A process forked while another thread holds a lock (the sentence encoder loading in the
background, a progress bar's refresh thread, a database driver's pool) inherits that lock held
forever: ``analyze`` from the Python API hung in 2 of 3 runs that way (issue 21).  So worker
pools start from a fork server ("forkserver": one clean, single-threaded process, started once,
that has already imported the heavy modules) where the platform has one, else by "spawn".
Workers then load their models in the pool's initializer, as before.
"""

from __future__ import annotations

import multiprocessing as mp
from multiprocessing.context import BaseContext

__all__ = ["PRELOAD", "pool_context"]

# imported once by the fork server, so that each worker it forks starts without importing spaCy,
# numpy and the stages again (a worker's start then costs its model load, ~0.5 s, not ~2 s)
PRELOAD = ("newsprism.pipeline", "newsprism.corpus")


def pool_context() -> BaseContext:
    """The multiprocessing context for worker pools: "forkserver" where available, else "spawn"."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(list(PRELOAD))
        return ctx
    return mp.get_context("spawn")
