"""The functions the engine runs on its workers, as the driver submits them.

Each imports its stage when it runs, on the worker: the driver refers to these and never
imports spaCy, the encoder or the clusterer itself (~2.5 s of one core that a run of two
workers on two cores would take from them), and a worker imports them while the driver plans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .plan import Options, Partition
    from .prepare import PartitionDone
    from .windows import WindowDone

__all__ = ["run_partition", "cluster_window"]


def run_partition(out: str, part: Partition, options: Options) -> PartitionDone:
    """:func:`.prepare.run_partition` (the map stage's task)."""
    from .prepare import run_partition as run

    return run(out, part, options)


def cluster_window(out: str, key: str, halo: list[str], since: str | None) -> WindowDone:
    """:func:`.windows.cluster_window` (the windows stage's task)."""
    from .windows import cluster_window as run

    return run(out, key, halo, since)
