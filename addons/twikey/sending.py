"""Sending a queued collection or refund to Twikey, once."""

from __future__ import annotations

from addons.twikey.client import TwikeyClient, TwikeyError
from addons.twikey.collections import CollectionRefused
from addons.twikey.models import CollectionState, Kind, TwikeyCollection
from addons.twikey.notify import notify_collection
from addons.twikey.refunds import send_refund
from core.api import Context


def send(ctx: Context, client: TwikeyClient, collection_id: int) -> TwikeyCollection | None:
    """Send a queued collection (or refund) to Twikey, with its `Idempotency-Key`.

    One that was sent already is left as it is; a refusal (Twikey's, or ours: no account
    known for a refund) is kept as its reason. `TwikeyUnavailable` goes up to the caller,
    which tries again later with the same key.
    """
    row = ctx.session.get(TwikeyCollection, collection_id)
    if row is None or row.state != CollectionState.QUEUED:
        return row
    try:
        if row.kind == Kind.REFUND:
            entry = send_refund(ctx, client, row)
        else:
            entry = client.new_transaction(row.mndt_id, row.message, row.amount, row.ref,
                                           row.idempotency_key)
    except TwikeyError as error:
        row.state = CollectionState.REFUSED
        row.reason = error.message + (f" ({error.extra})" if error.extra else "")
        return row
    except CollectionRefused as refused:
        row.state = CollectionState.REFUSED
        row.reason = str(refused)
        return row
    row.twikey_id = str(entry.get("id") or "") or None
    row.state = str(entry.get("state") or CollectionState.OPEN)
    ctx.session.flush()
    if row.kind == Kind.COLLECT:
        notify_collection(ctx, row)
    return row
