"""Writing a job: in the caller's unit of work, so it commits or rolls back with the change."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite

from core.db.base import utcnow
from core.outbox.handlers import outbox_handlers
from core.outbox.models import JobState, OutboxJob

if TYPE_CHECKING:
    from core.context import Context

KEY_MAX = 200


class OutboxError(ValueError):
    """A job that cannot be written as asked (unknown handler, payload that is not JSON)."""


_TABLE = OutboxJob.__table__
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


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
    `run_after` delays the first attempt.
    """
    handler = outbox_handlers(ctx.app.catalogue).get((service, action))
    if handler is None:
        raise OutboxError(f"no outbox handler for {service}.{action}: an installed addon "
                          "registers it with facturo_outbox_handlers()")
    try:
        json.dumps(payload, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise OutboxError(f"the payload of {service}.{action} is not JSON: {exc}") from exc
    given = idempotency_key is not None
    key = idempotency_key if given else f"{action}:{uuid.uuid4().hex}"
    if not key or len(key) > KEY_MAX:
        raise OutboxError(f"an idempotency key has 1 to {KEY_MAX} characters")
    now = utcnow()
    when = now if run_after is None else (
        run_after if run_after.tzinfo else run_after.replace(tzinfo=UTC))
    values = {
        "tenant_id": ctx.tenant_id, "service": service, "action": action, "payload": payload,
        "idempotency_key": key, "state": JobState.QUEUED.value, "attempts": 0,
        "max_attempts": handler.max_attempts, "retry_interrupted": handler.idempotent,
        "run_after": when, "created_at": now,
    }
    connection = ctx.session.connection()
    if not given:
        return int(connection.execute(insert(_TABLE).values(values)).inserted_primary_key[0])
    dialect_insert = _INSERTS[connection.dialect.name]
    statement = dialect_insert(_TABLE).values(values).on_conflict_do_nothing()
    new_id = connection.execute(statement.returning(_TABLE.c.id)).scalar()
    if new_id is not None:
        return int(new_id)
    return int(connection.execute(
        select(_TABLE.c.id).where(_TABLE.c.tenant_id == ctx.tenant_id,
                                  _TABLE.c.service == service,
                                  _TABLE.c.idempotency_key == key)
    ).scalar_one())
