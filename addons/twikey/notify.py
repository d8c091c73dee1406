"""Telling the customer that an invoice will be collected (setting "notify per collection").

The e-mail goes through the tenant's mail outbox, in the invoice's language, once per
collection (keyed on the collection's idempotency key).
"""

from __future__ import annotations

from sqlalchemy import select

from addons.twikey.connection import settings
from addons.twikey.models import TwikeyCollection, TwikeyMandate
from addons.twikey.translation import N_, _
from core.api import (
    Context,
    OutboxMessage,
    current_details,
    email_for,
    enqueue_mail,
    format_currency,
    get_contact,
    read_document,
    use_language,
)

SUBJECT = N_("Invoice %(number)s will be collected by direct debit")
BODY = N_("Dear %(name)s,\n\nInvoice %(number)s of %(amount)s will be collected by direct "
          "debit from account %(iban)s (mandate %(mandate)s), with the communication "
          "%(message)s.\n\nKind regards,\n%(company)s")


def notify_collection(ctx: Context, row: TwikeyCollection) -> OutboxMessage | None:
    """Queue the e-mail announcing a collection, when the tenant wants it and the customer
    has an address; None otherwise."""
    if not settings(ctx).get("notify"):
        return None
    invoice = read_document(ctx, row.document_id)
    address = email_for(ctx, get_contact(ctx, invoice.customer_id), "invoice")
    if not address:
        return None
    mandate = ctx.session.scalars(
        select(TwikeyMandate).where(TwikeyMandate.mndt_id == row.mndt_id)).first()
    with use_language(invoice.language):
        values = {"name": invoice.party.name, "number": invoice.number or "",
                  "amount": format_currency(row.amount, invoice.currency, invoice.language),
                  "iban": (mandate.iban if mandate else None) or "", "mandate": row.mndt_id,
                  "message": row.message, "company": current_details(ctx)["name"]}
        subject, body = _(SUBJECT) % values, _(BODY) % values
    return enqueue_mail(ctx, to=[part.strip() for part in address.split(",") if part.strip()],
                        subject=subject, body_text=body,
                        idempotency_key=f"twikey:notify:{row.idempotency_key}")
