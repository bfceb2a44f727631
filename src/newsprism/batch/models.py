"""What a worker loads once and keeps for every task it runs: the alias table, the word
frequencies, the language identifier and the sentence encoder (~2 s and ~150 MB together).

A process-pool worker loads them in its initializer (:func:`init_local_worker`), a Dask
worker when it joins the run (``dask_engine.ModelsPlugin``); a task asks
:func:`worker_models` and gets the loaded ones (or loads them, once, in a process that had
neither).
"""

from __future__ import annotations

import sys
import threading
from typing import Any

__all__ = ["worker_models", "init_local_worker"]

_LOCK = threading.Lock()
_ENCODER: dict[bool, Any] = {}


def worker_models(embed: bool) -> Any:
    """The encoder of this worker process (``None`` without embeddings), the word lists loaded."""
    with _LOCK:
        if embed not in _ENCODER:
            one_core()
            from ..annotate.aliases import load_aliases
            from ..group.features import word_frequencies

            load_aliases()
            word_frequencies()
            encoder = None
            if embed:
                from ..embed import UseEncoder

                encoder = UseEncoder(threads=1)  # one task per worker process: one thread each
            _warm_up(encoder)
            _ENCODER[embed] = encoder
        return _ENCODER[embed]


def one_core() -> None:
    """Arrow's own thread pools to one thread: a worker is one core's share of the run (the
    engine runs one worker per core), and with Arrow reading each Parquet file on every core a
    worker of a run of two took both cores whenever it read (the window tasks: 2 workers were
    1.1x one)."""
    import pyarrow

    pyarrow.set_cpu_count(1)
    pyarrow.set_io_thread_count(1)


def _warm_up(encoder: Any) -> None:
    """Clean and featurise one short text, so what loads on first use (the language
    identifier's model, the encoder's graph) is loaded now, not in the first task."""
    from ..corpus import prepare
    from ..model import RawDocument

    prepare([RawDocument(id="warm-up", source="warm-up", format="text",
                         text="Officials met on Monday to talk about the plan.\n\nThey will meet again.")], encoder)


def init_local_worker(embed: bool) -> None:
    """Initializer of the local engine's worker processes: die with the run, load the models."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:  # the kernel kills this worker when the run's process dies, even by SIGKILL
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        except OSError:
            pass
    worker_models(embed)
