"""The dead-letter list of a tenant: jobs that failed for good, and queuing one again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from core.db.base import utcnow
from core.outbox.models import JobState, OutboxJob

if TYPE_CHECKING:
    from core.context import Context


def failed_jobs(ctx: Context, limit: int = 200) -> list[OutboxJob]:
    """The tenant's failed jobs, the most recent first."""
    return list(ctx.session.scalars(
        select(OutboxJob).where(OutboxJob.state == JobState.FAILED)
        .order_by(OutboxJob.finished_at.desc(), OutboxJob.id.desc()).limit(limit)))


def job_counts(ctx: Context) -> dict[str, int]:
    """How many of the tenant's jobs wait, run or failed, by state (done ones are not
    counted: read through the queue's index, this stays fast however many were done)."""
    return {state: count for state, count in ctx.session.execute(
        select(OutboxJob.state, func.count())
        .where(OutboxJob.state.in_([JobState.QUEUED, JobState.CLAIMED, JobState.RUNNING,
                                    JobState.FAILED]))
        .group_by(OutboxJob.state))}


def retry_job(ctx: Context, job: OutboxJob) -> bool:
    """Queue a failed job of the tenant again, with all its attempts; False if not failed."""
    if job.state != JobState.FAILED or job.tenant_id != ctx.tenant_id:
        return False
    job.state = JobState.QUEUED
    job.attempts = 0
    job.run_after = utcnow()
    job.finished_at = None
    job.last_error = None
    ctx.session.flush()
    return True
