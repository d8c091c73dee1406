"""The full sync through batches, on both databases."""

from __future__ import annotations

from sqlalchemy import select

from addons.mailchimp.client import subscriber_hash
from addons.mailchimp.fullsync import FINISHED, run_full_sync
from addons.mailchimp.models import FullSync, Member
from addons.mailchimp.sync import sync_contact
from addons.mailchimp.tests.conftest import AUDIENCE
from addons.mailchimp.tests.server import Member as RemoteMember
from core.api import create_customer
from core.contacts.service import archive_contact, update_contact


def customers(facturo_app, tenant, count):
    with facturo_app.tenant_context(tenant.id) as ctx:
        return [create_customer(ctx, {"name": f"Klant {n}", "is_company": False,
                                      "email": f"klant{n}@x.be", "language": "nl",
                                      "tags": ["Horeca"] if n % 2 else []}).id
                for n in range(count)]


def test_every_customer_goes_through_batches_with_progress(facturo_app, shop, mailchimp,
                                                          monkeypatch):
    monkeypatch.setattr("addons.mailchimp.fullsync.BATCH_SIZE", 4)
    mailchimp.batch_polls_to_finish = 2
    ids = customers(facturo_app, shop, 9)
    with facturo_app.tenant_context(shop.id) as ctx:
        update_contact(ctx, ids[0], {"email": ""})
    seen: list[tuple[str, int, int]] = []
    sync_id = run_full_sync(facturo_app, shop.id, pause=0,
                            on_progress=lambda s: seen.append((s.state, s.done, s.total)))
    with facturo_app.tenant_context(shop.id) as ctx:
        sync = ctx.session.get(FullSync, sync_id)
        assert (sync.state, sync.done, sync.total, sync.failed) == (FINISHED, 12, 12, 0)
        statuses = dict(ctx.session.execute(select(Member.contact_id, Member.status)).all())
    # 8 upserts in 2 batches, then the tags of the 4 tagged members in 1 batch
    assert sum(1 for method, path in mailchimp.calls if path.endswith("/batches")) == 3
    assert seen[0][1] < seen[0][2] and seen[-1] == (FINISHED, 12, 12)
    assert set(statuses) == set(ids[1:]) and set(statuses.values()) == {"subscribed"}
    remote = mailchimp.members[AUDIENCE]
    assert len(remote) == 8 and remote[subscriber_hash("klant1@x.be")].tags == {"Horeca"}


def test_a_full_sync_archives_leavers_moves_addresses_and_respects_opt_outs(
        facturo_app, shop, mailchimp):
    ids = customers(facturo_app, shop, 4)
    for contact_id in ids:
        with facturo_app.tenant_context(shop.id) as ctx:
            sync_contact(ctx, contact_id)
    mailchimp.members[AUDIENCE][subscriber_hash("klant2@x.be")].status = "unsubscribed"
    mailchimp.members[AUDIENCE][subscriber_hash("oud@x.be")] = RemoteMember(
        "oud@x.be", "unsubscribed", archived=True)
    with facturo_app.tenant_context(shop.id) as ctx:
        archive_contact(ctx, ids[0])
        update_contact(ctx, ids[1], {"email": "nieuw@x.be"})
        fresh = create_customer(ctx, {"name": "Oud Klant", "email": "oud@x.be"}).id
    run_full_sync(facturo_app, shop.id, pause=0)
    remote = mailchimp.members[AUDIENCE]
    assert remote[subscriber_hash("klant0@x.be")].archived
    assert subscriber_hash("klant1@x.be") not in remote
    assert remote[subscriber_hash("nieuw@x.be")].tags == {"Horeca"}
    assert remote[subscriber_hash("klant2@x.be")].status == "unsubscribed"
    with facturo_app.tenant_context(shop.id) as ctx:
        status = dict(ctx.session.execute(select(Member.contact_id, Member.status)).all())
    assert status[ids[0]] == "archived" and status[ids[2]] == "unsubscribed"
    assert status[fresh] == "compliance"


def test_the_command_line_lists_audiences_and_runs_a_full_sync(
        facturo_app, facturo_catalogue, shop, mailchimp, monkeypatch):
    from typer.testing import CliRunner

    from core.cli.main import build_cli

    customers(facturo_app, shop, 3)
    env = {"FACTURO_DATABASE_URL": facturo_app.settings.database_url,
           "FACTURO_SECRET_KEY": "test-secret", "COLUMNS": "200"}
    cli = build_cli(facturo_catalogue)
    listed = CliRunner().invoke(cli, ["mailchimp", "audiences", shop.slug], env=env)
    assert listed.exit_code == 0, listed.output
    assert "* a1b2c3  Klanten" in listed.output and "  d4e5f6  Nieuwsbrief" in listed.output
    result = CliRunner().invoke(cli, ["mailchimp", "sync", shop.slug, "--pause", "0"], env=env)
    assert result.exit_code == 0, result.output
    assert "4 operations sent to MailChimp, 0 refused" in result.output  # 3 members, 1 tag
    assert len(mailchimp.members[AUDIENCE]) == 3
    mailchimp.down_for(60)
    down = CliRunner().invoke(cli, ["mailchimp", "sync", shop.slug, "--pause", "0"], env=env)
    assert down.exit_code == 1 and "503 Service Unavailable" in down.output
