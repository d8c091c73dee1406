"""What became of a refund: the credit transfer feed brings it to paid (recorded once on the
credit note) or refused by the bank (the reason shown, a new refund possible)."""

from decimal import Decimal

from sqlalchemy import select

from addons.payments.api import PaymentSource, payments_of
from addons.payments.service import list_payments
from addons.twikey import queue
from addons.twikey.connection import client_for
from addons.twikey.models import CollectionState, Kind, TwikeyFeed
from addons.twikey.refund_feed import read_refund_feed
from addons.twikey.tests.conftest import API_KEY
from addons.twikey.tests.flow import collections, credit, paid_by_twikey, post, run_outbox
from addons.twikey.tests.test_twikey_webhook import call, web_client_anonymous
from addons.twikey.tests.twikey_server import TwikeyServer
from core.api import DocumentState, create_customer, read_document
from core.testing.web import post_form


def refunded(app, shop, twikey, customer, client):
    """A credit note of an invoice Twikey collected, its refund sent (PENDING at Twikey)."""
    invoice = paid_by_twikey(app, shop, twikey, customer)
    note_id, number = credit(app, shop, invoice.id)
    assert post_form(client, f"/apps/twikey/documents/{note_id}/refund").status_code == 303
    assert run_outbox(app).done == 1
    assert refunds(app, shop)[-1].state == CollectionState.PENDING
    return note_id, number


def refunds(app, tenant):
    return [c for c in collections(app, tenant) if c.kind == Kind.REFUND]


def refund_payments(app, tenant, note_id):
    with app.tenant_context(tenant.id) as ctx:
        return [(p.amount, p.payment.source, p.payment.external_id)
                for p in payments_of(ctx, note_id)]


def test_a_paid_refund_is_recorded_once_on_the_credit_note(
        facturo_app, shop, twikey, customer, web_client):
    client = web_client(shop, language="en")
    note_id, number = refunded(facturo_app, shop, twikey, customer, client)
    twikey.settle_refund(number, "PAID")
    assert call(web_client_anonymous(facturo_app), shop.slug).status_code == 204
    assert run_outbox(facturo_app).done == 1
    [row] = refunds(facturo_app, shop)
    assert (row.state, row.reason) == (CollectionState.PAID, "")
    assert refund_payments(facturo_app, shop, note_id) == [
        (Decimal("-121.00"), PaymentSource.ADDON, f"twikey:transfer:{row.twikey_id}")]
    page = client.get(f"/documents/{note_id}").text
    assert "paid back" in page and f"/apps/twikey/documents/{note_id}/refund" not in page
    refusal = client.get(f"/apps/twikey/documents/{note_id}/refund").text
    assert "This credit note is paid back through Twikey already." in refusal
    reads = len(twikey.calls_to("GET", "/creditor/transfer"))
    call(web_client_anonymous(facturo_app), shop.slug)  # nothing waits: the feed is not read
    assert run_outbox(facturo_app).done == 1
    assert len(twikey.calls_to("GET", "/creditor/transfer")) == reads
    with facturo_app.tenant_context(shop.id) as ctx:  # the same entry read a second time
        ctx.session.scalars(select(TwikeyFeed)).one().transfer_position = None
        twikey.state.transfer_served = 0
        with client_for(ctx) as twikey_client:
            assert read_refund_feed(ctx, twikey_client) == 1
    assert len(refund_payments(facturo_app, shop, note_id)) == 1
    with facturo_app.tenant_context(shop.id) as ctx:
        assert ctx.session.scalars(select(TwikeyFeed)).one().transfer_position == "1"


def test_a_refund_the_bank_refused_shows_why_and_may_be_asked_again(
        facturo_app, shop, twikey, customer, web_client):
    client = web_client(shop, language="en")
    note_id, number = refunded(facturo_app, shop, twikey, customer, client)
    twikey.settle_refund(number, "ERROR", "AC04 account closed")
    with facturo_app.tenant_context(shop.id) as ctx:  # the hourly job, not a webhook
        queue.hourly(ctx)
    assert run_outbox(facturo_app).done == 1
    [row] = refunds(facturo_app, shop)
    assert (row.state, row.reason) == (CollectionState.ERROR, "AC04 account closed")
    assert refund_payments(facturo_app, shop, note_id) == []
    page = client.get(f"/documents/{note_id}").text
    assert "refused by the bank" in page and "AC04 account closed" in page
    assert "Refund 121,00" in page and "again through Twikey" in page
    assert post_form(client, f"/apps/twikey/documents/{note_id}/refund").status_code == 303
    assert run_outbox(facturo_app).done == 1
    first, second = refunds(facturo_app, shop)
    assert (second.attempt, second.state) == (2, CollectionState.PENDING)
    assert second.twikey_id != first.twikey_id
    assert len(twikey.state.refunds) == 2
    twikey.settle_refund(number, "PAID")
    call(web_client_anonymous(facturo_app), shop.slug)
    assert run_outbox(facturo_app).done == 1
    first, second = refunds(facturo_app, shop)
    assert (first.state, second.state) == (CollectionState.ERROR, CollectionState.PAID)
    assert refund_payments(facturo_app, shop, note_id) == [
        (Decimal("-121.00"), PaymentSource.ADDON, f"twikey:transfer:{second.twikey_id}")]


