"""Security of every response and every state change: headers and CSRF tokens.

The CSRF token lives in the signed session cookie. A state-changing request (anything but
GET, HEAD, OPTIONS) must echo it, either in the `X-CSRF-Token` header (htmx sends it from
`hx-headers` on `<body>`) or in the `csrf_token` form field (plain forms). Logging in or out
gives the session a new token; the forms that do so load a full page (`hx-boost="false"`) so
that `<body>` carries the new one.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NO_STORE = "private, no-store"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_SESSION_KEY = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
MAX_FORM_BODY = 25 * 1024 * 1024
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    )
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def session_csrf_token(conn: HTTPConnection) -> str:
    """The session's CSRF token, created on first use."""
    token = conn.session.get(CSRF_SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        conn.session[CSRF_SESSION_KEY] = token
    return str(token)


def hsts_header(seconds: int) -> str:
    """The Strict-Transport-Security value for a max-age in seconds."""
    return f"max-age={seconds}; includeSubDomains"


def must_not_be_stored(headers: MutableHeaders) -> bool:
    """Pages and files (PDFs, attachments, exports) hold a company's data: keep them out of
    every cache, shared or the browser's own."""
    return (headers.get("content-type", "").startswith("text/html")
            or "content-disposition" in headers)


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response; pages and files are never stored.

    With `hsts_seconds` (`FACTURO_HSTS`, for a deployment served over TLS only) browsers are
    told to use HTTPS for the next `hsts_seconds`.
    """

    def __init__(self, app: ASGIApp, hsts_seconds: int = 0) -> None:
        self.app = app
        self.headers = dict(SECURITY_HEADERS)
        if hsts_seconds > 0:
            self.headers["strict-transport-security"] = hsts_header(hsts_seconds)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
                if must_not_be_stored(headers):
                    headers["cache-control"] = NO_STORE
            await send(message)

        await self.app(scope, receive, send_with_headers)


ErrorResponder = Callable[[Request, int, str], Awaitable[Response]]


class CSRFMiddleware:
    """Refuses a state-changing request that does not carry the session's CSRF token."""

    def __init__(self, app: ASGIApp, on_refusal: ErrorResponder) -> None:
        self.app = app
        self.on_refusal = on_refusal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        expected = str(request.session.get(CSRF_SESSION_KEY) or "")
        valid = bool(expected) and _same(expected, request.headers.get(CSRF_HEADER, ""))
        replay_receive: Receive = receive
        if not valid and expected and request.headers.get("content-type", "").startswith(
            FORM_TYPES
        ):
            body = await _read_body(receive, MAX_FORM_BODY)
            if body is None:
                response = await self.on_refusal(request, 413, "")
                await response(scope, receive, send)
                return
            replay_receive = _replaying(body, receive)
            form = await Request(scope, _replaying(body, receive)).form()
            valid = _same(expected, str(form.get(CSRF_FIELD) or ""))
            await form.close()
        if not valid:
            response = await self.on_refusal(request, 403, "csrf")
            await response(scope, replay_receive, send)
            return
        await self.app(scope, replay_receive, send)


def _same(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.encode())


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return dict(await receive())

    return replay
