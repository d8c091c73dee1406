"""Customers saved, imported and deleted, synced through the outbox worker; on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from addons.mailchimp.client import subscriber_hash
from addons.mailchimp.fullsync import FINISHED, latest_sync
from addons.mailchimp.models import Member
from addons.mailchimp.tests.conftest import AUDIENCE
from addons.mailchimp.tests.server import Member as RemoteMember
from core.api import create_customer, utcnow
from core.contacts.service import archive_contact, delete_contact, update_contact
from core.outbox.models import OutboxJob
from core.outbox.runner import run_jobs


def jobs(facturo_app, tenant):
    with facturo_app.tenant_context(tenant.id, read_only=True) as ctx:
        return [(j.action, j.state, j.attempts, j.last_error, j.run_after) for j in
                ctx.session.scalars(select(OutboxJob).order_by(OutboxJob.id))]


def save(facturo_app, tenant, **fields):
    with facturo_app.tenant_context(tenant.id) as ctx:
        data = {"name": "Jan Peeters", "is_company": False, "email": "jan@peeters.be",
                "language": "nl", "tags": ["Horeca"]}
        return create_customer(ctx, {**data, **fields}).id


def test_a_save_queues_the_upsert_in_its_own_transaction(facturo_app, shop, mailchimp):
    with pytest.raises(RuntimeError), facturo_app.tenant_context(shop.id) as ctx:
        create_customer(ctx, {"name": "Weg", "email": "weg@x.be"})
        raise RuntimeError("the save fails after the hook ran")
    assert jobs(facturo_app, shop) == []  # rolled back with the customer
    save(facturo_app, shop)
    assert [j[:2] for j in jobs(facturo_app, shop)] == [("sync_member", "queued")]
    assert mailchimp.calls == []  # nothing leaves during the save
    report = run_jobs(facturo_app, limit=10)
    assert (report.done, report.failed) == (1, 0)
    assert mailchimp.member(AUDIENCE, "jan@peeters.be").tags == {"Horeca"}


def test_mailchimp_down_blocks_no_save_and_the_job_comes_back(facturo_app, shop, mailchimp):
    mailchimp.down_for(3600)
    contact_id = save(facturo_app, shop)
    report = run_jobs(facturo_app, limit=10)
    assert report.retrying == 1
    _action, state, attempts, error, run_after = jobs(facturo_app, shop)[0]
    assert (state, attempts) == ("queued", 1) and "503" in error
    mailchimp.down_until = 0
    assert run_jobs(facturo_app, limit=10).done == 0  # not due yet: backoff
    assert run_jobs(facturo_app, limit=10, now=run_after + timedelta(seconds=1)).done == 1
    with facturo_app.tenant_context(shop.id, read_only=True) as ctx:
        member = ctx.session.scalar(select(Member).where(Member.contact_id == contact_id))
        assert member.status == "subscribed"


def test_a_429_waits_for_its_retry_after(facturo_app, shop, mailchimp):
    save(facturo_app, shop)
    mailchimp.fail_next(429, **{"Retry-After": "120"})
    before = utcnow()
    assert run_jobs(facturo_app, limit=10).retrying == 1
    run_after = jobs(facturo_app, shop)[0][4]
    if run_after.tzinfo is None:
        before = before.replace(tzinfo=None)
    assert timedelta(seconds=119) <= run_after - before <= timedelta(seconds=125)


def test_a_refused_key_is_dead_lettered_with_mailchimps_reason(facturo_app, shop, mailchimp):
    mailchimp.api_key = "another-us21"
    save(facturo_app, shop)
    assert run_jobs(facturo_app, limit=10).failed == 1
    _action, state, attempts, error, _run_after = jobs(facturo_app, shop)[0]
    assert (state, attempts) == ("failed", 1) and "401 API Key Invalid" in error


def test_compliance_is_recorded_and_the_job_done(facturo_app, shop, mailchimp):
    mailchimp.members[AUDIENCE][subscriber_hash("jan@peeters.be")] = RemoteMember(
        "jan@peeters.be", "unsubscribed", archived=True)
    contact_id = save(facturo_app, shop)
    assert run_jobs(facturo_app, limit=10).done == 1
    with facturo_app.tenant_context(shop.id, read_only=True) as ctx:
        member = ctx.session.scalar(select(Member).where(Member.contact_id == contact_id))
        assert member.status == "compliance"
    with facturo_app.tenant_context(shop.id) as ctx:
        update_contact(ctx, contact_id, {"name": "Jan Peeters Sr"})
    calls = len(mailchimp.calls)
    assert run_jobs(facturo_app, limit=10).done == 1
    assert len(mailchimp.calls) == calls  # not retried
    assert mailchimp.member(AUDIENCE, "jan@peeters.be").status == "unsubscribed"


def test_archived_moved_and_deleted_customers(facturo_app, shop, mailchimp):
    first = save(facturo_app, shop)
    second = save(facturo_app, shop, name="An Claes", email="an@claes.be")
    run_jobs(facturo_app, limit=10)
    with facturo_app.tenant_context(shop.id) as ctx:
        archive_contact(ctx, first)
        update_contact(ctx, second, {"email": "an@nieuw.be"})
    run_jobs(facturo_app, limit=10)
    assert mailchimp.member(AUDIENCE, "jan@peeters.be").archived
    assert mailchimp.member(AUDIENCE, "an@claes.be") is None
    assert mailchimp.member(AUDIENCE, "an@nieuw.be").status == "subscribed"
    with facturo_app.tenant_context(shop.id) as ctx:
        delete_contact(ctx, second)
    assert run_jobs(facturo_app, limit=10).done == 1
    assert mailchimp.member(AUDIENCE, "an@nieuw.be").archived
    with facturo_app.tenant_context(shop.id, read_only=True) as ctx:
        statuses = sorted(ctx.session.scalars(select(Member.status)))
    assert statuses == ["archived", "archived"]


def test_an_import_runs_a_full_sync_through_the_worker(facturo_app, shop, mailchimp):
    with facturo_app.tenant_context(shop.id) as ctx:
        ids = [create_customer(ctx, {"name": f"K {n}", "email": f"k{n}@x.be"}).id
               for n in range(5)]
        ctx.call("contacts_imported", contact_ids=ids)
    now = utcnow()
    for step in range(10):
        run_jobs(facturo_app, limit=50, now=now + timedelta(seconds=3 * step))
    with facturo_app.tenant_context(shop.id, read_only=True) as ctx:
        sync = latest_sync(ctx)
        assert (sync.state, sync.done, sync.total) == (FINISHED, 5, 5)
    assert len(mailchimp.members[AUDIENCE]) == 5


def test_switched_off_it_queues_nothing(facturo_app, shop, mailchimp):
    facturo_app.addon_manager.switch_off(shop.id, "mailchimp")
    save(facturo_app, shop)
    assert jobs(facturo_app, shop) == []


def test_an_import_during_a_running_sync_gets_a_sync_of_its_own(facturo_app, shop, mailchimp):
    from addons.mailchimp.queue import queue_full_sync

    mailchimp.batch_polls_to_finish = 3
    save(facturo_app, shop)
    with facturo_app.tenant_context(shop.id) as ctx:
        first = queue_full_sync(ctx).id
    now = utcnow()
    run_jobs(facturo_app, limit=50, now=now)  # the first sync's batches are under way
    with facturo_app.tenant_context(shop.id) as ctx:
        late = create_customer(ctx, {"name": "Laat", "email": "laat@x.be"}).id
        ctx.call("contacts_imported", contact_ids=[late])
        assert latest_sync(ctx).id != first
    with facturo_app.tenant_context(shop.id) as ctx:  # its own sync job only
        ctx.session.execute(OutboxJob.__table__.delete().where(
            OutboxJob.action == "sync_member"))
    for step in range(1, 12):
        run_jobs(facturo_app, limit=50, now=now + timedelta(seconds=3 * step))
    assert mailchimp.member(AUDIENCE, "laat@x.be").status == "subscribed"


def test_a_worker_that_dies_holding_a_full_sync_step_loses_nothing(
        facturo_app, shop, mailchimp):
    from addons.mailchimp.queue import queue_full_sync
    from core.outbox.claim import claim

    mailchimp.batch_polls_to_finish = 2
    with facturo_app.tenant_context(shop.id) as ctx:
        for n in range(4):
            create_customer(ctx, {"name": f"K {n}", "email": f"k{n}@x.be"})
        ctx.session.execute(OutboxJob.__table__.delete())
        queue_full_sync(ctx)
    now = utcnow()
    run_jobs(facturo_app, limit=50, now=now)  # the members' batch is sent
    taken = claim(facturo_app, worker_id="dies", limit=50, at=now + timedelta(seconds=30))
    held = [(a, st) for a, st, *_rest in jobs(facturo_app, shop) if st == "claimed"]
    assert len(taken) == 1 and held == [("full_sync", "claimed")]  # then it is killed
    assert run_jobs(facturo_app, limit=50, now=now + timedelta(seconds=60)).handled == 0
    later = now + timedelta(minutes=3)  # its lease ran out: the step is run again
    for step in range(6):
        run_jobs(facturo_app, limit=50, now=later + timedelta(seconds=3 * step))
    with facturo_app.tenant_context(shop.id, read_only=True) as ctx:
        sync = latest_sync(ctx)
        assert (sync.state, sync.done, sync.total) == (FINISHED, 4, 4)
    assert len(mailchimp.members[AUDIENCE]) == 4
    assert sum(1 for method, path in mailchimp.calls if path.endswith("/batches")) == 1
