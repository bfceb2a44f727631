"""`newsprism serve`: the command line of the web app (registered by newsprism.cli).

Imports of FastAPI and uvicorn stay inside the function, so `newsprism --help` stays fast."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["serve"]

def serve(
    db: Annotated[str | None, typer.Option(help="The store: a SQLite file (created if missing) or "
                                                "postgresql://user:pass@host/db (env NEWSPRISM_DB; default news.db).")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on. Anything but loopback needs a token for "
                                           "writes (NEWSPRISM_TOKEN; made and printed when not set).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    feeds: Annotated[Path | None, typer.Option(help="RSS/Atom feeds to poll, one URL a line (# comments).",
                                               exists=True, dir_okay=False, metavar="FILE")] = None,
    every: Annotated[str, typer.Option(help="How often the feeds are polled (15m, 1h, 90s, 1d).")] = "15m",
    fetch: Annotated[bool, typer.Option(help="Fetch URLs: articles added by URL, feed entries' full "
                                             "articles (off: nothing is downloaded).")] = False,
    workers: Annotated[int, typer.Option(help="Server processes (each computes and keeps analyses in the "
                                              "shared store; feeds are polled by one, so --feeds needs 1).",
                                         min=1)] = 1,
    max_upload: Annotated[int, typer.Option(help="Largest request body (uploads), in MiB.", min=1,
                                            metavar="MIB")] = 20,
    debug: Annotated[bool, typer.Option(help="Show tracebacks and debug logging.")] = False,
) -> None:
    """Start the web app on a store: the stories as they grow, each story's comparison (computed once per change of its articles, in the background), articles with their annotations, search, adding articles, feeds; a JSON API under /api/.

    Binds to 127.0.0.1 by default: only this machine can reach it.
    """
    import json
    import logging

    from ..errors import NewsprismError
    from .safety import new_token, token_required

    store = db or os.environ.get("NEWSPRISM_DB") or "news.db"
    feed_urls, every_s = _feeds(feeds, every)
    if feed_urls and workers > 1:
        raise typer.BadParameter("feeds are polled by one process: give --workers 1 with --feeds",
                                 param_hint="--workers")
    token = os.environ.get("NEWSPRISM_TOKEN") or None
    if token_required(host) and not token:
        token = new_token()
        typer.echo(f"NEWSPRISM_TOKEN not set: writes (adding articles, refresh, feed polls) need this token:\n"
                   f"  {token}\n(send 'Authorization: Bearer TOKEN', or fill in the forms' token field)", err=True)
    logging.basicConfig(level=logging.DEBUG if debug else logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    options = {"db": store, "token": token, "fetch": fetch, "host": host, "feeds": feed_urls,
               "every_s": every_s, "max_upload": max_upload * 1024 * 1024}
    import uvicorn

    from .app import create_app

    if not Path(store).exists() and "://" not in store:
        typer.echo(f"{store}: no store yet; a new, empty one is created (add articles at /add, or "
                   f"`newsprism ingest PATH --db {store}`)", err=True)
    try:
        app = create_app(**options)  # type: ignore[arg-type]
    except NewsprismError as exc:
        if debug:
            raise
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    where = f"[{host}]" if ":" in host else host
    typer.echo(f"newsprism: serving {store} at http://{where}:{port}/ (Ctrl-C stops it)", err=True)
    if workers > 1:
        os.environ["NEWSPRISM_SERVE_OPTIONS"] = json.dumps(options)
        uvicorn.run("newsprism.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="debug" if debug else "info", proxy_headers=False)
    else:
        uvicorn.run(app, host=host, port=port, log_level="debug" if debug else "info", proxy_headers=False)


def _feeds(path: Path | None, every: str) -> tuple[list[str], float]:
    """The feed URLs of ``--feeds FILE`` and ``--every`` in seconds (usage errors naming them)."""
    if path is None:
        return [], 900.0
    try:
        from .poll import parse_every, read_feeds_file
    except ImportError as exc:  # pragma: no cover - a build without the poller
        raise typer.BadParameter(f"feed polling is not available in this build ({exc})",
                                 param_hint="--feeds") from None
    from ..errors import ConfigError

    try:
        every_s = parse_every(every)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--every") from None
    try:
        return read_feeds_file(path), every_s
    except ConfigError as exc:
        raise typer.BadParameter(exc.message, param_hint="--feeds") from None
