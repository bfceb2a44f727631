"""The HTML pages: story list, story, article, search, add articles, an ingest job's result.

Server-rendered (templates in ``web/templates``, autoescaped); the little script there is
(citations, polling a computation's progress) is served as files under ``/static`` and
``/assets``.  Write forms post to the server and are answered with a redirect (303).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from ..store import utc_now
from .deps import TOKEN_COOKIE, app_state, check_write, form_items
from .render import env, report_css, report_js
from .views import article_view, search_view, story_list, story_view

__all__ = ["router", "VISIT_GAP", "SEEN_COOKIE", "VISIT_COOKIE"]

router = APIRouter(include_in_schema=False)

# a visit ends after this long without a page of the story list: stories changed since the
# last visit are marked new until then (cookies: when the last visit began, the last view)
VISIT_GAP = timedelta(minutes=30)
SEEN_COOKIE = "np_seen"
VISIT_COOKIE = "np_visit"
COOKIE_AGE = 365 * 24 * 3600
PER_PAGE = 20


def _page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    state = app_state(request)
    html = env().get_template(template).render(state=state, path=request.url.path, **values)
    return HTMLResponse(html, status_code=status)


def _parse(ts: str | None) -> datetime | None:
    try:
        return datetime.strptime(ts or "", "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def _visit(request: Request) -> tuple[str | None, str]:
    """(the time stories are new after, now): the start of the visit before this one."""
    now = utc_now()
    last_view = _parse(request.cookies.get(VISIT_COOKIE))
    seen = request.cookies.get(SEEN_COOKIE) if _parse(request.cookies.get(SEEN_COOKIE)) else None
    if last_view is not None and _parse(now) - last_view > VISIT_GAP:  # type: ignore[operator]
        seen = request.cookies.get(VISIT_COOKIE)  # a new visit: new since the last one's view
    return seen, now


@router.get("/", response_class=HTMLResponse)
def home(request: Request, q: str | None = None, since: str | None = None, until: str | None = None,
         page: int = Query(1, ge=1, le=1_000_000)) -> Response:
    state = app_state(request)
    seen, now = _visit(request)
    listing = story_list(state.store, q=q or None, since=since or None, until=until or None, page=page,
                         per_page=PER_PAGE, seen=seen)
    response = _page(request, "stories.html.j2", listing=listing, feeds=state.feeds_status())
    for name, value in ((SEEN_COOKIE, seen), (VISIT_COOKIE, now)):
        if value:
            response.set_cookie(name, value, max_age=COOKIE_AGE, httponly=True, samesite="lax")
    return response


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: int) -> Response:
    state = app_state(request)
    view = story_view(state.store, state.analyses, story_id, html=True)
    return _page(request, "story.html.j2", view=view)


@router.post("/stories/{story_id}/refresh")
async def refresh(request: Request, story_id: int) -> Response:
    token = await _form_token(request)
    keep = check_write(request, token)
    state = app_state(request)
    key = state.analyses.key(story_id)
    if key is None:
        raise HTTPException(404, f"no story {story_id} with articles")
    state.analyses.ensure(story_id, key, force=True)
    return _keep_token(RedirectResponse(f"/stories/{story_id}", status_code=303), token if keep else None)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: int) -> Response:
    state = app_state(request)
    return _page(request, "article.html.j2", view=article_view(state.store, state.analyses, article_id))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = "") -> Response:
    state = app_state(request)
    if not q.strip():
        return _page(request, "search.html.j2", result=None, q="")
    return _page(request, "search.html.j2", result=search_view(state.store, q, 50), q=q)


@router.get("/add", response_class=HTMLResponse)
def add_form(request: Request) -> Response:
    return _page(request, "add.html.j2")


@router.post("/add")
async def add(request: Request) -> Response:
    state = app_state(request)
    items, token = await form_items(request)
    keep = check_write(request, token)
    job = state.ingests.submit(items)
    return _keep_token(RedirectResponse(f"/jobs/{job['id']}", status_code=303), token if keep else None)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job(request: Request, job_id: str) -> Response:
    got = app_state(request).ingests.get(job_id)
    if got is None:
        raise HTTPException(404, "no such job (jobs are kept in memory while the server runs)")
    return _page(request, "job.html.j2", job=got)


@router.post("/feeds/poll")
async def poll(request: Request) -> Response:
    token = await _form_token(request)
    keep = check_write(request, token)
    state = app_state(request)
    if state.poller is None:
        raise HTTPException(404, "no feeds are polled (start the server with `newsprism serve --feeds FILE`)")
    import asyncio

    await asyncio.to_thread(state.poller.poll_once)
    return _keep_token(RedirectResponse("/", status_code=303), token if keep else None)


async def _form_token(request: Request) -> str | None:
    """The ``token`` field of a small form (a button's)."""
    form = await request.form(max_fields=5, max_files=0)
    token = form.get("token")
    return token if isinstance(token, str) and token else None


def _keep_token(response: Response, token: str | None) -> Response:
    """Remember a token typed into a form (HttpOnly, this site only), so the next form needs none."""
    if token:
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", max_age=30 * 24 * 3600)
    return response


@router.get("/favicon.ico")
def favicon() -> Response:
    """No icon (a browser asks for one on every first visit): an empty answer, not a 404."""
    return Response(status_code=204, headers={"cache-control": "max-age=86400"})


@router.get("/assets/report.css")
def css() -> Response:
    return PlainTextResponse(report_css(), media_type="text/css", headers={"cache-control": "max-age=3600"})


@router.get("/assets/report.js")
def js() -> Response:
    return PlainTextResponse(report_js(), media_type="text/javascript", headers={"cache-control": "max-age=3600"})
