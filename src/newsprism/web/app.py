"""The web app: :func:`create_app` builds it on a store (``newsprism serve`` runs it in uvicorn).

>>> app = create_app("news.db")                       # doctest: +SKIP
>>> uvicorn.run(app, host="127.0.0.1", port=8000)     # doctest: +SKIP

Pages (:mod:`.pages`) and the JSON API under ``/api/`` (:mod:`.api`) show the same data
(:mod:`.views`); story analyses are computed in the background and kept (:mod:`.jobs`),
articles are added by ingest jobs (:mod:`.ingesting`), feeds polled by a :class:`Poller`
(:mod:`.poll`) when feeds are given.  Safety (:mod:`.safety`): the security headers and size
limits on every request, a token for writes on a non-loopback address.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from ..config import Settings, load_settings
from ..errors import ConfigError, NewsprismError, QueryError
from ..store import Store
from ..version import __version__
from .ingesting import Ingests
from .jobs import Analyses
from .render import env
from .safety import BodyTooLarge, Guard, token_required
from .state import AppState
from .views import Moved, NotFound

__all__ = ["create_app", "MAX_UPLOAD", "app_from_env", "poller_class"]

log = logging.getLogger(__name__)

# a request body over this many bytes is refused (413): uploads, pasted texts, JSON
MAX_UPLOAD = 20 * 1024 * 1024


def poller_class() -> Any:
    """The feed poller (:class:`newsprism.web.poll.Poller`), or None where this build lacks it."""
    try:
        from .poll import Poller
    except ImportError:
        return None
    return Poller


def create_app(db: str, *, token: str | None = None, fetch: bool = False, host: str = "127.0.0.1",
               feeds: Sequence[str] = (), every_s: float = 900.0, max_upload: int = MAX_UPLOAD,
               ingest_workers: int = 2, settings: Settings | None = None) -> FastAPI:
    """The app on the store at ``db`` (created if missing; migrated: the analysis cache).

    ``host``: the address the server binds to; writes need ``token`` unless it is loopback
    (then a missing ``token`` is a :class:`ConfigError`).  ``fetch``: URLs may be fetched
    (added by URL, feed entries' full articles).  ``feeds``: RSS/Atom URLs polled every
    ``every_s`` seconds while the app runs.  ``max_upload``: bytes of one request body."""
    need_token = token_required(host)
    if need_token and not token:
        raise ConfigError(f"the server binds to {host}, beyond this machine: writes need a token "
                          "(set NEWSPRISM_TOKEN, or let `newsprism serve` make one)")
    settings = settings or load_settings()
    store = Store.open(db)
    analyses = Analyses(db, store, settings)

    def prewarm(story_ids: list[int]) -> None:
        for sid in story_ids:
            key = analyses.key(sid)
            if key is not None:
                analyses.ensure(sid, key)

    ingests = Ingests(db, store, fetch=fetch, workers=ingest_workers, settings=settings, joined=prewarm)
    state = AppState(db=db, store=store, analyses=analyses, ingests=ingests, token=token,
                     token_required=need_token, fetch=fetch, max_upload=max_upload,
                     feeds=list(feeds), every_s=every_s)
    if feeds:
        cls = poller_class()
        if cls is None:
            raise ConfigError("--feeds: feed polling is not available in this build (newsprism.web.poll)")
        state.poller = cls(db, list(feeds), every_s, fetch)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if state.poller is not None:
            state.poller.start()
        try:
            yield
        finally:
            if state.poller is not None:
                state.poller.stop()
            analyses.stop()
            store.close()

    app = FastAPI(title="newsprism", version=__version__, lifespan=lifespan,
                  description="Stories, articles, analyses and search over a newsprism store.",
                  docs_url=None, redoc_url=None)  # their pages load script from a CDN: the CSP forbids it
    app.state.np = state
    app.add_middleware(Guard, max_body=max_upload)
    _errors(app)
    from . import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("newsprism.web", "static")]), name="static")
    return app


def _errors(app: FastAPI) -> None:
    """Errors as the client reads them: JSON ``{"error": ...}`` under /api/, a page elsewhere."""

    def reply(request: Request, status: int, message: str, headers: dict[str, str] | None = None,
              **extra: Any) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)
        page = env().get_template("error.html.j2").render(status=status, message=message,
                                                          state=None, path=request.url.path)
        return HTMLResponse(page, status_code=status, headers=headers)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return reply(request, 404, str(exc))

    @app.exception_handler(Moved)
    async def moved(request: Request, exc: Moved) -> Response:
        if request.url.path.startswith("/api/"):
            return reply(request, 404, str(exc), merged_into=exc.into)
        return RedirectResponse(f"/stories/{exc.into}", status_code=303)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> Response:
        return reply(request, 400, exc.message)

    @app.exception_handler(ConfigError)
    async def bad_value(request: Request, exc: ConfigError) -> Response:
        return reply(request, 400, exc.message)

    @app.exception_handler(NewsprismError)
    async def failed(request: Request, exc: NewsprismError) -> Response:
        return reply(request, 500, exc.message)

    @app.exception_handler(BodyTooLarge)
    async def too_large(request: Request, exc: BodyTooLarge) -> Response:
        limit = request.app.state.np.max_upload
        return reply(request, 413, f"request of more than {exc.seen:,} bytes is over the upload limit of "
                                   f"{limit:,} bytes ({limit / 1_048_576:.0f} MiB; `newsprism serve "
                                   "--max-upload` sets it)")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        if any(e.get("loc", ("",))[0] == "path" for e in errors):  # /stories/abc: no such page
            return reply(request, 404, f"not found: {request.url.path}")
        said = "; ".join(f"{'.'.join(str(x) for x in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', '')}"
                         for e in errors[:5])
        return reply(request, 400, f"bad request: {said}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"not found: {request.url.path}"
        return reply(request, exc.status_code, message, headers=dict(exc.headers or {}))


def app_from_env() -> FastAPI:
    """The app as ``newsprism serve --workers N`` starts it in each worker process (uvicorn
    imports it by name): its options come in ``NEWSPRISM_SERVE_*`` environment variables."""
    import json

    options = json.loads(os.environ["NEWSPRISM_SERVE_OPTIONS"])
    return create_app(**options)
