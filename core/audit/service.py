"""Recording and reading audit-log entries."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from core.audit.models import AuditEntry
from core.context import Context


def _plain(details: Mapping[str, Any]) -> dict[str, Any]:
    """Details as plain JSON values (Decimals, dates and the like become text)."""
    return json.loads(json.dumps(dict(details), default=str))


def record(
    ctx: Context,
    action: str,
    object_type: str | None = None,
    object_id: int | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Add an entry for `action` (e.g. `contact.merged`) in the caller's transaction."""
    entry = AuditEntry(
        user_id=ctx.user_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=_plain(details or {}),
    )
    ctx.session.add(entry)
    ctx.session.flush()
    return entry


def entries(
    ctx: Context,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    action: str | None = None,
    limit: int = 100,
) -> list[AuditEntry]:
    """The tenant's latest entries, newest first, optionally about one object or action."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if object_type is not None:
        query = query.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEntry.object_id == object_id)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return list(ctx.session.scalars(query))
