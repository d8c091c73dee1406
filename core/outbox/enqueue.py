"""Queuing a call to the outside world: in the caller's unit of work, so that it commits or
rolls back with the change that causes it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from core.outbox.registry import outbox_handlers
from core.outbox.rows import OutboxError, insert_job

if TYPE_CHECKING:
    from core.context import Context

__all__ = ["OutboxError", "enqueue"]


def enqueue(
    ctx: Context,
    service: str,
    action: str,
    payload: dict[str, Any],
    *,
    idempotency_key: str | None = None,
    run_after: datetime | None = None,
) -> int:
    """Queue a call to `service`'s `action` for the context's tenant; the job's id.

    The row is written in `ctx.session`, so it exists only if the caller's unit of work
    commits. `payload` must be JSON (pass amounts as strings). The same
    `idempotency_key` for the same tenant and service is the same job: queuing it again
    returns the first job's id and adds nothing. Without a key the job gets a unique one.
    `run_after` delays the first attempt. An unknown handler raises `OutboxError`.
    """
    handler = outbox_handlers(ctx.app.catalogue).get((service, action))
    if handler is None:
        raise OutboxError(f"no outbox handler for {service}.{action}: an installed addon "
                          "registers it with facturo_outbox_handlers()")
    return insert_job(ctx, handler, payload, idempotency_key=idempotency_key,
                      run_after=run_after)
