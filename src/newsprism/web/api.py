"""The JSON API under ``/api/``: everything the pages show (FastAPI's schema at /openapi.json).

Articles carry the store's ``id`` and the ``doc_id`` the user gave them (JSONL ``id``, file
name).  Errors are ``{"error": message}`` with a 4xx status: 404 for an unknown story or
article (a merged story also says ``merged_into``), 400 for a bad query or value, 401/403 for
a write without the token or from another site, 413 for a body over the upload limit.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from .deps import app_state, check_write, form_items, url_item
from .ingesting import Item
from .views import (
    analysis_status,
    article_view,
    search_view,
    story_analysis,
    story_list,
    story_view,
)

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])

# records one JSON ingest request may carry
MAX_RECORDS = 10_000
# seconds ``POST /api/ingest?wait=true`` waits for its job
WAIT_LIMIT = 600.0


@router.get("/status", summary="The server and its store")
def status(request: Request) -> dict[str, Any]:
    state = app_state(request)
    from ..version import __version__

    return {"newsprism": __version__, "store": state.store.counts(), "fetch": state.fetch,
            "token_required": state.token_required, "max_upload": state.max_upload,
            "analyses": [j.as_dict() for j in state.analyses.busy()], "ingests_running": state.ingests.busy(),
            "feeds": state.feeds_status()}


@router.get("/stories", summary="Stories, the latest changed first (or the latest published)")
def stories(request: Request, q: str | None = None, since: str | None = None, until: str | None = None,
            page: int = Query(1, ge=1, le=1_000_000), per_page: int = Query(20, ge=1, le=100),
            order: Literal["activity", "last"] = "activity",
            seen: str | None = Query(None, description="stories changed after this time (UTC ISO) are `new`")
            ) -> dict[str, Any]:
    return story_list(app_state(request).store, q=q or None, since=since or None, until=until or None,
                      page=page, per_page=per_page, order=order, seen=seen)


@router.get("/stories/{story_id}", summary="A story, its articles, where its analysis stands")
def story(request: Request, story_id: int) -> dict[str, Any]:
    state = app_state(request)
    return story_view(state.store, state.analyses, story_id)


@router.get("/stories/{story_id}/analysis", summary="The story's analysis (as `newsprism story --json`)",
            responses={202: {"description": "no analysis kept yet: it is being computed"}})
def analysis(request: Request, story_id: int) -> Response:
    state = app_state(request)
    head, text = story_analysis(state.store, state.analyses, story_id)
    if text is None:
        return JSONResponse({**head, "analysis": None}, status_code=202)
    # the kept JSON document goes out as it was written, not parsed and written again
    body = json.dumps(head, ensure_ascii=False)[:-1] + ', "analysis": ' + text.strip() + "}"
    return Response(body, media_type="application/json")


@router.get("/stories/{story_id}/status", summary="Where the story's analysis stands (polled by its page)")
def story_status(request: Request, story_id: int) -> dict[str, Any]:
    state = app_state(request)
    return analysis_status(state.store, state.analyses, story_id)


@router.post("/stories/{story_id}/refresh", status_code=202, summary="Compute the story's analysis again")
def refresh(request: Request, story_id: int) -> dict[str, Any]:
    check_write(request)
    state = app_state(request)
    current = analysis_status(state.store, state.analyses, story_id)
    key = state.analyses.key(story_id)
    if key is None:
        raise HTTPException(409, f"story {story_id} has no articles to analyse")
    job = state.analyses.ensure(story_id, key, force=True)
    return {**current, "job": job.as_dict()}


@router.get("/articles/{article_id}", summary="An article: metadata with evidence, text, annotations, "
                                                 "revisions, copies")
def article(request: Request, article_id: int) -> dict[str, Any]:
    state = app_state(request)
    return article_view(state.store, state.analyses, article_id, annotations=True)


@router.get("/search", summary="Full-text search over the articles (bounded: long or common-word "
                               "queries are refused with 400)")
def search(request: Request, q: str, limit: int = Query(20, ge=1, le=100)) -> dict[str, Any]:
    return search_view(app_state(request).store, q, limit)


@router.post("/ingest", status_code=202,
             summary="Add articles: multipart form (text + metadata, fetch_url, files) or JSON "
                     "{records: [...], urls: [...]}; the job's result says which stories they joined")
async def ingest(request: Request, wait: bool = False) -> JSONResponse:
    state = app_state(request)
    if request.headers.get("authorization") or not state.token_required:
        check_write(request)  # before the body is read
    if (request.headers.get("content-type") or "").startswith("application/json"):
        items, form_token = _json_items(state, await _json(request)), None
    else:
        items, form_token = await form_items(request)
    check_write(request, form_token)
    job = state.ingests.submit(items)
    if wait:
        waited = 0.0
        while waited < WAIT_LIMIT:
            got = state.ingests.get(job["id"])
            if got is not None and got["state"] in ("done", "failed"):
                return JSONResponse(got, status_code=200)
            await asyncio.sleep(0.1)
            waited += 0.1
    return JSONResponse({**job, "status_url": f"/api/jobs/{job['id']}"}, status_code=202)


async def _json(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"the body is not JSON: {exc}") from None


def _json_items(state: Any, body: Any) -> list[Item]:
    if not isinstance(body, dict):
        raise HTTPException(400, "expected a JSON object: {\"records\": [...], \"urls\": [...]}")
    records, urls = body.get("records") or [], body.get("urls") or []
    if not isinstance(records, list) or not isinstance(urls, list):
        raise HTTPException(400, "'records' and 'urls' are lists")
    if len(records) > MAX_RECORDS:
        raise HTTPException(400, f"{len(records):,} records: at most {MAX_RECORDS:,} a request")
    bad = next((i for i, r in enumerate(records) if not isinstance(r, dict)), None)
    if bad is not None:
        raise HTTPException(400, f"records[{bad}] is not an object (give 'text' or 'html', and 'id', 'title'...)")
    items = [Item("record", name=str(r.get("id") or ""), record=r) for r in records]
    items += [url_item(state, u if isinstance(u, str) else repr(u)) for u in urls]
    if not items:
        raise HTTPException(400, "nothing to add: give 'records' (objects with 'text' or 'html') or 'urls'")
    return items


@router.get("/jobs/{job_id}", summary="An ingest job: its state, and when done what it added where")
def job(request: Request, job_id: str) -> dict[str, Any]:
    got = app_state(request).ingests.get(job_id)
    if got is None:
        raise HTTPException(404, f"no job {job_id[:40]!r} (jobs are kept in memory while the server runs)")
    return got


@router.get("/feeds", summary="The feeds polled, when, and what the last poll brought")
def feeds(request: Request) -> dict[str, Any]:
    state = app_state(request)
    return {**(state.feeds_status() or {"feeds": []}), "enabled": state.poller is not None}


@router.post("/feeds/poll", summary="Poll the feeds now")
def poll(request: Request) -> dict[str, Any]:
    check_write(request)
    state = app_state(request)
    if state.poller is None:
        raise HTTPException(404, "no feeds are polled (start the server with `newsprism serve --feeds FILE`)")
    report: dict[str, Any] = state.poller.poll_once()
    return report
