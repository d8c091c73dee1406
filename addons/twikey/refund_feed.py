"""What became of the refunds: Twikey's credit transfer feed (`GET /creditor/transfer`).

Read like the transaction feed: from the stored position (`X-RESUME-AFTER`, the next one in
`X-LAST`) until a page comes back empty, each page's position flushed with what it changed.
An entry is the refund as Twikey keeps it (`id`, `ref`, `amount`, `iban`, `state`,
`bkdate`, and the bank's `bkerror` when it failed); it finds its refund row by Twikey's id,
or by its ref (the credit note number) for one whose id was never heard. PAID records the
money paid back on the credit note through `addons.payments.api.record_refund` (external id
`twikey:transfer:<id>`, so reading the entry again records nothing); ERROR or UNPAID keeps
the bank's reason, and a new refund may be asked. A refund paid that comes back later gives
the credit note its amount back and records the money returned as a movement of its own.

The feed is read only while a refund waits for its outcome; Twikey refusing it (an API key
without access to refunds) is written on those refunds and stops no other reading.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from addons.payments.api import (
    PaymentError,
    PaymentSource,
    record_movement,
    record_refund,
)
from addons.twikey.client import TwikeyClient, TwikeyError
from addons.twikey.collections import booked_on, take_back
from addons.twikey.mandates import feed_row
from addons.twikey.models import CollectionState, Kind, TwikeyCollection
from addons.twikey.translation import N_, _
from core.api import Context

SETTLED = (CollectionState.QUEUED, CollectionState.PAID, *CollectionState.FAILED)
BANK_FAILED = (CollectionState.ERROR, CollectionState.UNPAID)
MSG_REFUNDED_ELSEWHERE = N_("Paid back by Twikey, but the credit note could not take it "
                            "(%(reason)s); the payment is kept on the account without it.")
MSG_FEED_REFUSED = N_("Twikey did not tell what became of the refund: %(reason)s")


def awaiting(ctx: Context) -> list[TwikeyCollection]:
    """The refunds sent to Twikey whose outcome is not known yet."""
    return list(ctx.session.scalars(
        select(TwikeyCollection).where(TwikeyCollection.kind == Kind.REFUND,
                                       TwikeyCollection.state.not_in(SETTLED))
        .order_by(TwikeyCollection.id)))


def _find(ctx: Context, entry: dict[str, Any]) -> TwikeyCollection | None:
    query = select(TwikeyCollection).where(TwikeyCollection.kind == Kind.REFUND)
    if entry.get("id") is not None:
        found = ctx.session.scalars(
            query.where(TwikeyCollection.twikey_id == str(entry["id"]))).first()
        if found is not None:
            return found
    if not entry.get("ref"):
        return None
    return ctx.session.scalars(
        query.where(TwikeyCollection.ref == str(entry["ref"]),
                    TwikeyCollection.twikey_id.is_(None))
        .order_by(TwikeyCollection.attempt.desc())).first()


def _amount(row: TwikeyCollection, entry: dict[str, Any]) -> Decimal:
    return Decimal(str(entry.get("amount") or row.amount))


def _record_paid(ctx: Context, row: TwikeyCollection, entry: dict[str, Any]) -> None:
    amount = _amount(row, entry)
    on = booked_on(entry)
    details = {"source": PaymentSource.ADDON, "description": "Twikey",
               "external_id": f"twikey:transfer:{entry.get('id')}"}
    try:
        payment = record_refund(ctx, row.document_id, amount, on, reference=row.message,
                                counterparty_iban=str(entry.get("iban") or ""), **details)
        row.reason = ""
    except PaymentError as refused:
        payment = record_movement(ctx, -amount, on, reference=row.message, **details)
        row.reason = _(MSG_REFUNDED_ELSEWHERE) % {"reason": str(refused)}
    row.payment_id = payment.id


def _returned(ctx: Context, row: TwikeyCollection, entry: dict[str, Any]) -> None:
    """A refund paid came back (the account was closed, say): the credit note may be paid
    back again, and the money that returned is a movement of its own."""
    take_back(ctx, row, _amount(row, entry), booked_on(entry),
              f"twikey:transfer:{entry.get('id')}:returned")


def apply_transfer(ctx: Context, entry: dict[str, Any]) -> TwikeyCollection | None:
    """Bring one credit transfer feed entry into its refund (None: not one of ours)."""
    row = _find(ctx, entry)
    if row is None:
        return None
    state = str(entry.get("state") or "").upper()
    if row.twikey_id is None and entry.get("id") is not None:
        row.twikey_id = str(entry["id"])
    if state == CollectionState.PAID and row.state in CollectionState.FAILED:
        return row  # old news of a refund that came back since (the feed read again)
    if state == CollectionState.PAID and row.payment_id is None:
        _record_paid(ctx, row, entry)
    elif state in BANK_FAILED:
        row.reason = str(entry.get("bkerror") or state)[:500]
        if row.payment_id is not None:
            _returned(ctx, row, entry)
    if state:
        row.state = state
    ctx.session.flush()
    return row


def read_refund_feed(ctx: Context, client: TwikeyClient) -> int:
    """Read the credit transfer feed until it is empty and apply every entry; the position
    moves with the entries of each page, in the caller's transaction. Returns the entries
    read."""
    feeds = feed_row(ctx)
    count = 0
    for page in client.transfer_feed(feeds.transfer_position):
        for entry in page.entries:
            apply_transfer(ctx, entry)
        count += len(page.entries)
        feeds.transfer_position = page.last or feeds.transfer_position
        ctx.session.flush()
    return count


def follow_refunds(ctx: Context, client: TwikeyClient) -> int:
    """Read the credit transfer feed when a refund waits for its outcome (entries read)."""
    if not awaiting(ctx):
        return 0
    try:
        return read_refund_feed(ctx, client)
    except TwikeyError as refused:
        for row in awaiting(ctx):
            row.reason = _(MSG_FEED_REFUSED) % {"reason": refused.message}
        return 0
