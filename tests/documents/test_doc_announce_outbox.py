"""`document_posted_committed` is announced at least once: an outbox job written with the
posting is settled by the announcement after the commit, and run by a worker when that
announcement failed or never happened (the process died between the commit and it)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from core.db.base import utcnow
from core.documents.announce import GRACE
from core.documents.lines import LineData
from core.documents.models import DocumentState
from core.documents.posting import post_document
from core.documents.service import create_document
from core.outbox.models import JobState, OutboxJob
from core.outbox.runner import run_jobs


def invoice(ctx, customer):
    return create_document(ctx, "invoice", customer, lines=[
        LineData(description="Brood", quantity=2, unit_price="3.10", vat_rate=6)])


def announced(hooks):
    return [value for name, value in hooks.CALLS if name == "announced"]


def jobs(app, tenant_id):
    with app.db.session(tenant_id) as session:
        return [(job.payload["number"], job.state) for job in session.scalars(select(OutboxJob))]


def after_grace():
    return utcnow() + GRACE + timedelta(seconds=1)


def test_an_announcement_made_after_the_commit_settles_its_job(
        app, addon_tenant_id, addon_customer_id, sample_hooks_state):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        number = post_document(ctx, invoice(ctx, addon_customer_id)).number
    assert announced(sample_hooks_state) == [(number, DocumentState.POSTED)]
    assert jobs(app, addon_tenant_id) == [(number, JobState.DONE)]
    assert run_jobs(app, worker_id="w1", now=after_grace()).handled == 0
    assert len(announced(sample_hooks_state)) == 1


def test_an_announcement_that_failed_is_made_by_the_worker(
        app, addon_tenant_id, addon_customer_id, sample_hooks_state):
    sample_hooks_state.BEHAVIOUR["announce_fails"] = 1
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        number = post_document(ctx, invoice(ctx, addon_customer_id)).number
    assert announced(sample_hooks_state) == []
    assert jobs(app, addon_tenant_id) == [(number, JobState.QUEUED)]
    assert run_jobs(app, worker_id="w1").handled == 0  # the grace has not passed
    assert run_jobs(app, worker_id="w1", now=after_grace()).done == 1
    assert announced(sample_hooks_state) == [(number, DocumentState.POSTED)]
    assert jobs(app, addon_tenant_id) == [(number, JobState.DONE)]


def test_a_posting_whose_process_died_before_announcing_is_announced_by_the_worker(
        app, addon_tenant_id, addon_customer_id, tenant_id, customer_id, sample_hooks_state):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        number = post_document(ctx, invoice(ctx, addon_customer_id)).number
        ctx.session.info.pop("facturo.announce_pending")  # what the commit leaves behind
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        rolled_back = invoice(ctx, addon_customer_id).id
    try:
        with app.tenant_context(addon_tenant_id, write=True) as ctx:
            post_document(ctx, rolled_back)
            raise RuntimeError("the caller fails after posting")
    except RuntimeError:
        pass
    with app.tenant_context(tenant_id, write=True) as ctx:
        post_document(ctx, invoice(ctx, customer_id))
    assert announced(sample_hooks_state) == []
    assert jobs(app, addon_tenant_id) == [(number, JobState.QUEUED)]
    assert jobs(app, tenant_id) == []  # no addon listens there: no job
    run_jobs(app, worker_id="w1", now=after_grace())
    assert announced(sample_hooks_state) == [(number, DocumentState.POSTED)]
