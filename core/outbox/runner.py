"""Running claimed jobs: each in its own tenant's unit of work, outcome recorded after.

A job is marked `running` (its attempt counted) and committed before its handler is
called, so a worker that dies during the call leaves a trace: the lease runs out and the
next claim queues it again, or fails it when its handler may not run twice. The handler
runs in a unit of work that reads (on SQLite it holds no write lock during the remote call,
so saves go on meanwhile); the follow-up it may return runs in a short unit of work of its
own that also marks the job done, so what the answer changes commits with that mark. Every
state change is conditional on the job still being this worker's, so a job whose lease
another worker took over is never settled twice.
"""

from __future__ import annotations

import logging
import os
import socket
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection, bindparam, func, select, update

from core.contract.outbox import OutboxHandler, OutboxJobView, PermanentFailure, RetryLater
from core.db.base import utcnow
from core.i18n import use_language
from core.outbox.claim import Claimed, claim
from core.outbox.models import JobState, OutboxJob
from core.outbox.registry import outbox_handlers
from core.tenants.models import Tenant

if TYPE_CHECKING:
    from core.context import Kernel

log = logging.getLogger(__name__)
_JOBS = OutboxJob.__table__
ERROR_MAX = 4000
CLAIM_LEASE = timedelta(minutes=2)


def new_worker_id() -> str:
    """A name for this worker, unique among all: host, process and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class OutboxReport:
    """What one run of `run_jobs` did."""

    done: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def handled(self) -> int:
        """Jobs this run took a decision on."""
        return self.done + self.retrying + self.failed


class _LeaseLost(RuntimeError):
    """The job is no longer this worker's (its lease ran out and another took it)."""


def run_jobs(app: Kernel, *, limit: int = 50, worker_id: str | None = None,
             now: datetime | None = None, stop: Callable[[], bool] | None = None,
             lease: timedelta = CLAIM_LEASE) -> OutboxReport:
    """Claim up to `limit` due jobs of every tenant and run them once; what happened.

    `now` fixes the clock (tests); by default every step reads the current time. When
    `stop()` turns true, the jobs claimed and not started yet are given back at once.
    `lease` is how long the batch stays this worker's before a claim may take it back.
    """
    worker = worker_id or new_worker_id()
    clock: Callable[[], datetime] = (lambda: now) if now is not None else utcnow
    report = OutboxReport()
    handlers = outbox_handlers(app.catalogue)
    languages: dict[int, str] = {}
    claimed = claim(app, worker_id=worker, limit=limit, at=clock(), lease=lease)
    for index, job in enumerate(claimed):
        if stop is not None and stop():
            give_back(app, claimed[index:], worker)
            break
        if job.tenant_id not in languages:
            languages[job.tenant_id] = _language(app, job.tenant_id)
        _run_one(app, job, worker, handlers, languages[job.tenant_id], clock, report)
    return report


def give_back(app: Kernel, jobs: list[Claimed], worker: str) -> None:
    """Return claimed jobs not started to the queue (a worker stopping)."""
    for tenant_id in sorted({job.tenant_id for job in jobs}):
        ids = [job.id for job in jobs if job.tenant_id == tenant_id]
        with app.db.session(tenant_id) as session:
            session.connection().execute(
                update(_JOBS).where(_JOBS.c.tenant_id == tenant_id, _JOBS.c.id.in_(ids),
                                    _JOBS.c.locked_by == worker,
                                    _JOBS.c.state == JobState.CLAIMED)
                .values(state=JobState.QUEUED, locked_by=None, lease_until=None))


def _language(app: Kernel, tenant_id: int) -> str:
    with app.db.session(read_only=True) as session:  # `tenants` is a system table
        return session.scalar(select(Tenant.language).where(Tenant.id == tenant_id)) or "nl"


_START = (
    update(_JOBS)
    .where(_JOBS.c.tenant_id == bindparam("tenant"), _JOBS.c.id == bindparam("job"),
           _JOBS.c.locked_by == bindparam("worker"), _JOBS.c.state == JobState.CLAIMED)
    .values(state=JobState.RUNNING, attempts=_JOBS.c.attempts + 1,
            lease_until=bindparam("lease_until"))
    .returning(_JOBS.c.payload, _JOBS.c.idempotency_key, _JOBS.c.attempts,
               _JOBS.c.max_attempts, _JOBS.c.created_at)
)
_SETTLE = (
    update(_JOBS)
    .where(_JOBS.c.tenant_id == bindparam("tenant"), _JOBS.c.id == bindparam("job"),
           _JOBS.c.locked_by == bindparam("worker"), _JOBS.c.state == JobState.RUNNING)
    .values(state=bindparam("new_state"), locked_by=None, lease_until=None,
            finished_at=bindparam("finished_at"), last_error=bindparam("error"),
            run_after=func.coalesce(bindparam("retry_at", type_=_JOBS.c.run_after.type),
                                    _JOBS.c.run_after))
)


