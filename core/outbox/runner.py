"""Running claimed jobs: each in its own tenant's unit of work, outcome recorded after.

A job is marked `running` (its attempt counted) and committed before its handler is
called, so a worker that dies during the call leaves a trace: the lease runs out and the
next claim queues it again, or fails it when its handler may not run twice. The handler's
own writes commit together with the job being marked done, in the same transaction. Every
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
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select, update

from core.db.base import utcnow
from core.i18n import use_language
from core.outbox.claim import claim
from core.outbox.handlers import (
    OutboxHandler,
    OutboxJobView,
    PermanentFailure,
    RetryLater,
    outbox_handlers,
)
from core.outbox.models import JobState, OutboxJob
from core.tenants.models import Tenant

if TYPE_CHECKING:
    from core.context import Kernel

log = logging.getLogger(__name__)
_JOBS = OutboxJob.__table__
ERROR_MAX = 4000


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
             now: datetime | None = None) -> OutboxReport:
    """Claim up to `limit` due jobs of every tenant and run them once; what happened.

    `now` fixes the clock (tests); by default every step reads the current time.
    """
    worker = worker_id or new_worker_id()
    clock: Callable[[], datetime] = (lambda: now) if now is not None else utcnow
    report = OutboxReport()
    handlers = outbox_handlers(app.catalogue)
    languages: dict[int, str] = {}
    for job in claim(app, worker_id=worker, limit=limit, at=clock()):
        if job.tenant_id not in languages:
            languages[job.tenant_id] = _language(app, job.tenant_id)
        _run_one(app, job.id, job.tenant_id, worker, handlers, languages[job.tenant_id],
                 clock, report)
    return report


def _language(app: Kernel, tenant_id: int) -> str:
    with app.db.session(read_only=True) as session:  # `tenants` is a system table
        return session.scalar(select(Tenant.language).where(Tenant.id == tenant_id)) or "nl"


def _mine(job_id: int, worker: str, state: JobState) -> Any:
    return (_JOBS.c.id == job_id) & (_JOBS.c.locked_by == worker) & (_JOBS.c.state == state)


def _start(app: Kernel, job_id: int, tenant_id: int, worker: str,
           handlers: dict[tuple[str, str], OutboxHandler], at: datetime
           ) -> tuple[OutboxJobView, OutboxHandler | None] | None:
    """Mark the job running (committed); its view and handler, or None if not ours."""
    with app.db.session(tenant_id) as session:
        connection = session.connection()
        row = connection.execute(
            select(_JOBS).where(_JOBS.c.tenant_id == tenant_id, _mine(job_id, worker,
                                                                      JobState.CLAIMED))
        ).one_or_none()
        if row is None:
            return None
        handler = handlers.get((row.service, row.action))
        lease = handler.lease if handler is not None else timedelta(minutes=1)
        connection.execute(
            update(_JOBS).where(_JOBS.c.tenant_id == tenant_id,
                                _mine(job_id, worker, JobState.CLAIMED))
            .values(state=JobState.RUNNING, attempts=_JOBS.c.attempts + 1,
                    lease_until=at + lease))
        view = OutboxJobView(
            id=row.id, tenant_id=row.tenant_id, service=row.service, action=row.action,
            payload=dict(row.payload or {}), idempotency_key=row.idempotency_key,
            attempt=row.attempts + 1, max_attempts=row.max_attempts, created_at=row.created_at)
    return view, handler


def _settle(connection: Connection, job: OutboxJobView, worker: str, **values: Any) -> bool:
    result = connection.execute(
        update(_JOBS).where(_JOBS.c.tenant_id == job.tenant_id,
                            _mine(job.id, worker, JobState.RUNNING))
        .values(locked_by=None, lease_until=None, **values))
    return bool(result.rowcount)


def _run_one(app: Kernel, job_id: int, tenant_id: int, worker: str,
             handlers: dict[tuple[str, str], OutboxHandler], language: str,
             clock: Callable[[], datetime], report: OutboxReport) -> None:
    started = _start(app, job_id, tenant_id, worker, handlers, clock())
    if started is None:
        report.skipped += 1
        return
    job, handler = started
    try:
        with use_language(language), app.tenant_context(tenant_id, language=language) as ctx:
            if handler is None:
                raise PermanentFailure(f"no installed addon handles {job.service}.{job.action}")
            if handler.addon_id is not None and not ctx.is_active(handler.addon_id):
                raise PermanentFailure(f"the app {handler.addon_id} is off for this company; "
                                       "switch it on, then retry")
            handler.handle(ctx, job)
            if not _settle(ctx.session.connection(), job, worker, state=JobState.DONE,
                           finished_at=clock(), last_error=None):
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
        values: dict[str, Any] = {"state": JobState.FAILED, "finished_at": at}
    elif isinstance(exc, RetryLater):
        values = {"state": JobState.QUEUED, "run_after": at + timedelta(
            seconds=exc.after_seconds)}
    else:
        delay = handler.retry_delay(job.attempt) if handler else timedelta(minutes=1)
        values = {"state": JobState.QUEUED, "run_after": at + delay}
    with app.db.session(job.tenant_id) as session:
        if not _settle(session.connection(), job, worker, last_error=error[:ERROR_MAX],
                       **values):
            report.skipped += 1
            return
    if final:
        report.failed += 1
    else:
        report.retrying += 1
