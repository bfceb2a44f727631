"""The engines a batch run maps its tasks on, behind one small interface.

An engine runs a function over a list of argument tuples and yields each outcome as it
finishes, a task that failed having been retried first (``RETRIES`` more times).  The run
never asks more of it, so another engine (Ray, Spark) is one class of a few dozen lines.

- ``local``: a process pool on this machine's cores, no cluster process (:mod:`.local_engine`).
- ``dask``: Dask distributed (:mod:`.dask_engine`), on a running cluster (``--address``) or on
  a local cluster it starts; imported only when chosen.

:func:`.engines.open_engine` opens one by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["Engine", "Outcome", "RETRIES", "ENGINES", "failure"]

# a failed task is tried again this many times (then the run stops and names it)
RETRIES = 2
ENGINES = ("local", "dask")


@dataclass(frozen=True)
class Outcome:
    """A task's result, or why it failed after its retries (``error``)."""

    args: tuple[Any, ...]
    result: Any = None
    error: str | None = None


class Engine(Protocol):
    name: str
    workers: int
    dashboard: str | None

    def run(self, fn: Callable[..., Any], tasks: Sequence[tuple[Any, ...]]) -> Iterator[Outcome]:
        """Run ``fn(*args)`` for each args tuple; yield the outcomes as they finish."""
        ...

    def close(self) -> None: ...


def failure(exc: BaseException) -> str:
    """A failed task's exception in one line."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:300] if text else ''}"
