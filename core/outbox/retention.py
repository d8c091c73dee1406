"""Forgetting done jobs after a while, so that the outbox stays small; failed ones stay."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from core.db.base import utcnow
from core.outbox.models import JobState, OutboxJob
from core.tenants.models import Tenant

if TYPE_CHECKING:
    from core.context import Kernel

KEEP_DONE = timedelta(days=7)
_JOBS = OutboxJob.__table__


def purge_done(app: Kernel, *, keep: timedelta = KEEP_DONE,
               now: datetime | None = None) -> int:
    """Delete the jobs done more than `keep` ago, tenant by tenant; how many.

    An idempotency key dedups for as long as its job is kept: queued again after the purge,
    it is a new job.
    """
    cutoff = (now or utcnow()) - keep
    with app.db.session(read_only=True) as session:  # `tenants` is a system table
        tenant_ids = list(session.scalars(select(Tenant.id).order_by(Tenant.id)))
    removed = 0
    for tenant_id in tenant_ids:
        with app.db.session(tenant_id) as session:
            result = session.connection().execute(
                delete(_JOBS).where(_JOBS.c.tenant_id == tenant_id,
                                    _JOBS.c.state == JobState.DONE,
                                    _JOBS.c.finished_at < cutoff))
            removed += int(result.rowcount or 0)
    return removed
