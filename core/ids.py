"""Ids that come from outside (a request, a file): read within what an id can be, and checked
against the tenant. The web pages use them through `core.web.ids`; a service that takes an
id typed by a user reads it with `id_value`, so that a number too large for any column is
"no such record", never a database error."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select

from core.context import Context
from core.db.base import Base

MAX_ID = 2**63 - 1


def id_value(value: Any) -> int | None:
    """An id as a request gives it (`"12"`, `12`), or None when it cannot be an id."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not text.isascii() or not text.isdigit() or len(text) > 19:
            return None
        number = int(text)
    return number if 0 < number <= MAX_ID else None


def _table(target: Any) -> Table:
    if isinstance(target, Table):
        return target
    if isinstance(target, str):
        table = Base.metadata.tables.get(target)
        if table is None:
            raise LookupError(f"no table {target!r}: its addon is not installed")
        return table
    return target.__table__


def owns(ctx: Context, target: Any, record_id: int) -> bool:
    """Whether the tenant has the record `record_id` in `target` (a model, a table or a
    table's name)."""
    table = _table(target)
    found = ctx.session.execute(
        select(table.c.id).where(table.c.tenant_id == ctx.tenant_id, table.c.id == record_id)
    ).first()
    return found is not None
