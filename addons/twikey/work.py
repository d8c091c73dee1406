"""The work that talks to Twikey, run after the transaction that asked for it committed.

Each function opens the tenant's own unit of work, so that what Twikey answered is kept
even when the caller's work goes on or fails: sending one collection or refund, and reading
the two feeds. A call Twikey could not answer (`TwikeyUnavailable`) is raised to the caller
to be tried again; the idempotency key of a collection stays the same on every try.
"""

from __future__ import annotations

from addons.twikey.collections import read_transaction_feed
from addons.twikey.connection import client_for
from addons.twikey.mandates import read_mandate_feed
from addons.twikey.models import TwikeyCollection
from addons.twikey.sending import send
from core.api import Context


def send_collection(ctx: Context, collection_id: int) -> TwikeyCollection | None:
    """Send one queued collection or refund of the tenant to Twikey."""
    with client_for(ctx) as client:
        return send(ctx, client, collection_id)


def read_feeds(ctx: Context) -> tuple[int, int]:
    """Read the mandate feed, then the transaction feed; (mandate messages, transactions)."""
    with client_for(ctx) as client:
        return read_mandate_feed(ctx, client), read_transaction_feed(ctx, client)


def read_transactions(ctx: Context) -> int:
    """Read the transaction feed (what a webhook asks for)."""
    with client_for(ctx) as client:
        return read_transaction_feed(ctx, client)
