"""`newsprism batch`: the command line of batch runs (registered by newsprism.cli).

Imports of the engine stay inside the function, so `newsprism --help` stays fast."""

from __future__ import annotations

import typer


def batch() -> None:
    """Process a large corpus into Parquet (not built yet)."""
    raise typer.Exit(2)
