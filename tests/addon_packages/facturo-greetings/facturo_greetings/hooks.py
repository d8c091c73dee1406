"""Hook implementations of the greetings addon."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from core.api import hookimpl, page
from facturo_greetings.models import Greeting


@hookimpl
def addon_activated(ctx: Any) -> None:
    """Seed a welcome greeting the first time only."""
    if ctx.session.scalar(select(Greeting.id).limit(1)) is None:
        ctx.session.add(Greeting(text="Welcome"))


@hookimpl
def contact_saved(ctx: Any, contact: Any, created: bool) -> None:
    """Greet every new contact."""
    if created:
        salutation = ctx.addon_settings("greetings")["salutation"]
        ctx.session.add(Greeting(text=f"{salutation} {contact.name}"))


@page()
async def list_greetings(request: Request, ctx: Any) -> PlainTextResponse:
    """Every greeting of the request's tenant, one per line."""
    texts = ctx.session.scalars(select(Greeting.text).order_by(Greeting.id)).all()
    return PlainTextResponse("\n".join(texts))


@hookimpl
def facturo_routes() -> list[Route]:
    """Mounted under /apps/greetings/."""
    return [Route("/", list_greetings)]
