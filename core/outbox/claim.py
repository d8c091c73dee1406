"""Claiming due jobs for one worker, across tenants, without two workers taking the same one.

A claim gives back jobs whose lease ran out (their worker died), then takes up to `limit`
due jobs (`queued`, `run_after` passed) for a lease, oldest first, within each tenant's and
service's limits (jobs at once, jobs started in the last minute), in one short transaction.

PostgreSQL: `facturo_outbox_claim(...)` (migration `core_0013_outbox`) does it as the
owner of the tables, since the application's role sees one tenant at a time: claimers queue
on a transaction-level advisory lock, so the limits are counted exactly, and the due rows
are locked with `FOR UPDATE SKIP LOCKED`, so a row being settled is never waited for. It
returns only ids and tenants; each job is then read and run in its own tenant's session.
SQLite: the same steps in one `BEGIN IMMEDIATE` transaction, which holds the database's one
write lock, so two claimers never overlap.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection, and_, case, func, or_, select, text, update

from core.outbox.handlers import ServiceLimits, service_limits
from core.outbox.models import JobState, OutboxJob

if TYPE_CHECKING:
    from core.context import Kernel

DEFAULT_LIMITS = ServiceLimits(concurrency=4, per_minute=None)
RATE_WINDOW = timedelta(minutes=1)
SCAN_FACTOR = 10  # due rows looked at per job wanted, to pass over those held back by limits
INTERRUPTED = ("interrupted: the worker running it stopped before it finished; the call may "
               "or may not have reached the service")

_JOBS = OutboxJob.__table__
_CLAIM_SQL = text(
    "SELECT job_id, job_tenant_id FROM facturo_outbox_claim(:worker, :max_jobs, :lease_seconds, "
    ":at, "
    "CAST(:services AS text[]), CAST(:concurrency AS integer[]), CAST(:per_minute AS integer[]), "
    ":interrupted)"
)


@dataclass(frozen=True)
class Claimed:
    """A job taken by a worker: run it in its tenant's session."""

    id: int
    tenant_id: int


def claim(app: Kernel, *, worker_id: str, limit: int, at: datetime,
          lease: timedelta = timedelta(minutes=2)) -> list[Claimed]:
    """Take up to `limit` due jobs for `worker_id` until `at + lease`, oldest first."""
    limits = service_limits(app.catalogue)
    with app.db.session(all_tenants=app.db.dialect == "sqlite") as session:
        connection = session.connection()
        if connection.dialect.name == "postgresql":
            services = sorted(limits)
            rows = connection.execute(_CLAIM_SQL, {
                "worker": worker_id, "max_jobs": limit,
                "lease_seconds": lease.total_seconds(), "at": at, "services": services,
                "concurrency": [limits[s].concurrency for s in services],
                "per_minute": [limits[s].per_minute for s in services],
                "interrupted": INTERRUPTED,
            }).all()
        else:
            rows = _claim_here(connection, worker_id, limit, at, lease, limits)
    return [Claimed(int(job_id), int(tenant_id)) for job_id, tenant_id in rows]


def give_back_expired(connection: Connection, at: datetime) -> None:
    """Jobs whose worker's lease ran out: claimed ones go back to the queue as they were;
    started ones are queued again if their handler may run twice, else failed."""
    connection.execute(
        update(_JOBS).where(_JOBS.c.state == JobState.CLAIMED, _JOBS.c.lease_until <= at)
        .values(state=JobState.QUEUED, locked_by=None, lease_until=None))
    again = and_(_JOBS.c.retry_interrupted, _JOBS.c.attempts < _JOBS.c.max_attempts)
    connection.execute(
        update(_JOBS).where(_JOBS.c.state == JobState.RUNNING, _JOBS.c.lease_until <= at)
        .values(state=case((again, JobState.QUEUED.value), else_=JobState.FAILED.value),
                finished_at=case((again, None), else_=at), run_after=at, locked_by=None,
                lease_until=None, last_error=INTERRUPTED))


def _claim_here(connection: Connection, worker_id: str, limit: int, at: datetime,
                lease: timedelta, limits: dict[str, ServiceLimits]) -> list[tuple[int, int]]:
    give_back_expired(connection, at)
    window = at - RATE_WINDOW
    holding = and_(_JOBS.c.state.in_((JobState.CLAIMED, JobState.RUNNING)),
                   _JOBS.c.lease_until > at)
    busy = {
        (tenant_id, service): (int(running or 0), int(recent or 0))
        for tenant_id, service, running, recent in connection.execute(
            select(_JOBS.c.tenant_id, _JOBS.c.service,
                   func.sum(case((holding, 1), else_=0)),
                   func.sum(case((_JOBS.c.claimed_at > window, 1), else_=0)))
            .where(or_(holding, _JOBS.c.claimed_at > window))
            .group_by(_JOBS.c.tenant_id, _JOBS.c.service))
    }
    due = connection.execute(
        select(_JOBS.c.id, _JOBS.c.tenant_id, _JOBS.c.service)
        .where(_JOBS.c.state == JobState.QUEUED, _JOBS.c.run_after <= at)
        .order_by(_JOBS.c.run_after, _JOBS.c.id).limit(limit * SCAN_FACTOR)).all()
    taken: Counter[tuple[int, str]] = Counter()
    chosen: list[tuple[int, int]] = []
    for job_id, tenant_id, service in due:
        if len(chosen) >= limit:
            break
        bound = limits.get(service, DEFAULT_LIMITS)
        running, recent = busy.get((tenant_id, service), (0, 0))
        n = taken[(tenant_id, service)] + 1
        if n > bound.concurrency - running:
            continue
        if bound.per_minute is not None and n > bound.per_minute - recent:
            continue
        taken[(tenant_id, service)] = n
        chosen.append((job_id, tenant_id))
    if chosen:
        connection.execute(
            update(_JOBS).where(_JOBS.c.id.in_([job_id for job_id, _ in chosen]),
                                _JOBS.c.state == JobState.QUEUED)
            .values(state=JobState.CLAIMED, locked_by=worker_id, claimed_at=at,
                    lease_until=at + lease))
    return chosen
