"""Worker processes that are safe to start from a program with threads.

A process forked while another thread holds a lock (the sentence encoder loading in the
background, a progress bar's refresh thread, a database driver's pool) inherits that lock held
forever: ``analyze`` from the Python API hung in 2 of 3 runs that way (issue 21).  So a pool is
forked only from a process that runs no other thread at that moment (the fastest start: the
workers inherit what is already imported and loaded); otherwise its workers start from a fork
server ("forkserver": one clean, single-threaded process that has imported the stages once),
or by "spawn" where there is none.  Both pools of newsprism (annotate in ``pipeline``, prepare
in ``corpus``) start their workers before they start any thread of their own, and the pool's
own threads start only after its workers are forked.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
from multiprocessing.context import BaseContext

__all__ = ["PRELOAD", "pool_context"]

# imported once by the fork server, so that each worker it forks starts without importing spaCy,
# numpy and the stages again (a worker's start then costs its model load, not ~3 s of imports)
PRELOAD = ("newsprism.pipeline", "newsprism.corpus")


def pool_context() -> BaseContext:
    """The multiprocessing context for a worker pool started now: "fork" when this process runs
    no other thread, else "forkserver" where available, else "spawn"."""
    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return mp.get_context("fork")
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(list(PRELOAD))
        return ctx
    return mp.get_context("spawn")
