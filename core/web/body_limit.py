"""A cap on the size of every request body, enforced while it is read.

`BodyLimitMiddleware` sits in the ASGI stack before anything parses a body (the CSRF check,
the form parser): a request that announces more than the cap (`Content-Length`) is refused
at once, and one that sends more than it announced, or sends chunks without announcing, is
cut off as soon as the cap is passed. Either way the answer is the 413 page and nothing of
the body is kept.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 25 * 1024 * 1024

ErrorResponder = Callable[[Request, int, str], Awaitable[Response]]


class BodyTooLarge(HTTPException):
    """The request body passed the cap while it was read."""

    def __init__(self) -> None:
        super().__init__(413)


class BodyLimitMiddleware:
    """Answers 413 to any request whose body is larger than `limit` bytes."""

    def __init__(self, app: ASGIApp, on_refusal: ErrorResponder,
                 limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.on_refusal = on_refusal
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = Request(scope).headers.get("content-length", "")
        if not announced.isdigit() and announced:
            await self._refuse(scope, receive, send, 400)
            return
        if announced and int(announced) > self.limit:
            await self._refuse(scope, receive, send, 413)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge()
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send, 413)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int) -> None:
        response = await self.on_refusal(Request(scope), status, "")
        response.headers["connection"] = "close"
        await response(scope, receive, send)
