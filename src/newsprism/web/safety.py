"""What keeps the web app safe by default: headers, request limits, write tokens, same origin.

* Every response carries a Content-Security-Policy that lets only the app's own script files
  run (``script-src 'self'``: no inline script, no ``on...=`` handler, no ``javascript:``
  URL), loads nothing from elsewhere and cannot be framed; with ``nosniff``, and no referrer
  sent to other sites.
  Styles may be inline (the report sets bar widths in ``style`` attributes): a style cannot
  run code.
* A request body over the upload limit is refused (413) before it is read whole, by its
  ``Content-Length`` or, when it has none, as it streams in; a query string over
  :data:`MAX_QUERY_BYTES` is refused (414).  Both say what the limit is.
* Writes (ingest, refresh, feed polls) need the server's token when it listens on an address
  other than loopback (:func:`token_required`): ``Authorization: Bearer TOKEN`` or a form
  field ``token``.  A write from a page of another site (its ``Origin`` or
  ``Sec-Fetch-Site`` says so) is refused on any address, so a web page the reader visits
  cannot post to the app on 127.0.0.1.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

__all__ = ["CSP", "MAX_QUERY_BYTES", "Guard", "is_loopback", "new_token", "token_ok",
           "token_required", "cross_site", "bearer"]

# the policy of every response (see the module docstring)
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = (
    (b"content-security-policy", CSP.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    # no referrer to other sites; this one's own requests keep their Origin (with
    # "no-referrer" a browser posts the app's own forms with "Origin: null")
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
# a query string longer than this is refused (414): a search query is at most 1,000
# characters (store.backends.MAX_QUERY_CHARS), percent-encoding can triple it
MAX_QUERY_BYTES = 8_192

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def is_loopback(host: str) -> bool:
    """Whether ``host`` (what the server binds to) is reachable from this machine only."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def token_required(host: str) -> bool:
    """Writes need the token when the server listens beyond this machine."""
    return not is_loopback(host)


def new_token() -> str:
    """A fresh random token (printed by ``newsprism serve`` when NEWSPRISM_TOKEN is not set)."""
    return secrets.token_urlsafe(24)


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header."""
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def token_ok(given: str | None, expected: str | None) -> bool:
    """``given`` is the server's token (compared in constant time)."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def cross_site(headers: Any, host_header: str | None) -> bool:
    """Whether a request comes from a page of another origin (a form or script there posting
    here).  A browser says so in ``Sec-Fetch-Site`` (anything but ``same-origin``, or ``none``
    for what the user did themselves); one that does not sends ``Origin``, which must name this
    server (``null``: a sandboxed or opaque page).  A request with neither (curl, a script, the
    API's clients) is no browser's cross-site post."""
    site = (headers.get("sec-fetch-site") or "").lower()
    if site:
        return site not in ("same-origin", "none")
    origin = headers.get("origin")
    if not origin:
        return False
    if origin == "null":
        return True
    return urlsplit(origin).netloc.lower() != (host_header or "").lower()


class Guard:
    """ASGI middleware: the security headers on every response, and the size limits."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_query: int = MAX_QUERY_BYTES) -> None:
        self.app = app
        self.max_body = max_body
        self.max_query = max_query

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((k, v) for k, v in HEADERS if k not in have)]
            await send(message)

        query = scope.get("query_string", b"")
        if len(query) > self.max_query:
            await self._refuse(scope, send_with_headers, 414,
                               f"query string of {len(query):,} bytes: at most {self.max_query:,}")
            return
        length = _content_length(scope)
        if length is not None and length > self.max_body:
            await self._refuse(scope, send_with_headers, 413, self._too_large(length))
            return
        seen = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(seen)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send_with_headers(message)

        try:
            await self.app(scope, counted_receive, tracking_send)
        except BodyTooLarge as exc:
            if started:
                raise
            await self._refuse(scope, send_with_headers, 413, self._too_large(exc.seen, at_least=True))

    def _too_large(self, size: int, at_least: bool = False) -> str:
        more = "more than " if at_least else ""
        return (f"request of {more}{size:,} bytes is over the upload limit of {self.max_body:,} bytes "
                f"({self.max_body / 1_048_576:.0f} MiB; `newsprism serve --max-upload` sets it)")

    @staticmethod
    async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
        """A short error in the form the client reads: JSON for the API, else a small page."""
        if scope.get("path", "").startswith("/api/"):
            body = json.dumps({"error": message}).encode("utf-8")
            ctype = b"application/json"
        else:
            from markupsafe import escape

            body = (f"<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>Error {status}</title>"
                    f"<h1>Error {status}</h1><p>{escape(message)}</p></html>").encode()
            ctype = b"text/html; charset=utf-8"
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class BodyTooLarge(Exception):
    def __init__(self, seen: int) -> None:
        super().__init__(f"request body over the limit ({seen} bytes read)")
        self.seen = seen


def _content_length(scope: Scope) -> int | None:
    for k, v in scope.get("headers", []):
        if k == b"content-length":
            try:
                return int(v)
            except ValueError:
                return None
    return None
