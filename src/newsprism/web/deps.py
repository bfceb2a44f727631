"""What the routes of pages and API share: the app's state, the write check, request items."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from fastapi import HTTPException, Request

from .ingesting import Item
from .safety import bearer, cross_site, token_ok
from .state import AppState

__all__ = ["app_state", "check_write", "TOKEN_COOKIE", "upload_name", "form_items", "url_item", "form_value",
           "MAX_FILES", "MAX_FIELDS"]

# the cookie that keeps the token once a form was sent with it (HttpOnly, this site only)
TOKEN_COOKIE = "np_token"
# files and form fields one request may carry
MAX_FILES = 100
MAX_FIELDS = 50
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.np
    return state


def check_write(request: Request, form_token: str | None = None) -> bool:
    """Refuse a write from another site's page (403) and, where the server needs its token,
    one without it (401); True when the token came in a form (the page keeps it in a cookie)."""
    state = app_state(request)
    if cross_site(request.headers, request.headers.get("host")):
        raise HTTPException(403, "a write from another site's page is refused (its Origin is not this server)")
    if not state.token_required:
        return False
    given = bearer(request.headers.get("authorization"))
    if given is None and form_token:
        given = form_token
    if given is None:
        given = request.cookies.get(TOKEN_COOKIE)
    if not token_ok(given, state.token):
        raise HTTPException(401, "this server needs its token for writes: send 'Authorization: Bearer TOKEN' "
                                 "or fill in the form's token field (NEWSPRISM_TOKEN, printed by "
                                 "`newsprism serve` at start)",
                            headers={"WWW-Authenticate": "Bearer"})
    return bool(form_token) and given == form_token


def upload_name(filename: str | None, n: int) -> str:
    """A safe name for an uploaded file (its last path part, no control characters, at most
    200 characters): it gives the article's id and tells its format by extension."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    name = _UNSAFE.sub("", name).strip()[:200]
    return name or f"upload-{n}"


def form_value(form: Any, name: str, limit: int = 2_000) -> str | None:
    """A text field of a form, stripped, at most ``limit`` characters (None when empty)."""
    value = form.get(name)
    if not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) > limit:
        raise HTTPException(400, f"field {name!r} is {len(value):,} characters: at most {limit:,}")
    return value or None


# the metadata fields a pasted article may carry (read as a JSONL record's)
PASTE_FIELDS = ("title", "outlet", "url", "published", "author")


async def form_items(request: Request) -> tuple[list[Item], str | None]:
    """The articles a form adds (pasted ``text`` with its metadata and ``name``, a
    ``fetch_url``, uploaded ``files``) and the form's ``token``; 400 when there are none."""
    state = app_state(request)
    form = await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=state.max_upload)
    items: list[Item] = []
    text = form.get("text")
    if isinstance(text, str) and text.strip():
        record: dict[str, Any] = {"text": text}
        for f in PASTE_FIELDS:
            if (v := form_value(form, f)) is not None:
                record[f] = v
        name = form_value(form, "name", 200)
        items.append(Item("record", name=upload_name(name, 1) if name else "", record=record))
    url = form_value(form, "fetch_url")
    if url is not None:
        items.append(url_item(state, url))
    for n, upload in enumerate(form.getlist("files"), 1):
        if isinstance(upload, str) or not getattr(upload, "filename", None):
            continue  # an empty file input sends a part with no name
        data = await upload.read()
        if data:
            items.append(Item("file", name=upload_name(upload.filename, n), data=data))
    token = form.get("token")
    if not items:
        raise HTTPException(400, "nothing to add: paste a text, give a URL or choose files")
    return items, token if isinstance(token, str) else None


def url_item(state: AppState, url: str) -> Item:
    """A URL to fetch, refused (400) when the server does not fetch or it is no http(s) URL."""
    if not state.fetch:
        raise HTTPException(400, "this server does not fetch URLs (start it with `newsprism serve --fetch`); "
                                 "paste the article's text or upload its file instead")
    if not re.match(r"^https?://\S+$", url, re.I) or len(url) > 2_000:
        raise HTTPException(400, f"not an http(s) URL: {url[:200]!r}")
    return Item("url", url=url)
