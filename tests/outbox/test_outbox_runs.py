"""The outbox: jobs written with the business change, run once by `run_jobs`, retried with
backoff or Retry-After, dead-lettered, within each tenant's and service's limits."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from conftest import sample_hooks
from sqlalchemy import select

from core.api import OutboxError, create_customer, enqueue
from core.db.base import utcnow
from core.outbox.claim import claim
from core.outbox.models import JobState, OutboxJob
from core.outbox.runner import run_jobs


def job_row(app, tenant_id, job_id):
    """The stored job, its times in UTC (SQLite gives them back without a zone)."""
    with app.db.session(tenant_id) as session:
        job = session.get(OutboxJob, job_id)
        session.expunge(job)
    for name in ("run_after", "finished_at", "lease_until", "claimed_at", "created_at"):
        value = getattr(job, name)
        if value is not None and value.tzinfo is None:
            setattr(job, name, value.replace(tzinfo=UTC))
    return job


def test_a_job_commits_and_rolls_back_with_the_business_change(app, make_company, service):
    company = make_company("Bakkerij Peeters")
    with pytest.raises(RuntimeError), app.tenant_context(company.id) as ctx:
        customer = create_customer(ctx, {"name": "Café De Hoek"})
        enqueue(ctx, "sample", "call", {"url": service.url, "customer": customer.id})
        raise RuntimeError("the save failed after the job was queued")
    with app.tenant_context(company.id) as ctx:
        assert ctx.session.scalars(select(OutboxJob)).all() == []
        customer = create_customer(ctx, {"name": "Café De Hoek"})
        job_id = enqueue(ctx, "sample", "call", {"url": service.url, "customer": customer.id})
    report = run_jobs(app, limit=10, worker_id="w1")
    assert (report.done, report.failed, report.retrying) == (1, 0, 0)
    job = job_row(app, company.id, job_id)
    assert (job.state, job.attempts, job.locked_by) == (JobState.DONE, 1, None)
    assert service.calls == [{"url": service.url, "customer": customer.id,
                              "tenant": company.id, "key": job.idempotency_key}]
    assert run_jobs(app, limit=10, worker_id="w1").handled == 0


def test_the_same_idempotency_key_is_the_same_job(app, make_company):
    company, other = make_company("Peeters"), make_company("Janssens")
    with app.tenant_context(company.id) as ctx:
        first = enqueue(ctx, "sample", "note", {"n": 1}, idempotency_key="contact:7:v1")
        again = enqueue(ctx, "sample", "note", {"n": 2}, idempotency_key="contact:7:v1")
        fresh = enqueue(ctx, "sample", "note", {"n": 3})
    with app.tenant_context(other.id) as ctx:
        theirs = enqueue(ctx, "sample", "note", {"n": 1}, idempotency_key="contact:7:v1")
    assert first == again
    assert len({first, fresh, theirs}) == 3
    assert job_row(app, company.id, first).payload == {"n": 1}


def test_a_job_that_cannot_be_written_is_refused_with_the_reason(app, make_company):
    company = make_company("Peeters")
    with app.tenant_context(company.id) as ctx:
        with pytest.raises(OutboxError, match=r"no outbox handler for nowhere\.call"):
            enqueue(ctx, "nowhere", "call", {})
        with pytest.raises(OutboxError, match="not JSON"):
            enqueue(ctx, "sample", "note", {"amount": object()})
        assert ctx.session.scalars(select(OutboxJob)).all() == []


def test_failures_are_retried_with_growing_jittered_waits_then_dead_lettered(
        app, make_company, service):
    company = make_company("Peeters")
    with app.tenant_context(company.id) as ctx:
        job_id = enqueue(ctx, "sample", "call", {"url": service.url})
    service.answers = [(500, {})] * 3
    now = utcnow()
    waits = []
    for attempt in (1, 2):
        report = run_jobs(app, limit=10, worker_id="w1", now=now)
        assert report.retrying == 1
        job = job_row(app, company.id, job_id)
        assert (job.state, job.attempts) == (JobState.QUEUED, attempt)
        assert "500" in job.last_error
        waits.append(job.run_after - now)
        assert run_jobs(app, limit=10, worker_id="w1", now=now).handled == 0  # not due yet
        now = job.run_after
    # base 10 s, doubled per attempt, between half and all of it
    assert timedelta(seconds=5) <= waits[0] <= timedelta(seconds=10)
    assert timedelta(seconds=10) <= waits[1] <= timedelta(seconds=20)
    report = run_jobs(app, limit=10, worker_id="w1", now=now)
    assert report.failed == 1
    job = job_row(app, company.id, job_id)
    assert (job.state, job.attempts, job.finished_at) == (JobState.FAILED, 3, now)
    assert len(service.calls) == 3


def test_retry_after_is_honoured_and_a_refusal_fails_at_once(app, make_company, service):
    company = make_company("Peeters")
    with app.tenant_context(company.id) as ctx:
        limited = enqueue(ctx, "sample", "call", {"url": service.url, "n": 1})
    service.answers = [(429, {"Retry-After": "120"})]
    now = utcnow()
    run_jobs(app, limit=10, worker_id="w1", now=now)
    job = job_row(app, company.id, limited)
    assert (job.state, job.run_after) == (JobState.QUEUED, now + timedelta(seconds=120))
    assert "429" in job.last_error
    with app.tenant_context(company.id) as ctx:
        refused = enqueue(ctx, "sample", "call", {"url": service.url, "n": 2})
    service.answers = [(400, {})]
    run_jobs(app, limit=10, worker_id="w1")
    job = job_row(app, company.id, refused)
    assert (job.state, job.attempts) == (JobState.FAILED, 1)
    assert job.last_error.startswith("400")
    assert job_row(app, company.id, limited).attempts == 1  # still waiting for its time


def test_a_handler_runs_in_its_jobs_tenant_and_its_writes_commit_with_the_outcome(
        app, make_company):
    first, second = make_company("Peeters"), make_company("Janssens")
    ids = {}
    for company in (first, second):
        with app.tenant_context(company.id) as ctx:
            ids[company.id] = enqueue(ctx, "sample", "note", {}, idempotency_key="k")
    with app.tenant_context(second.id) as ctx:
        failing = enqueue(ctx, "sample", "note", {"fail": "boom"})
    run_jobs(app, limit=10, worker_id="w1")
    assert sorted((tenant, key) for tenant, key, _ in sample_hooks.RECORDED if key == "k") == [
        (first.id, "k"), (second.id, "k")]
    job = job_row(app, second.id, failing)
    assert (job.state, job.last_error) == (JobState.QUEUED, "ValueError: boom")


def test_a_job_of_an_app_switched_off_fails_without_running(app, make_company):
    company = make_company("Peeters")
    with app.tenant_context(company.id) as ctx:
        job_id = enqueue(ctx, "sample", "note", {})
    app.addon_manager.switch_off(company.id, "sample_outbox")
    assert run_jobs(app, limit=10, worker_id="w1").failed == 1
    job = job_row(app, company.id, job_id)
    assert job.state == JobState.FAILED
    assert "sample_outbox is off" in job.last_error
    assert sample_hooks.RECORDED == []


def test_claims_keep_each_tenants_concurrency_and_rate_limits(app, make_company):
    first, second = make_company("Peeters"), make_company("Janssens")
    for company in (first, second):
        with app.tenant_context(company.id) as ctx:
            for n in range(5):
                enqueue(ctx, "sample", "note", {"n": n})  # at most 2 at once
                enqueue(ctx, "sample_rated", "note", {"n": n})  # at most 3 a minute
    now = utcnow()
    taken = claim(app, worker_id="w1", limit=100, at=now)
    per_tenant = {company.id: sum(1 for job in taken if job.tenant_id == company.id)
                  for company in (first, second)}
    assert per_tenant == {first.id: 5, second.id: 5}  # 2 + 3 each
    assert claim(app, worker_id="w2", limit=100, at=now) == []
    run_jobs(app, limit=0, worker_id="w3", now=now)
    later = now + timedelta(minutes=3)  # leases ran out: given back, then claimed again
    again = claim(app, worker_id="w2", limit=100, at=later)
    assert len(again) == 10
