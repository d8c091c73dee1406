"""One customer's member kept in line with the customer, on both databases."""

from __future__ import annotations

from sqlalchemy import select

from addons.mailchimp.client import subscriber_hash
from addons.mailchimp.models import Member
from addons.mailchimp.sync import forget_address, sync_contact
from addons.mailchimp.tests.conftest import AUDIENCE
from addons.mailchimp.tests.server import Member as RemoteMember
from core.api import ContactPerson, create_customer
from core.contacts.service import archive_contact, delete_contact, update_contact


def new_customer(facturo_app, tenant, **fields):
    with facturo_app.tenant_context(tenant.id) as ctx:
        data = {"name": "Jan Peeters", "is_company": False, "email": "Jan@Peeters.be",
                "language": "fr", "tags": ["Horeca", "VIP"]}
        return create_customer(ctx, {**data, **fields}).id


def sync(facturo_app, tenant, contact_id):
    with facturo_app.tenant_context(tenant.id) as ctx:
        return sync_contact(ctx, contact_id)


def stored(facturo_app, tenant, contact_id):
    with facturo_app.tenant_context(tenant.id) as ctx:
        member = ctx.session.scalar(select(Member).where(Member.contact_id == contact_id))
        return None if member is None else (member.email, member.status, member.detail)


def test_a_customer_becomes_a_member_with_merge_fields_language_and_tags(
        facturo_app, shop, mailchimp):
    contact_id = new_customer(facturo_app, shop)
    assert sync(facturo_app, shop, contact_id) == "subscribed"
    member = mailchimp.member(AUDIENCE, "jan@peeters.be")
    assert member.merge_fields == {"FNAME": "Jan", "LNAME": "Peeters", "COMPANY": ""}
    assert (member.language, member.tags, member.status) == ("fr", {"Horeca", "VIP"},
                                                             "subscribed")
    assert stored(facturo_app, shop, contact_id) == ("jan@peeters.be", "subscribed", "")


def test_a_company_sends_its_name_and_first_contact_person(facturo_app, shop, mailchimp):
    contact_id = new_customer(facturo_app, shop, name="Bouw NV", is_company=True,
                              email="info@bouw.be", tags=[])
    with facturo_app.tenant_context(shop.id) as ctx:
        ctx.session.add(ContactPerson(contact_id=contact_id, name="Els Van den Broeck"))
    sync(facturo_app, shop, contact_id)
    assert mailchimp.member(AUDIENCE, "info@bouw.be").merge_fields == {
        "FNAME": "Els", "LNAME": "Van den Broeck", "COMPANY": "Bouw NV"}


def test_a_label_taken_off_is_taken_off_the_member(facturo_app, shop, mailchimp):
    contact_id = new_customer(facturo_app, shop)
    sync(facturo_app, shop, contact_id)
    with facturo_app.tenant_context(shop.id) as ctx:
        update_contact(ctx, contact_id, {"tags": ["VIP", "Bakker"]})
    sync(facturo_app, shop, contact_id)
    assert mailchimp.member(AUDIENCE, "jan@peeters.be").tags == {"VIP", "Bakker"}


def test_an_unsubscribed_person_is_never_subscribed_again(facturo_app, shop, mailchimp):
    contact_id = new_customer(facturo_app, shop)
    sync(facturo_app, shop, contact_id)
    mailchimp.member(AUDIENCE, "jan@peeters.be").status = "unsubscribed"  # they opted out
    with facturo_app.tenant_context(shop.id) as ctx:
        update_contact(ctx, contact_id, {"name": "Jan Peeters-Claes"})
    assert sync(facturo_app, shop, contact_id) == "unsubscribed"
    member = mailchimp.member(AUDIENCE, "jan@peeters.be")
    assert (member.status, member.merge_fields["LNAME"]) == ("unsubscribed", "Peeters-Claes")


def test_the_compliance_answer_is_recorded_and_not_asked_again(facturo_app, shop, mailchimp):
    mailchimp.members[AUDIENCE][subscriber_hash("an@x.be")] = RemoteMember(
        "an@x.be", "unsubscribed", archived=True)
    contact_id = new_customer(facturo_app, shop, email="an@x.be")
    assert sync(facturo_app, shop, contact_id) == "compliance"
    email, status, detail = stored(facturo_app, shop, contact_id)
    assert (email, status) == ("an@x.be", "compliance") and "compliance state" in detail
    calls = len(mailchimp.calls)
    assert sync(facturo_app, shop, contact_id) == "compliance"
    assert len(mailchimp.calls) == calls  # recorded: MailChimp is not asked again


