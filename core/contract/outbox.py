"""The outbox part of the addon contract: the handler an addon registers through
`facturo_outbox_handlers`, the job as its handler sees it, and how it reports an outcome."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from core.contract.context import HookContext


class RetryLater(Exception):
    """Raised by a handler: try again in `after_seconds` (e.g. a 429's `Retry-After`)."""

    def __init__(self, after_seconds: float, reason: str = "") -> None:
        super().__init__(reason or f"retry in {after_seconds:g} s")
        self.after_seconds = max(float(after_seconds), 0.0)
        self.reason = reason or str(self)


class PermanentFailure(Exception):
    """Raised by a handler: the call can never succeed as it is; dead-letter it at once."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class OutboxJobView:
    """A job as its handler sees it (plain values; changing it changes nothing stored).

    `attempt` counts this one (1 on the first try); pass `idempotency_key` to the remote
    side on every call that creates something, so that a retried attempt creates nothing
    twice.
    """

    id: int
    tenant_id: int
    service: str
    action: str
    payload: Mapping[str, Any]
    idempotency_key: str
    attempt: int
    max_attempts: int
    created_at: datetime


@dataclass(frozen=True)
class OutboxHandler:
    """Runs the jobs of one `service` and `action`: `handle(ctx, job)`.

    `handle` makes the call in a unit of work of the job's tenant (`ctx`) meant for
    reading: it holds no write lock during the call. It returns None, or a follow-up
    `(ctx) -> None` that writes what the answer changes: that runs in a short unit of work
    of its own which also marks the job done, so both commit or neither. It raises
    `RetryLater` or `PermanentFailure`; any other exception (also from the follow-up) is
    retried with exponential backoff and jitter, until `max_attempts`.

    Per tenant and service, across all workers: at most `concurrency` jobs run at once and,
    with `rate_limit`, at most that many start per minute (handlers of one service share the
    smallest values). `idempotent=False` says a retried call could do twice what it does
    (the remote side ignores the idempotency key): an attempt cut off by a dying worker is
    then not run again but failed, for a person to check. An attempt running longer than
    `lease` is taken for interrupted.
    """

    service: str
    action: str
    handle: Callable[[HookContext, OutboxJobView], Callable[[HookContext], None] | None]
    max_attempts: int = 8
    concurrency: int = 4
    rate_limit: int | None = None
    idempotent: bool = True
    lease: timedelta = timedelta(minutes=5)
    backoff: timedelta = timedelta(seconds=30)
    max_backoff: timedelta = timedelta(hours=6)
    addon_id: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """`(service, action)`, the handler's identity."""
        return (self.service, self.action)

    def retry_delay(self, attempts: int, rng: random.Random | None = None) -> timedelta:
        """The wait after `attempts` failed attempts: base × 2^(attempts − 1), capped, with
        jitter (between half and all of it), so that failed jobs do not all come back at once."""
        full = min(self.backoff * (2 ** max(attempts - 1, 0)), self.max_backoff)
        return full * (rng or random).uniform(0.5, 1.0)
