"""Asking for Twikey work from inside a transaction; it runs once that transaction committed.

Until a job has run, a collection stays `queued` and the hourly job sends it, so nothing
asked for is lost when Twikey is down or the process stops.
"""

from __future__ import annotations

from sqlalchemy import select

from addons.twikey.models import CollectionState, TwikeyCollection
from addons.twikey.work import read_feeds, send_collection
from core.api import Context


def send_after_commit(ctx: Context, collection_id: int) -> None:
    """Send a queued collection or refund once the caller's transaction committed."""


def read_after_commit(ctx: Context, *, mandates: bool = False) -> None:
    """Read the transaction feed (and the mandate feed) once the transaction committed."""


def hourly(ctx: Context) -> None:
    """The hourly job: send what is still queued, then read both feeds."""
    queued = ctx.session.scalars(
        select(TwikeyCollection.id).where(TwikeyCollection.state == CollectionState.QUEUED)
        .order_by(TwikeyCollection.id)).all()
    for collection_id in queued:
        send_collection(ctx, collection_id)
    read_feeds(ctx)
