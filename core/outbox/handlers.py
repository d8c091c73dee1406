"""The limits a service's handlers share (the handlers themselves: `core.contract.outbox`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceLimits:
    """The limits of one service, per tenant: jobs at once, jobs started per minute."""

    concurrency: int
    per_minute: int | None
