"""Scheduled jobs: what addons declare through `facturo_jobs()`, run per tenant when due.

A job is a function `(ctx) -> None` with an interval. `run_due_jobs(app, now)` runs each job
for every tenant where the job's addon is active and whose last run lies in an earlier
interval slot (slots are counted from the Unix epoch in UTC, so a daily job runs once per
UTC day, whatever the time the runner is started). Each (tenant, job) runs in a transaction
of its own; one that fails is rolled back, logged and recorded, and the others go on. The
operator starts the runner from cron or a timer with `facturo jobs run`.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from sqlalchemy import String, Text, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from core.addons.dispatch import per_addon
from core.addons.errors import AddonError
from core.addons.state import TenantAddon
from core.contract.contributions import Job
from core.db.base import Base, TenantOwned, utcnow
from core.i18n import use_language
from core.tenants.models import Tenant

if TYPE_CHECKING:
    from core.addons.catalogue import Catalogue
    from core.context import Context, Kernel

log = logging.getLogger(__name__)

DAILY = timedelta(days=1)
HOURLY = timedelta(hours=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_run_time: ContextVar[datetime | None] = ContextVar("facturo_job_time", default=None)


def job_time() -> datetime:
    """The moment the running job runs for (the runner's `now`); the current time outside a
    job. Jobs read the date from here, so that a run for a given moment is reproducible."""
    return _run_time.get() or datetime.now(UTC)


class JobRun(TenantOwned, Base):
    """When a job last ran for a tenant, and its last failure."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("tenant_id", "job"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(120))
    last_run_at: Mapped[datetime | None] = mapped_column()
    last_failed_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


@dataclass(frozen=True)
class JobOutcome:
    """What happened to one job for one tenant: `ran`, `failed` or `not_due`."""

    tenant_id: int
    job: str
    status: str
    error: str | None = None


@dataclass
class RunReport:
    """Every outcome of one run of the runner."""

    outcomes: list[JobOutcome] = field(default_factory=list)

    def _with(self, status: str) -> list[JobOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def ran(self) -> list[JobOutcome]:
        """The jobs that ran and committed."""
        return self._with("ran")

    @property
    def failed(self) -> list[JobOutcome]:
        """The jobs that raised (rolled back)."""
        return self._with("failed")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


_registered: WeakKeyDictionary[Catalogue, tuple[Job, ...]] = WeakKeyDictionary()


def registered_jobs(catalogue: Catalogue) -> tuple[Job, ...]:
    """Every job of every installed addon, with its addon id filled in (read once)."""
    found = _registered.get(catalogue)
    if found is not None:
        return found
    jobs: dict[str, Job] = {}
    for addon_id, declared in per_addon(catalogue.manager, "facturo_jobs"):
        for item in declared:
            if not isinstance(item, Job) or not callable(item.function):
                raise AddonError(addon_id, f"facturo_jobs returned {item!r}, not a core.jobs.Job")
            if item.interval <= timedelta(0):
                raise AddonError(addon_id, f"job {item.name!r} needs a positive interval")
            job = dataclasses.replace(item, addon_id=addon_id)
            if job.key in jobs:
                raise AddonError(addon_id, f"job {item.name!r} is declared twice")
            jobs[job.key] = job
    result = tuple(jobs.values())
    _registered[catalogue] = result
    return result


@dataclass(frozen=True)
class _TenantJobs:
    tenant_id: int
    language: str
    active: frozenset[str]


def _tenants(app: Kernel, tenant_ids: Iterable[int] | None) -> list[_TenantJobs]:
    """Each tenant (or the chosen ones) with its language and active addons.

    Each tenant's addons are read in that tenant's own session: the runner works as the
    application, which never reads across tenants (see `core.db.rls`).
    """
    with app.db.session() as session:  # `tenants` is a system table
        query = select(Tenant.id, Tenant.language).order_by(Tenant.id)
        if tenant_ids is not None:
            query = query.where(Tenant.id.in_(list(tenant_ids)))
        tenants = session.execute(query).all()
    found = []
    for tenant_id, language in tenants:
        with app.db.session(tenant_id) as session:
            rows = session.scalars(select(TenantAddon.addon_id).where(TenantAddon.active))
            active = frozenset(a for a in rows if a in app.catalogue)
        found.append(_TenantJobs(tenant_id, language or "nl", active))
    return found


def _run_row(ctx: Context, job: Job) -> JobRun:
    """The job's row for the tenant, locked; created (once, even by racing runners) if new."""
    query = select(JobRun).where(JobRun.job == job.key).with_for_update()
    row = ctx.session.scalars(query).one_or_none()
    if row is not None:
        return row
    try:
        with ctx.session.begin_nested():
            row = JobRun(job=job.key)
            ctx.session.add(row)
    except IntegrityError:
        row = ctx.session.scalars(query).one()
    return row


def run_job(
    app: Kernel,
    job: Job,
    tenant_id: int,
    now: datetime,
    *,
    force: bool = False,
    language: str = "nl",
) -> str:
    """Run one job for one tenant if due (or `force`), in its own transaction; its status.

    The job's last run is read under a lock inside the transaction (the row is locked on
    PostgreSQL, the database on SQLite), so two runners started at once run it once.
    Exceptions propagate after the rollback.
    """
    with app.tenant_context(tenant_id, language=language, write=True) as ctx:
        row = _run_row(ctx, job)
        if not force and not job.is_due(row.last_run_at, now):
            return "not_due"
        token = _run_time.set(_aware(now))
        try:
            job.function(ctx)
        finally:
            _run_time.reset(token)
        row.last_run_at = _aware(now)
        row.last_error = None
        ctx.session.flush()
    return "ran"


def _record_failure(app: Kernel, job: Job, tenant_id: int, now: datetime, error: str) -> None:
    try:
        with app.db.session(tenant_id) as session:
            row = session.scalars(select(JobRun).where(JobRun.job == job.key)).one_or_none()
            if row is None:
                row = JobRun(job=job.key)
                session.add(row)
            row.last_failed_at = _aware(now)
            row.last_error = error[:4000]
    except Exception:
        log.exception("job %s: could not record the failure for tenant %s", job.key, tenant_id)


def run_due_jobs(
    app: Kernel,
    now: datetime | None = None,
    *,
    tenant_ids: Iterable[int] | None = None,
    only: Iterable[str] | None = None,
    force: bool = False,
) -> RunReport:
    """Run every due job for every tenant where its addon is active.

    `tenant_ids` limits the tenants, `only` the jobs (by key `addon.name` or by name);
    `force` runs them even when they already ran in this interval. One tenant's failure is
    logged, recorded in `job_runs` and reported, and does not stop the others.
    """
    moment = _aware(now or datetime.now(UTC))
    wanted = set(only) if only is not None else None
    jobs = [
        job
        for job in registered_jobs(app.catalogue)
        if wanted is None or job.key in wanted or job.name in wanted
    ]
    report = RunReport()
    if not jobs:
        return report
    for tenant in _tenants(app, tenant_ids):
        tenant_id = tenant.tenant_id
        for job in jobs:
            if job.addon_id not in tenant.active:
                continue
            try:
                with use_language(tenant.language):
                    status = run_job(
                        app, job, tenant_id, moment, force=force, language=tenant.language
                    )
            except Exception as exc:
                message = f"{type(exc).__name__}: {exc}"
                log.exception("job %s failed for tenant %s", job.key, tenant_id)
                _record_failure(app, job, tenant_id, moment, message)
                report.outcomes.append(JobOutcome(tenant_id, job.key, "failed", message))
                continue
            report.outcomes.append(JobOutcome(tenant_id, job.key, status))
    return report


def last_runs(app: Kernel, tenant_id: int) -> dict[str, JobRun]:
    """The tenant's `job_runs` rows by job key."""
    with app.db.session(tenant_id) as session:
        return {row.job: row for row in session.scalars(select(JobRun))}