def test_archived_customers_are_archived_and_come_back_when_restored(
        facturo_app, shop, mailchimp):
    contact_id = new_customer(facturo_app, shop)
    sync(facturo_app, shop, contact_id)
    with facturo_app.tenant_context(shop.id) as ctx:
        archive_contact(ctx, contact_id)
    assert sync(facturo_app, shop, contact_id) == "archived"
    assert mailchimp.member(AUDIENCE, "jan@peeters.be").archived
    with facturo_app.tenant_context(shop.id) as ctx:
        archive_contact(ctx, contact_id, archived=False)
    assert sync(facturo_app, shop, contact_id) == "subscribed"
    assert not mailchimp.member(AUDIENCE, "jan@peeters.be").archived


def test_a_changed_address_moves_the_member(facturo_app, shop, mailchimp):
    contact_id = new_customer(facturo_app, shop)
    sync(facturo_app, shop, contact_id)
    with facturo_app.tenant_context(shop.id) as ctx:
        update_contact(ctx, contact_id, {"email": "jan@nieuw.be"})
    sync(facturo_app, shop, contact_id)
    assert mailchimp.member(AUDIENCE, "jan@peeters.be") is None
    moved = mailchimp.member(AUDIENCE, "jan@nieuw.be")
    assert (moved.status, moved.tags) == ("subscribed", {"Horeca", "VIP"})
    assert len(mailchimp.members[AUDIENCE]) == 1
    assert stored(facturo_app, shop, contact_id)[0] == "jan@nieuw.be"


def test_an_address_taken_away_archives_and_suppliers_are_left_out(
        facturo_app, shop, mailchimp):
    contact_id = new_customer(facturo_app, shop)
    sync(facturo_app, shop, contact_id)
    with facturo_app.tenant_context(shop.id) as ctx:
        update_contact(ctx, contact_id, {"email": ""})
    assert sync(facturo_app, shop, contact_id) == "archived"
    supplier = new_customer(facturo_app, shop, email="lev@x.be", is_customer=False,
                            is_supplier=True)
    assert sync(facturo_app, shop, supplier) == "skipped"
    assert mailchimp.member(AUDIENCE, "lev@x.be") is None


def test_a_deleted_customers_address_is_archived(facturo_app, shop, mailchimp):
    contact_id = new_customer(facturo_app, shop)
    sync(facturo_app, shop, contact_id)
    with facturo_app.tenant_context(shop.id) as ctx:
        delete_contact(ctx, contact_id)
    with facturo_app.tenant_context(shop.id) as ctx:
        assert forget_address(ctx, "jan@peeters.be") == "archived"
    assert mailchimp.member(AUDIENCE, "jan@peeters.be").archived


def test_nothing_happens_before_the_key_and_audience_are_set(
        facturo_app, make_tenant, mailchimp):
    tenant = make_tenant("Zonder sleutel", addons=("mailchimp",))
    contact_id = new_customer(facturo_app, tenant)
    assert sync(facturo_app, tenant, contact_id) == "skipped"
    assert mailchimp.calls == []


def test_an_address_two_customers_share_stays_while_one_of_them_is_left(
        facturo_app, shop, mailchimp):
    first = new_customer(facturo_app, shop)
    second = new_customer(facturo_app, shop, name="Els Peeters", email="jan@peeters.be ")
    sync(facturo_app, shop, first)
    sync(facturo_app, shop, second)
    with facturo_app.tenant_context(shop.id) as ctx:
        archive_contact(ctx, first)
    assert sync(facturo_app, shop, first) == "archived"
    assert not mailchimp.member(AUDIENCE, "jan@peeters.be").archived  # still the second's
    with facturo_app.tenant_context(shop.id) as ctx:
        archive_contact(ctx, second)
    sync(facturo_app, shop, second)
    assert mailchimp.member(AUDIENCE, "jan@peeters.be").archived


def test_double_opt_in_asks_new_members_to_confirm(facturo_app, shop, mailchimp):
    facturo_app.addon_manager.configure(shop.id, "mailchimp", {"double_opt_in": True})
    contact_id = new_customer(facturo_app, shop)
    assert sync(facturo_app, shop, contact_id) == "pending"
    assert mailchimp.member(AUDIENCE, "jan@peeters.be").status == "pending"
