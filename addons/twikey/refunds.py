"""Refunds: a credit note on an invoice Twikey collected pays the credited amount back.

The credit note's page offers it; the refund is queued like a collection and sent to
Twikey (`POST /creditor/transfer`) to the account the mandate was signed with. What the bank
did with it comes back in the credit transfer feed (`refund_feed`); one Twikey or the bank
refused may be asked again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from addons.twikey.client import TwikeyClient
from addons.twikey.collections import CollectionRefused, attempts, latest
from addons.twikey.models import CollectionState, Kind, TwikeyCollection, TwikeyMandate
from addons.twikey.translation import N_, _
from core.api import Context, DocumentRecord, document_record, get_contact, linked_sources

MSG_NOT_REFUNDABLE = N_("Only a posted credit note of an invoice collected by Twikey can be "
                        "refunded through Twikey.")
MSG_REFUND_BUSY = N_("A refund of this credit note is already under way.")
MSG_REFUNDED = N_("This credit note is paid back through Twikey already.")
MSG_NO_ACCOUNT = N_("Twikey does not know the account of this mandate yet.")


def collected_invoice(ctx: Context, credit_note: DocumentRecord) -> TwikeyCollection | None:
    """The paid collection of the invoice a credit note corrects, or None."""
    if credit_note.kind != "credit_note" or credit_note.is_draft:
        return None
    for source in linked_sources(ctx, credit_note.id):
        paid = [c for c in attempts(ctx, source.id) if c.state == CollectionState.PAID]
        if paid:
            return paid[-1]
    return None


def why_not_refundable(ctx: Context, credit_note: DocumentRecord) -> str | None:
    """The reason the credit note cannot be refunded through Twikey now, or None."""
    if collected_invoice(ctx, credit_note) is None:
        return _(MSG_NOT_REFUNDABLE)
    last = latest(ctx, credit_note.id, Kind.REFUND)
    if last is not None and last.state == CollectionState.PAID:
        return _(MSG_REFUNDED)
    if last is not None and last.state not in CollectionState.FAILED:
        return _(MSG_REFUND_BUSY)
    return None


def refund_amount(ctx: Context, credit_note: DocumentRecord) -> Any:
    """What is paid back: the credit note's total, at most what was collected."""
    collection = collected_invoice(ctx, credit_note)
    assert collection is not None
    return min(credit_note.totals.incl_vat, collection.amount)


def queue_refund(ctx: Context, document: Any) -> TwikeyCollection:
    """Queue the refund of a credit note in the caller's transaction, or refuse it."""
    credit_note = document_record(document)
    reason = why_not_refundable(ctx, credit_note)
    if reason:
        raise CollectionRefused(reason)
    collection = collected_invoice(ctx, credit_note)
    assert collection is not None
    attempt = len(attempts(ctx, credit_note.id, Kind.REFUND)) + 1
    row = TwikeyCollection(
        document_id=credit_note.id, kind=Kind.REFUND, attempt=attempt,
        mndt_id=collection.mndt_id, amount=refund_amount(ctx, credit_note),
        message=(credit_note.number or "")[:140], ref=credit_note.number or "",
        idempotency_key=f"facturo-{ctx.tenant_id}-{credit_note.number}-refund-{attempt}",
    )
    ctx.session.add(row)
    ctx.session.flush()
    return row


def send_refund(ctx: Context, client: TwikeyClient, row: TwikeyCollection) -> dict[str, Any]:
    """Ask Twikey to pay a queued refund back to the mandate's account."""
    mandate = ctx.session.scalars(
        select(TwikeyMandate).where(TwikeyMandate.mndt_id == row.mndt_id)).first()
    if mandate is None or not mandate.iban:
        raise CollectionRefused(_(MSG_NO_ACCOUNT))
    customer = get_contact(ctx, mandate.contact_id)
    return client.refund(customer.number, mandate.iban, row.message, row.amount, row.ref,
                         row.idempotency_key)
