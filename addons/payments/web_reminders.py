"""The reminders page under `/apps/payments/reminders`: what was sent, per invoice and per
customer, and the reminders to print for customers without an e-mail address."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.payments.models import PaymentReminder, ReminderStatus
from addons.payments.reminders import LEVEL_LABELS, placeholder_values, reminder_text
from addons.payments.translation import _
from core.api import Contact, Context, Document, id_value, page, render
from core.api import render_placeholders as fill

PRINT = "print"



@page()
async def reminders_page(request: Request, ctx: Context) -> Response:
    """Every reminder, newest first; `?invoice=` or `?customer=` narrows it down, `?show=print`
    keeps those of customers without an e-mail address."""
    params = request.query_params
    statement = (
        select(PaymentReminder, Document, Contact)
        .join(Document, Document.id == PaymentReminder.document_id)
        .join(Contact, Contact.id == Document.customer_id)
        .order_by(PaymentReminder.sent_on.desc(), PaymentReminder.id.desc())
    )
    invoice_id, customer_id = id_value(params.get("invoice")), id_value(params.get("customer"))
    if invoice_id is not None:
        statement = statement.where(PaymentReminder.document_id == invoice_id)
    if customer_id is not None:
        statement = statement.where(Document.customer_id == customer_id)
    to_print = params.get("show") == PRINT
    if to_print:
        statement = statement.where(PaymentReminder.status == ReminderStatus.NO_ADDRESS)
    rows = ctx.session.execute(statement.limit(500)).all()
    narrowed: dict[str, Any] = {}
    if invoice_id is not None and rows:
        narrowed["invoice"] = rows[0][1].number
    if customer_id is not None:
        customer = ctx.session.get(Contact, customer_id)
        narrowed["customer"] = customer.name if customer is not None else ""
    return render(request, ctx, "payments/reminders.html", {
        "title": _("Reminders to print") if to_print else _("Reminders"),
        "rows": rows, "to_print": to_print, "narrowed": narrowed,
        "levels": {level: _(label) for level, label in LEVEL_LABELS.items()},
    })


@page()
async def reminder_letter(request: Request, ctx: Context) -> Response:
    """A reminder as a letter to print, in the invoice's language."""
    reminder = ctx.session.get(PaymentReminder, request.path_params["reminder_id"])
    invoice = ctx.session.get(Document, reminder.document_id) if reminder is not None else None
    if reminder is None or invoice is None:
        raise HTTPException(404)
    text = reminder_text(ctx, reminder.level, invoice.language)
    values = placeholder_values(ctx, invoice)
    return render(request, ctx, "payments/reminder_letter.html", {
        "title": fill(text.subject, values),
        "reminder": reminder, "invoice": invoice, "party": invoice.party or {},
        "body": fill(text.body, values),
    })


routes = [
    Route("/reminders", reminders_page),
    Route("/reminders/{reminder_id:int}/letter", reminder_letter),
]
