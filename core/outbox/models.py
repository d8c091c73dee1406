"""The `outbox_jobs` table: one row per call to the outside world, with its state."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantOwned, utcnow


class JobState(enum.StrEnum):
    """Where a job is.

    `queued` waits for its `run_after`; `claimed` is taken by a worker's batch (a lease, not
    started: given back if the worker dies); `running` is being handed to the remote side;
    `done` succeeded; `failed` is the dead-letter state, shown in Settings with its error.
    """

    QUEUED = "queued"
    CLAIMED = "claimed"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class OutboxJob(TenantOwned, Base):
    """A call to an external service (`service`, `action`, `payload`) for one tenant."""

    __tablename__ = "outbox_jobs"
    __table_args__ = (
        UniqueConstraint("tenant_id", "service", "idempotency_key"),
        Index("ix_outbox_jobs_state_run_after", "state", "run_after"),
        Index("ix_outbox_jobs_tenant_id_state", "tenant_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    idempotency_key: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), default=JobState.QUEUED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer)
    retry_interrupted: Mapped[bool] = mapped_column(Boolean, default=True)
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    locked_by: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None] = mapped_column()
    claimed_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