def test_a_paid_refund_that_comes_back_can_be_paid_back_again(
        facturo_app, shop, twikey, customer, web_client):
    client = web_client(shop, language="en")
    note_id, number = refunded(facturo_app, shop, twikey, customer, client)
    twikey.settle_refund(number, "PAID")
    twikey.settle_refund(number, "ERROR", "AC04 account closed")  # returned after booking
    with facturo_app.tenant_context(shop.id) as ctx, client_for(ctx) as twikey_client:
        assert read_refund_feed(ctx, twikey_client) == 2
    [row] = refunds(facturo_app, shop)
    assert (row.state, row.reason, row.payment_id) == (
        CollectionState.ERROR, "AC04 account closed", None)
    assert refund_payments(facturo_app, shop, note_id) == []
    with facturo_app.tenant_context(shop.id) as ctx:
        moved = sorted(p.amount for p in list_payments(ctx)
                       if (p.external_id or "").startswith("twikey:transfer:"))
        ctx.session.scalars(select(TwikeyFeed)).one().transfer_position = None
        twikey.state.transfer_served = 0
        with client_for(ctx) as twikey_client:  # both entries again: nothing changes
            assert read_refund_feed(ctx, twikey_client) == 2
        again = sorted(p.amount for p in list_payments(ctx)
                       if (p.external_id or "").startswith("twikey:transfer:"))
    assert moved == again == [Decimal("-121.00"), Decimal("121.00")]
    assert refunds(facturo_app, shop)[0].state == CollectionState.ERROR
    assert "again through Twikey" in client.get(f"/documents/{note_id}").text


def test_twikey_refusing_the_feed_says_so_and_the_payments_are_still_read(
        facturo_app, shop, twikey, customer, web_client):
    client = web_client(shop, language="en")
    note_id, number = refunded(facturo_app, shop, twikey, customer, client)
    twikey.state.transfer_access = False
    twikey.settle_refund(number, "PAID")
    invoice = post(facturo_app, shop, customer)  # collected automatically, then paid
    assert run_outbox(facturo_app).done == 1
    twikey.settle(invoice.number, "PAID")
    call(web_client_anonymous(facturo_app), shop.slug)
    assert run_outbox(facturo_app).done == 1
    with facturo_app.tenant_context(shop.id) as ctx:
        assert read_document(ctx, invoice.id).state == DocumentState.PAID
    [row] = refunds(facturo_app, shop)
    assert row.state == CollectionState.PENDING
    assert row.reason == ("Twikey liet niet weten wat er met de terugbetaling gebeurde: "
                          "This API key may not read credit transfers")  # the company's nl
    assert "This API key may not read credit transfers" in client.get(f"/documents/{note_id}").text
    twikey.state.transfer_access = True
    call(web_client_anonymous(facturo_app), shop.slug)
    run_outbox(facturo_app)
    [row] = refunds(facturo_app, shop)
    assert (row.state, row.reason) == (CollectionState.PAID, "")


def test_another_companys_refund_is_never_touched(
        facturo_app, shop, twikey, customer, make_tenant, web_client):
    other_twikey = TwikeyServer(API_KEY).start()
    try:
        other = make_tenant("Slagerij Claes", addons=("twikey",))
        facturo_app.addon_manager.configure(other.id, "twikey", {
            "api_key": API_KEY, "api_url": other_twikey.url, "core_template": "1",
            "b2b_template": "2"})
        with facturo_app.tenant_context(other.id) as ctx:
            other_customer = create_customer(ctx, {"name": "Bakkerij Maes",
                                                   "email": "info@maes.test"}).id
        other_note, other_number = refunded(facturo_app, other, other_twikey, other_customer,
                                            web_client(other, language="en"))
        note_id, number = refunded(facturo_app, shop, twikey, customer,
                                   web_client(shop, language="en"))
        assert number == other_number  # the same credit note number in both companies
        twikey.settle_refund(number, "PAID")
        for tenant in (shop, other):
            call(web_client_anonymous(facturo_app), tenant.slug)
        assert run_outbox(facturo_app).done == 2
        assert [r.state for r in refunds(facturo_app, shop)] == [CollectionState.PAID]
        assert [r.state for r in refunds(facturo_app, other)] == [CollectionState.PENDING]
        assert refund_payments(facturo_app, other, other_note) == []
        assert len(refund_payments(facturo_app, shop, note_id)) == 1
        assert len(other_twikey.calls_to("GET", "/creditor/transfer")) == 1
    finally:
        other_twikey.stop()
