"""`newsprism serve`: the command line of the web app (registered by newsprism.cli).

Imports of FastAPI and uvicorn stay inside the function, so `newsprism --help` stays fast."""

from __future__ import annotations

import typer


def serve() -> None:
    """Start the web app on a store (not built yet)."""
    raise typer.Exit(2)
