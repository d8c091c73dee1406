"""Collections of posted invoices on an active mandate, and what the bank booked of them.

A collection is queued inside the transaction that decides it (the posting, a click on the
button) and sent to Twikey afterwards with an `Idempotency-Key` made of the tenant, the
invoice number and the attempt, so that sending it again never collects twice. Its message
is the invoice's structured communication and its reference the invoice number. The
transaction feed brings back what the bank did: PAID records a payment through the payments
addon and the invoice is paid; ERROR and UNPAID leave it open with the reason kept (and a
collection paid before that comes back opens the invoice again).
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from addons.payments.api import (
    PaymentError,
    PaymentSource,
    record_movement,
    record_payment,
    unallocate,
)
from addons.twikey.client import TwikeyClient
from addons.twikey.mandates import active_mandate, feed_row
from addons.twikey.models import CollectionState, Kind, TwikeyCollection
from addons.twikey.translation import N_, _
from core.api import Context, DocumentRecord, DocumentState, document_record, ogm

OPEN_STATES = (DocumentState.POSTED, DocumentState.PARTIALLY_PAID)
MSG_NOT_OPEN = N_("Only a posted invoice with an amount still due can be collected.")
MSG_NO_MANDATE = N_("This customer has no active Twikey mandate.")
MSG_BUSY = N_("A collection of this invoice is already under way.")
MSG_PAID_ELSEWHERE = N_("Collected by Twikey, but the invoice could not take it (%(reason)s); "
                        "the money waits on the account to be matched.")


class CollectionRefused(ValueError):
    """A collection or refund that cannot be asked for, with the reason."""


def attempts(ctx: Context, document_id: int, kind: str = Kind.COLLECT) -> list[TwikeyCollection]:
    """The collections (or refunds) of a document, oldest first."""
    return list(ctx.session.scalars(
        select(TwikeyCollection)
        .where(TwikeyCollection.document_id == document_id, TwikeyCollection.kind == kind)
        .order_by(TwikeyCollection.attempt)))


def latest(ctx: Context, document_id: int, kind: str = Kind.COLLECT) -> TwikeyCollection | None:
    """The newest collection (or refund) of a document, or None."""
    found = attempts(ctx, document_id, kind)
    return found[-1] if found else None


def message_for(invoice: DocumentRecord) -> str:
    """What the customer reads on the bank statement: the structured communication."""
    if invoice.structured_ref:
        return ogm.display(invoice.structured_ref)
    return (invoice.number or "")[:140]


def why_not_collectable(ctx: Context, invoice: DocumentRecord) -> str | None:
    """The reason the invoice cannot be collected now, or None when it can."""
    if invoice.kind != "invoice" or invoice.state not in OPEN_STATES or invoice.totals.due <= 0:
        return _(MSG_NOT_OPEN)
    if active_mandate(ctx, invoice.customer_id) is None:
        return _(MSG_NO_MANDATE)
    last = latest(ctx, invoice.id)
    if last is not None and last.state not in CollectionState.FAILED:
        return _(MSG_BUSY)
    return None


def queue_collection(ctx: Context, document: Any) -> TwikeyCollection:
    """Queue the collection of what is due on a posted invoice, inside the caller's
    transaction; `CollectionRefused` with the reason when it cannot be collected."""
    invoice = document_record(document)
    reason = why_not_collectable(ctx, invoice)
    if reason:
        raise CollectionRefused(reason)
    mandate = active_mandate(ctx, invoice.customer_id)
    assert mandate is not None
    attempt = 1 + (ctx.session.scalar(
        select(func.max(TwikeyCollection.attempt)).where(
            TwikeyCollection.document_id == invoice.id,
            TwikeyCollection.kind == Kind.COLLECT)) or 0)
    row = TwikeyCollection(
        document_id=invoice.id, kind=Kind.COLLECT, attempt=attempt, mndt_id=mandate.mndt_id,
        amount=invoice.totals.due, message=message_for(invoice), ref=invoice.number or "",
        idempotency_key=f"facturo-{ctx.tenant_id}-{invoice.number}-collect-{attempt}",
    )
    ctx.session.add(row)
    ctx.session.flush()
    return row


def booked_on(entry: dict[str, Any]) -> date:
    """The day the bank booked a feed entry (`bkdate`), today when it does not say."""
    text = str(entry.get("bkdate") or "")[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return date.today()


def _find(ctx: Context, entry: dict[str, Any]) -> TwikeyCollection | None:
    query = select(TwikeyCollection).where(TwikeyCollection.kind == Kind.COLLECT)
    found = ctx.session.scalars(
        query.where(TwikeyCollection.twikey_id == str(entry.get("id")))).first()
    if found is None and entry.get("ref"):
        found = ctx.session.scalars(
            query.where(TwikeyCollection.ref == str(entry["ref"]))
            .order_by(TwikeyCollection.attempt.desc())).first()
    return found


def _record_paid(ctx: Context, row: TwikeyCollection, entry: dict[str, Any]) -> None:
    amount = Decimal(str(entry.get("bkamount") or entry.get("amount") or row.amount))
    on = booked_on(entry)
    external_id = f"twikey:{entry.get('id')}"
    details = {"source": PaymentSource.ADDON, "description": "Twikey"}
    try:
        payment = record_payment(ctx, row.document_id, amount, on, reference=row.message,
                                 external_id=external_id, **details)
        row.reason = ""
    except PaymentError as refused:
        payment = record_movement(ctx, amount, on, reference=row.message,
                                  external_id=external_id, **details)
        row.reason = _(MSG_PAID_ELSEWHERE) % {"reason": str(refused)}
    row.payment_id = payment.id


def take_back(ctx: Context, row: TwikeyCollection, amount: Decimal, on: date,
              external_id: str) -> None:
    """Money Twikey moved for `row` came back: its payment is no longer matched to the
    document, and `amount` is booked as a movement of its own."""
    assert row.payment_id is not None
    with suppress(PaymentError):  # matched by hand to something else meanwhile: leave it
        unallocate(ctx, row.payment_id, row.document_id)
    record_movement(ctx, amount, on, reference=row.message, source=PaymentSource.ADDON,
                    description="Twikey", external_id=external_id)
    row.payment_id = None


def _reverse(ctx: Context, row: TwikeyCollection, entry: dict[str, Any]) -> None:
    """A collection paid before came back (the customer asked their bank for a refund):
    the invoice is open again and the money that left is a movement of its own."""
    take_back(ctx, row, -row.amount, booked_on(entry),
              f"twikey:{entry.get('id')}:{row.state}-{entry.get('state')}")


def apply_transaction(ctx: Context, entry: dict[str, Any]) -> TwikeyCollection | None:
    """Bring one transaction feed entry into its collection (None: not one of ours)."""
    row = _find(ctx, entry)
    if row is None:
        return None
    state = str(entry.get("state") or "")
    if row.twikey_id is None and entry.get("id") is not None:
        row.twikey_id = str(entry["id"])
    if state == CollectionState.PAID and row.payment_id is None \
            and row.state not in CollectionState.FAILED:  # not old news of one reversed
        _record_paid(ctx, row, entry)
    elif state in (CollectionState.ERROR, CollectionState.UNPAID):
        row.reason = str(entry.get("bkerror") or state)[:500]
        if row.payment_id is not None:
            _reverse(ctx, row, entry)
    if state:
        row.state = state
    ctx.session.flush()
    return row


def read_transaction_feed(ctx: Context, client: TwikeyClient) -> int:
    """Read the transaction feed until it is empty and apply every entry; the position moves
    with the entries of each page, in the caller's transaction. Returns the entries read."""
    row = feed_row(ctx)
    count = 0
    for page in client.transaction_feed(row.transaction_position):
        for entry in page.entries:
            apply_transaction(ctx, entry)
        count += len(page.entries)
        row.transaction_position = page.last or row.transaction_position
        ctx.session.flush()
    return count
