"""Discounts on a whole draft: allowances (a percentage of the line total or an amount, with a
reason) and the financial discount (a percentage for payment within a number of days).

Plain POST forms that redirect back to the editor; a bad value shows the editor again with
the reason and nothing changed. The customer's general and financial discount arrive on a
new document by themselves (`core.documents.discounts`) and are changed here like any other.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.contacts.fields import parse_decimal
from core.context import Context
from core.documents import discounts
from core.documents.errors import DocumentError
from core.documents.models import Document
from core.web.forms import form_data
from core.web.pages import page, redirect
from core.web.routes.common import document_or_404
from core.web.routes.documents_editor import show_editor


def _draft(ctx: Context, request: Request) -> Document:
    doc = document_or_404(ctx, request.path_params["document_id"])
    if not doc.is_draft:
        raise HTTPException(400)
    return doc


def _allowance_id(request: Request, doc: Document) -> int:
    allowance_id = int(request.path_params["allowance_id"])
    if not any(a.id == allowance_id for a in doc.allowances):
        raise HTTPException(404)
    return allowance_id


def _value(values: dict[str, str], name: str) -> Any:
    raw = values.get(name, "").strip()
    try:
        return parse_decimal(raw) if raw else None
    except ValueError:
        return raw  # the service names the bad value


def _amounts(values: dict[str, str]) -> dict[str, Any]:
    number = _value(values, "value")
    if values.get("mode") == "amount":
        return {"percent": None, "amount": number if number is not None else ""}
    return {"percent": number if number is not None else "", "amount": None}


def _done(request: Request, ctx: Context, doc: Document, action: Any) -> Response:
    try:
        with ctx.session.begin_nested():
            action()
    except DocumentError as exc:
        ctx.session.expire(doc)
        return show_editor(request, ctx, doc, discount_error=str(exc), status=422)
    return redirect(f"/documents/{doc.id}#discounts", request)


@page()
async def allowance_add(request: Request, ctx: Context) -> Response:
    """Add a discount on the whole draft: a percentage of the lines or an amount."""
    doc = _draft(ctx, request)
    values = await form_data(request)
    return _done(request, ctx, doc, lambda: discounts.add_allowance(
        ctx, doc, reason=values.get("reason", ""), **_amounts(values)))


@page()
async def allowance_save(request: Request, ctx: Context) -> Response:
    """Change the reason and the percentage or amount of a draft's discount."""
    doc = _draft(ctx, request)
    allowance_id = _allowance_id(request, doc)
    values = await form_data(request)
    return _done(request, ctx, doc, lambda: discounts.update_allowance(
        ctx, doc, allowance_id, reason=values.get("reason"), **_amounts(values)))


@page()
async def allowance_delete(request: Request, ctx: Context) -> Response:
    """Remove a discount (or the financial discount) from a draft."""
    doc = _draft(ctx, request)
    allowance_id = _allowance_id(request, doc)
    return _done(request, ctx, doc,
                 lambda: discounts.remove_allowance(ctx, doc, allowance_id))


@page()
async def cash_discount_save(request: Request, ctx: Context) -> Response:
    """Set the financial discount of a draft (an empty or zero percentage removes it)."""
    doc = _draft(ctx, request)
    values = await form_data(request)
    percent = _value(values, "percent")
    days = values.get("days", "").strip() or discounts.CASH_DISCOUNT_DAYS
    return _done(request, ctx, doc, lambda: discounts.set_cash_discount(
        ctx, doc, percent if percent is not None else "", days))


routes = [
    Route("/documents/{document_id:int}/allowances", allowance_add, methods=["POST"],
          name="document_allowance_add"),
    Route("/documents/{document_id:int}/allowances/{allowance_id:int}", allowance_save,
          methods=["POST"], name="document_allowance"),
    Route("/documents/{document_id:int}/allowances/{allowance_id:int}/delete",
          allowance_delete, methods=["POST"], name="document_allowance_delete"),
    Route("/documents/{document_id:int}/cash-discount", cash_discount_save, methods=["POST"],
          name="document_cash_discount"),
]
