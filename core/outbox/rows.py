"""Writing a job row in the caller's unit of work, for a known handler."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

from core.contract.outbox import OutboxHandler
from core.db.base import utcnow
from core.outbox.models import JobState, OutboxJob

if TYPE_CHECKING:
    from core.context import Context

KEY_MAX = 200


class OutboxError(ValueError):
    """A job that cannot be written as asked (unknown handler, payload that is not JSON)."""


_TABLE = OutboxJob.__table__
_COLUMNS = ("tenant_id", "service", "action", "payload", "idempotency_key", "state",
            "attempts", "max_attempts", "retry_interrupted", "run_after", "created_at")
# built once: a statement made per call costs more than running it
_PLAIN_INSERT = insert(_TABLE).values({name: bindparam(name) for name in _COLUMNS})
_FIND = select(_TABLE.c.id).where(_TABLE.c.tenant_id == bindparam("tenant_id"),
                                  _TABLE.c.service == bindparam("service"),
                                  _TABLE.c.idempotency_key == bindparam("idempotency_key"))
_KEYED_INSERTS: dict[str, Any] = {}


def _keyed_insert(dialect: str) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id, for the dialect (built once)."""
    statement = _KEYED_INSERTS.get(dialect)
    if statement is None:
        make = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
        statement = (make(_TABLE).values({name: bindparam(name) for name in _COLUMNS})
                     .on_conflict_do_nothing().returning(_TABLE.c.id))
        _KEYED_INSERTS[dialect] = statement
    return statement


@lru_cache(maxsize=4)
def _driver_insert(dialect: Dialect) -> str:
    """PostgreSQL: the keyed insert as the driver's SQL, compiled once by SQLAlchemy.

    Queuing a job is on the path of every save that causes one. It is sent on the unit of
    work's own driver connection (`Connection.connection.driver_connection`), inside the
    transaction SQLAlchemy began, so it commits and rolls back with the business change and
    the row-level security of the session applies. That skips a second serialisation of the
    payload and SQLAlchemy's per-statement bookkeeping, which was more than a third of what
    enqueueing added to a save (`bench/outbox.py`). The values are ones the driver sends as
    they are: ints, strings, booleans, aware datetimes, and the payload as JSON text."""
    return str(_keyed_insert(dialect.name).compile(dialect=dialect))


def insert_job(
    ctx: Context,
    handler: OutboxHandler,
    payload: dict[str, Any],
    *,
    idempotency_key: str | None = None,
    run_after: datetime | None = None,
) -> int:
    """Write a job of `handler` for the context's tenant (see `core.outbox.enqueue`)."""
    service, action = handler.key
    try:
        payload_json = json.dumps(payload, allow_nan=False)
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
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        assert driver is not None
        found = driver.execute(_driver_insert(connection.dialect),
                               {**values, "payload": payload_json}).fetchone()
        new_id = found[0] if found else None
    elif not given:
        return int(connection.execute(_PLAIN_INSERT, values).inserted_primary_key[0])
    else:
        new_id = connection.execute(_keyed_insert(connection.dialect.name), values).scalar()
    if new_id is not None:
        return int(new_id)
    return int(connection.execute(_FIND, {"tenant_id": ctx.tenant_id, "service": service,
                                          "idempotency_key": key}).scalar_one())
