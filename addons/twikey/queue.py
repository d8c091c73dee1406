"""Twikey's calls through the outbox: queued in the caller's transaction, run by a worker.

Two services, so that each has its own limits: `twikey` sends collections and refunds
(several at once; each carries its own `Idempotency-Key`, so a worker cut off in the middle
of one may send it again without collecting twice), `twikey_feeds` reads the mandate,
transaction and credit transfer feeds one at a time per tenant (each page's position commits
with what it brought, so a reading cut off is read again from there).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import select

from addons.twikey.client import TwikeyClient, TwikeyUnavailable
from addons.twikey.collections import read_transaction_feed
from addons.twikey.connection import NotConfigured, client_for, settings
from addons.twikey.mandates import read_mandate_feed
from addons.twikey.models import CollectionState, TwikeyCollection
from addons.twikey.refund_feed import follow_refunds
from addons.twikey.sending import send
from core.api import Context, OutboxHandler, OutboxJobView, PermanentFailure, RetryLater, enqueue

SEND = ("twikey", "send")
READ = ("twikey_feeds", "read")
TIMEOUT_LEASE = timedelta(minutes=5)


def send_after_commit(ctx: Context, collection_id: int) -> int:
    """Queue the sending of a collection or refund with the caller's transaction."""
    row = ctx.session.get(TwikeyCollection, collection_id)
    assert row is not None
    return enqueue(ctx, *SEND, {"collection_id": collection_id},
                   idempotency_key=row.idempotency_key)


def read_after_commit(ctx: Context, *, mandates: bool = False) -> int:
    """Queue a reading of the transaction feed (and of the mandate feed)."""
    return enqueue(ctx, *READ, {"mandates": mandates})


@contextmanager
def _client(ctx: Context) -> Iterator[TwikeyClient]:
    try:
        client = client_for(ctx)
    except NotConfigured as missing:
        raise PermanentFailure(str(missing)) from missing
    try:
        with client:
            yield client
    except TwikeyUnavailable as unavailable:
        if unavailable.retry_after is not None:
            raise RetryLater(unavailable.retry_after, str(unavailable)) from unavailable
        raise


def handle_send(ctx: Context, job: OutboxJobView) -> None:
    """Send one queued collection or refund (a refusal is kept on it, not retried)."""
    with _client(ctx) as client:
        send(ctx, client, int(job.payload["collection_id"]))


def handle_read(ctx: Context, job: OutboxJobView) -> None:
    """Read the mandate feed when asked, then the transaction feed, then the credit
    transfer feed while a refund waits for its outcome."""
    with _client(ctx) as client:
        if job.payload.get("mandates"):
            read_mandate_feed(ctx, client)
        read_transaction_feed(ctx, client)
        follow_refunds(ctx, client)


HANDLERS = [
    OutboxHandler(*SEND, handle_send, max_attempts=10, concurrency=4, idempotent=True,
                  lease=TIMEOUT_LEASE),
    OutboxHandler(*READ, handle_read, max_attempts=10, concurrency=1, idempotent=True,
                  lease=TIMEOUT_LEASE),
]


def hourly(ctx: Context) -> None:
    """The hourly job: queue again what was never sent, and a reading of the feeds (not
    before the API key is given)."""
    if not (settings(ctx).get("api_key") or "").strip():
        return
    queued = ctx.session.scalars(
        select(TwikeyCollection.id).where(TwikeyCollection.state == CollectionState.QUEUED)
        .order_by(TwikeyCollection.id)).all()
    for collection_id in queued:
        send_after_commit(ctx, collection_id)
    read_after_commit(ctx, mandates=True)
