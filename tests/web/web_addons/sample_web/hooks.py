"""Hooks of the web sample: a page under /apps/sample_web/, a menu entry, a dashboard slot."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from core import hookimpl
from core.web.menu import MenuItem
from core.web.pages import page, render

FAIL = {"ui_slot": False}


@page()
async def hello(request: Request, ctx: Any) -> Response:
    settings = ctx.addon_settings("sample_web")
    return render(request, ctx, "sample_web/hello.html",
                  {"title": "Hello", "count": settings["count"]})


@page()
async def record(request: Request, ctx: Any) -> Response:
    return PlainTextResponse("recorded")


@page()
async def boom(request: Request, ctx: Any) -> Response:
    raise RuntimeError("the web sample fails on purpose")


@hookimpl
def facturo_routes() -> list[Any]:
    return [
        Route("/hello", hello),
        Route("/record", record, methods=["POST"]),
        Route("/boom", boom),
    ]


@hookimpl
def facturo_menu(ctx: Any) -> list[Any]:
    return [MenuItem("Web sample page", "/apps/sample_web/hello", icon="star", order=50)]


@hookimpl
def ui_slot(ctx: Any, name: str, obj: Any) -> str | None:
    if FAIL["ui_slot"]:
        raise RuntimeError("the web sample's panel is broken")
    if name == "dashboard.cards":
        return "<p class='sample-web-card'>web sample card</p>"
    return None
