"""Open an engine by name (``--engine``): the local one here, Dask imported only when chosen."""

from __future__ import annotations

from ..errors import ConfigError
from .engine import ENGINES, Engine

__all__ = ["open_engine"]


def open_engine(name: str, *, workers: int | None = None, address: str | None = None,
                embed: bool = True) -> Engine:
    """The engine ``name`` (``local`` or ``dask``); ``address``: a running Dask scheduler."""
    if name == "local":
        if address:
            raise ConfigError("--address is for --engine dask (the local engine starts no cluster)")
        import os

        from .local_engine import LocalEngine

        return LocalEngine(workers or os.cpu_count() or 1, embed)
    if name == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(address=address, workers=workers, embed=embed)
    if name == "ray":
        raise ConfigError("--engine ray is not supported yet: use --engine dask (docs/scaling.md says why)")
    raise ConfigError(f"--engine {name!r}: choose one of {', '.join(ENGINES)}")