def _start(app: Kernel, job: Claimed, worker: str, handler: OutboxHandler | None,
           at: datetime) -> OutboxJobView | None:
    """Mark the job running, its attempt counted (committed); its view, None if not ours."""
    lease = handler.lease if handler is not None else timedelta(minutes=1)
    with app.db.session(job.tenant_id) as session:
        row = session.connection().execute(_START, {
            "tenant": job.tenant_id, "job": job.id, "worker": worker,
            "lease_until": at + lease}).one_or_none()
    if row is None:
        return None
    return OutboxJobView(
        id=job.id, tenant_id=job.tenant_id, service=job.service, action=job.action,
        payload=dict(row.payload or {}), idempotency_key=row.idempotency_key,
        attempt=row.attempts, max_attempts=row.max_attempts, created_at=row.created_at)


def _settle(connection: Connection, job: OutboxJobView, worker: str, state: JobState, *,
            error: str | None = None, finished_at: datetime | None = None,
            retry_at: datetime | None = None) -> bool:
    result = connection.execute(_SETTLE, {
        "tenant": job.tenant_id, "job": job.id, "worker": worker, "new_state": state,
        "finished_at": finished_at, "error": error, "retry_at": retry_at})
    return bool(result.rowcount)


def _run_one(app: Kernel, claimed: Claimed, worker: str,
             handlers: dict[tuple[str, str], OutboxHandler], language: str,
             clock: Callable[[], datetime], report: OutboxReport) -> None:
    handler = handlers.get((claimed.service, claimed.action))
    job = _start(app, claimed, worker, handler, clock())
    if job is None:
        report.skipped += 1
        return
    try:
        with use_language(language):
            # the call: a unit of work that does not hold SQLite's write lock meanwhile
            with app.tenant_context(job.tenant_id, language=language, read_only=True) as ctx:
                if handler is None:
                    raise PermanentFailure(
                        f"no installed addon handles {job.service}.{job.action}")
                if handler.addon_id is not None and not ctx.is_active(handler.addon_id):
                    raise PermanentFailure(f"the app {handler.addon_id} is off for this "
                                           "company; switch it on, then retry")
                follow_up = handler.handle(ctx, job)
            # what the answer changes, committed with the job marked done
            with app.tenant_context(job.tenant_id, language=language) as ctx:
                if follow_up is not None:
                    follow_up(ctx)
                if not _settle(ctx.session.connection(), job, worker, JobState.DONE,
                               finished_at=clock()):
                    raise _LeaseLost(f"job {job.id} was taken over by another worker")
    except _LeaseLost as exc:
        log.warning("outbox job %s: %s", job.id, exc)
        report.skipped += 1
        return
    except Exception as exc:
        _record_failure(app, job, handler, worker, exc, clock(), report)
        return
    report.done += 1


def _record_failure(app: Kernel, job: OutboxJobView, handler: OutboxHandler | None,
                    worker: str, exc: Exception, at: datetime, report: OutboxReport) -> None:
    if isinstance(exc, RetryLater | PermanentFailure):
        error = exc.reason
    else:
        error = f"{type(exc).__name__}: {exc}"
        log.warning("outbox job %s (%s.%s) of tenant %s failed:\n%s", job.id, job.service,
                    job.action, job.tenant_id, "".join(traceback.format_exception(exc)))
    report.errors.append((job.id, error))
    final = isinstance(exc, PermanentFailure) or job.attempt >= job.max_attempts
    if final:
        state, finished_at, retry_at = JobState.FAILED, at, None
    elif isinstance(exc, RetryLater):
        state, finished_at = JobState.QUEUED, None
        retry_at = at + timedelta(seconds=exc.after_seconds)
    else:
        delay = handler.retry_delay(job.attempt) if handler else timedelta(minutes=1)
        state, finished_at, retry_at = JobState.QUEUED, None, at + delay
    with app.db.session(job.tenant_id) as session:
        if not _settle(session.connection(), job, worker, state, error=error[:ERROR_MAX],
                       finished_at=finished_at, retry_at=retry_at):
            report.skipped += 1
            return
    if final:
        report.failed += 1
    else:
        report.retrying += 1
