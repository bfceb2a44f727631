"""The Dask distributed engine (imported only for ``--engine dask``).

With ``--address`` the run is a client of a running cluster (``dask scheduler`` and ``dask
worker`` processes, on any number of machines that see the same input and output paths);
without, it starts a local cluster of ``--workers`` processes and stops it at the end.

- Models: a worker plugin loads them when a worker starts or joins (a worker that replaces a
  dead one too), so tasks find them loaded.  Start workers with one thread each (``dask worker
  ADDR --nthreads 1 --nworkers N``): a task is CPU-bound Python, threads would only share a GIL.
- Retries: each task is submitted with ``retries=RETRIES`` (an exception in the task); a task
  whose worker dies is moved to another worker by the scheduler itself (up to Dask's
  ``distributed.scheduler.allowed-failures`` deaths).  Tasks write their output atomically
  and skip what is already done, so running one twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from ..errors import ConfigError
from .engine import RETRIES, Outcome, failure
from .models import worker_models

__all__ = ["DaskEngine", "ModelsPlugin", "WORKER_CONFIG", "WORKER_ENV"]

# the processes of a local cluster run without Dask's statistical profiler, which samples the
# task thread's stack every 10 ms (~20% of a partition task's time), and with its housekeeping
# spaced out: the event-loop health tick (every 20 ms), the system monitor (500 ms) and the
# worker's memory monitor (100 ms) wake the worker's event loop, which takes the GIL from the
# task thread each time; work stealing rebalances nothing here (the tasks are independent and
# queued on the scheduler).  Together 7% of a one-worker run's CPU seconds at 10,000 articles
# (docs/scaling.md, fifth round).
QUIET: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing": False,
}
# ... and without the nanny's MALLOC_TRIM_THRESHOLD_=65536, which makes glibc give memory back at
# every free (~30% of it: a partition took 47 s of map on one Dask worker against 34 s on a local
# one, 36 s without it; docs/scaling.md says how to start `dask worker` processes likewise)
WORKER_CONFIG: dict[str, Any] = {
    **QUIET,
    "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1},
}


def _env_name(key: str) -> str:
    return "DASK_" + key.upper().replace(".", "__").replace("-", "_")


# ... for `dask scheduler` and `dask worker` processes: this environment, and `--no-nanny` (a
# nanny sets the trim threshold in its worker's environment, and Dask's environment variables
# cannot take a key out of that setting); tests/test_batch_dask.py starts its cluster so
WORKER_ENV = {_env_name(k): str(v) for k, v in QUIET.items()}
# seconds to wait for the scheduler, and for the workers asked for with --workers
CONNECT_TIMEOUT = 30
WORKERS_TIMEOUT = 120


class ModelsPlugin(WorkerPlugin):  # type: ignore[misc]
    """Loads the models of :func:`.models.worker_models` when a worker starts."""

    name = "newsprism-models"

    def __init__(self, embed: bool) -> None:
        self.embed = embed

    def setup(self, worker: Any) -> None:
        worker_models(self.embed)


class DaskEngine:
    name = "dask"

    def __init__(self, address: str | None = None, workers: int | None = None, embed: bool = True) -> None:
        self.cluster: Any = None
        try:
            if address:
                self.client = Client(address, timeout=CONNECT_TIMEOUT)
            else:
                import os

                import dask

                with dask.config.set(WORKER_CONFIG):
                    self.cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                                processes=True, dashboard_address="127.0.0.1:0")
                    self.client = Client(self.cluster)
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        try:
            if address and workers:
                self.client.wait_for_workers(workers, timeout=WORKERS_TIMEOUT)
            elif address:
                self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except TimeoutError as exc:
            self.close()
            raise ConfigError(f"the Dask cluster at {address} has fewer than {workers or 1} workers after"
                              f" {WORKERS_TIMEOUT} s (start them: dask worker {address} --nthreads 1 --no-nanny)") from exc
        self.client.register_plugin(ModelsPlugin(embed))
        self.dashboard: str | None = self.client.dashboard_link
        self.workers = len(self.client.scheduler_info().get("workers", {}))

    def run(self, fn: Callable[..., Any], tasks: Sequence[tuple[Any, ...]]) -> Iterator[Outcome]:
        futures = {self.client.submit(fn, *args, retries=RETRIES, pure=False): args for args in tasks}
        for fut in as_completed(list(futures)):
            args = futures.pop(fut)
            try:
                yield Outcome(args, fut.result())
            except Exception as exc:
                yield Outcome(args, error=failure(exc))
            fut.release()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
