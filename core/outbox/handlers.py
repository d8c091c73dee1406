"""What runs a job: the handlers addons register, and how a handler reports an outcome."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from core.addons.dispatch import per_addon
from core.addons.errors import AddonError

if TYPE_CHECKING:
    from core.addons.catalogue import Catalogue
    from core.context import Context


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

    `handle` runs in a unit of work of the job's tenant (`ctx`): what it writes through
    `ctx.session` commits together with the job being marked done, or not at all. It
    returns to say the call succeeded, raises `RetryLater` or `PermanentFailure`; any other
    exception is retried with exponential backoff and jitter, until `max_attempts`.

    Per tenant and service, across all workers: at most `concurrency` jobs run at once and,
    with `rate_limit`, at most that many start per minute (handlers of one service share the
    smallest values). `idempotent=False` says a retried call could do twice what it does
    (the remote side ignores the idempotency key): an attempt cut off by a dying worker is
    then not run again but failed, for a person to check. An attempt running longer than
    `lease` is taken for interrupted.
    """

    service: str
    action: str
    handle: Callable[[Context, OutboxJobView], None]
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


@dataclass(frozen=True)
class ServiceLimits:
    """The limits of one service, per tenant: jobs at once, jobs started per minute."""

    concurrency: int
    per_minute: int | None


CORE_HANDLERS: list[OutboxHandler] = []

_registered: WeakKeyDictionary[Catalogue, dict[tuple[str, str], OutboxHandler]] = (
    WeakKeyDictionary()
)


def _check(addon_id: str, item: Any) -> OutboxHandler:
    if not isinstance(item, OutboxHandler) or not callable(item.handle):
        raise AddonError(addon_id, f"facturo_outbox_handlers returned {item!r}, "
                                   "not a core.api.OutboxHandler")
    if item.max_attempts < 1 or item.concurrency < 1 or (
            item.rate_limit is not None and item.rate_limit < 1):
        raise AddonError(addon_id, f"outbox handler {item.service}.{item.action}: "
                                   "max_attempts, concurrency and rate_limit must be at least 1")
    return dataclasses.replace(item, addon_id=addon_id)


def outbox_handlers(catalogue: Catalogue) -> dict[tuple[str, str], OutboxHandler]:
    """Every handler of the core and of every installed addon, by `(service, action)`."""
    found = _registered.get(catalogue)
    if found is not None:
        return found
    handlers = {handler.key: handler for handler in CORE_HANDLERS}
    for addon_id, declared in per_addon(catalogue.manager, "facturo_outbox_handlers"):
        for item in declared:
            handler = _check(addon_id, item)
            if handler.key in handlers:
                raise AddonError(addon_id, f"outbox handler {handler.service}.{handler.action} "
                                           "is declared twice")
            handlers[handler.key] = handler
    _registered[catalogue] = handlers
    return handlers


def service_limits(catalogue: Catalogue) -> dict[str, ServiceLimits]:
    """The limits of each service: the smallest its handlers declare."""
    limits: dict[str, ServiceLimits] = {}
    for handler in outbox_handlers(catalogue).values():
        known = limits.get(handler.service)
        if known is None:
            limits[handler.service] = ServiceLimits(handler.concurrency, handler.rate_limit)
            continue
        rates = [r for r in (known.per_minute, handler.rate_limit) if r is not None]
        limits[handler.service] = ServiceLimits(min(known.concurrency, handler.concurrency),
                                                min(rates) if rates else None)
    return limits
