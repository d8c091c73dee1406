"""The MailChimp calls as outbox jobs: queued in the transaction that saves the customer, run
by the worker after it committed, with MailChimp's errors turned into the outbox's outcomes.

| job | payload | does |
| --- | --- | --- |
| `mailchimp.sync_member` | `contact_id`, `email` | `sync.sync_contact`: upsert, move, archive |
| `mailchimp.forget_member` | `email`, `list_id` | archives the address of a deleted customer |
| `mailchimp.full_sync` | `sync_id`, `step` | starts the batches, then polls them (a job per look) |

A 429 waits for its `Retry-After` (`RetryLater`); MailChimp down or slow is retried with the
outbox's backoff; a refusal that cannot change (bad key, invalid address) is dead-lettered
with MailChimp's title and detail (`PermanentFailure`). "Member In Compliance State" is no
failure: it is recorded on the customer and the job is done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from addons.mailchimp.client import BadApiKey, MailChimpError, RateLimited, Unavailable
from addons.mailchimp.fullsync import QUEUED, poll, start_sync, submit
from addons.mailchimp.models import FullSync
from addons.mailchimp.sync import account, forget_address, sync_contact
from core.api import (
    Context,
    OutboxHandler,
    OutboxJobView,
    PermanentFailure,
    RetryLater,
    enqueue,
    utcnow,
)

SERVICE = "mailchimp"
POLL_EVERY = timedelta(seconds=2)
RATE_LIMIT_WAIT = 30.0
"""Seconds to wait after a 429 that did not say how long."""


@contextmanager
def outcomes() -> Iterator[None]:
    """MailChimp's errors as the outbox's outcomes."""
    try:
        yield
    except RateLimited as exc:
        raise RetryLater(exc.retry_after or RATE_LIMIT_WAIT, str(exc)) from exc
    except Unavailable:
        raise
    except MailChimpError as exc:
        raise PermanentFailure(str(exc)) from exc
    except BadApiKey as exc:
        raise PermanentFailure(f"the API key {exc} has no data centre (…-us21)") from exc


def queue_member(ctx: Context, contact_id: int, email: str | None) -> int:
    """Queue the sync of one customer's member."""
    return enqueue(ctx, SERVICE, "sync_member", {"contact_id": contact_id,
                                                 "email": (email or "").strip().lower()})


def queue_forget(ctx: Context, email: str, list_id: str) -> int:
    """Queue the archiving of a deleted customer's address."""
    return enqueue(ctx, SERVICE, "forget_member", {"email": email, "list_id": list_id})


def queue_full_sync(ctx: Context) -> FullSync:
    """Start a full sync (or take the one under way) and queue its first step."""
    sync = start_sync(ctx)
    if sync.state == QUEUED:
        enqueue(ctx, SERVICE, "full_sync", {"sync_id": sync.id, "step": 0},
                idempotency_key=f"full_sync:{sync.id}:0")
    return sync


def handle_member(ctx: Context, job: OutboxJobView) -> None:
    """`mailchimp.sync_member`."""
    with outcomes():
        sync_contact(ctx, int(job.payload["contact_id"]))


def handle_forget(ctx: Context, job: OutboxJobView) -> None:
    """`mailchimp.forget_member`."""
    with outcomes():
        forget_address(ctx, str(job.payload["email"]), str(job.payload.get("list_id") or ""))


def handle_full_sync(ctx: Context, job: OutboxJobView) -> None:
    """`mailchimp.full_sync`: one step (start the batches, or look at them once); queues the
    next step until the sync is finished."""
    sync = ctx.session.get(FullSync, int(job.payload["sync_id"]))
    acct = account(ctx)
    if sync is None:
        return
    if acct is None:
        submit(ctx, sync, None)  # type: ignore[arg-type]  # records "not configured"
        return
    with outcomes(), acct.client() as client:
        if sync.state == QUEUED:
            submit(ctx, sync, client)
            finished = sync.state != "running"
        else:
            finished = poll(ctx, sync, client)
    if not finished:
        step = int(job.payload.get("step", 0)) + 1
        enqueue(ctx, SERVICE, "full_sync", {"sync_id": sync.id, "step": step},
                idempotency_key=f"full_sync:{sync.id}:{step}", run_after=utcnow() + POLL_EVERY)


def handlers() -> list[OutboxHandler]:
    """The addon's outbox handlers; at most 4 calls at once per tenant (MailChimp refuses
    more than 10 connections per account)."""
    made: list[tuple[str, Callable[[Context, OutboxJobView], None]]] = [
        ("sync_member", handle_member), ("forget_member", handle_forget),
        ("full_sync", handle_full_sync)]
    return [OutboxHandler(SERVICE, action, handle, max_attempts=8, concurrency=4)
            for action, handle in made]

