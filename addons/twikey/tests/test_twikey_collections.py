"""Collections: automatic on posting, or by the button; sent through the outbox with an
Idempotency-Key; Twikey down or refusing loses nothing."""

from decimal import Decimal

from sqlalchemy import select

from addons.twikey.client import TwikeyClient
from addons.twikey.models import CollectionState
from addons.twikey.tests.conftest import API_KEY
from addons.twikey.tests.flow import collections, post, run_outbox, signed_mandate
from core.api import OutboxMessage, ogm
from core.testing.web import post_form


def test_a_posted_invoice_is_collected_automatically_on_an_active_mandate(
        facturo_app, shop, twikey, customer):
    facturo_app.addon_manager.configure(shop.id, "twikey", {"collect_automatically": "yes"})
    mndt_id = signed_mandate(facturo_app, shop, twikey, customer)
    invoice = post(facturo_app, shop, customer)
    [row] = collections(facturo_app, shop)
    assert row.state == CollectionState.QUEUED
    assert twikey.calls_to("POST", "/creditor/transaction") == []
    assert run_outbox(facturo_app).done == 1
    [sent] = twikey.calls_to("POST", "/creditor/transaction")
    assert sent.form == {"mndtId": mndt_id, "message": ogm.display(invoice.structured_ref),
                         "amount": "121.00", "ref": invoice.number}
    assert sent.headers["idempotency-key"] == f"facturo-{shop.id}-{invoice.number}-collect-1"
    [row] = collections(facturo_app, shop)
    assert row.state == CollectionState.OPEN and row.twikey_id


def test_without_collect_automatically_the_invoice_offers_a_button(
        facturo_app, shop, twikey, customer, web_client):
    signed_mandate(facturo_app, shop, twikey, customer)
    invoice = post(facturo_app, shop, customer)
    assert collections(facturo_app, shop) == []
    client = web_client(shop, language="en")
    page = client.get(f"/documents/{invoice.id}")
    assert f'href="/apps/twikey/documents/{invoice.id}/collect"' in page.text
    confirm = client.get(f"/apps/twikey/documents/{invoice.id}/collect")
    assert "121,00" in confirm.text
    answer = post_form(client, f"/apps/twikey/documents/{invoice.id}/collect")
    assert answer.status_code == 303
    assert run_outbox(facturo_app).done == 1
    assert len(twikey.state.transactions) == 1
    page = client.get(f"/documents/{invoice.id}")
    assert "sent, waiting for the bank" in page.text
    assert f'/apps/twikey/documents/{invoice.id}/collect"' not in page.text
    again = post_form(client, f"/apps/twikey/documents/{invoice.id}/collect")
    assert again.status_code == 303
    assert len(collections(facturo_app, shop)) == 1


def test_no_mandate_no_collection_and_no_button(facturo_app, shop, twikey, customer, web_client):
    facturo_app.addon_manager.configure(shop.id, "twikey", {"collect_automatically": "yes"})
    invoice = post(facturo_app, shop, customer)
    assert collections(facturo_app, shop) == []
    client = web_client(shop, language="en")
    assert "/apps/twikey/documents/" not in client.get(f"/documents/{invoice.id}").text
    refused = client.get(f"/apps/twikey/documents/{invoice.id}/collect")
    assert "This customer has no active Twikey mandate." in refused.text


def test_twikey_down_or_limiting_delays_the_collection_and_never_doubles_it(
        facturo_app, shop, twikey, customer):
    facturo_app.addon_manager.configure(shop.id, "twikey", {"collect_automatically": "yes"})
    signed_mandate(facturo_app, shop, twikey, customer)
    post(facturo_app, shop, customer)
    twikey.refuse_next(1, 429, {"Retry-After": "120"})
    assert run_outbox(facturo_app).retrying == 1
    assert run_outbox(facturo_app, later=60).handled == 0
    twikey.refuse_next(1, 503)
    assert run_outbox(facturo_app, later=121).retrying == 1
    assert run_outbox(facturo_app, later=3600).done == 1
    assert len(twikey.state.transactions) == 1
    assert collections(facturo_app, shop)[0].state == CollectionState.OPEN


def test_a_collection_sent_again_after_a_cut_off_worker_collects_once(
        facturo_app, shop, twikey, customer):
    facturo_app.addon_manager.configure(shop.id, "twikey", {"collect_automatically": "yes"})
    signed_mandate(facturo_app, shop, twikey, customer)
    post(facturo_app, shop, customer)
    [row] = collections(facturo_app, shop)
    with TwikeyClient(API_KEY, twikey.url) as client:  # the call a killed worker had made
        client.new_transaction(row.mndt_id, row.message, row.amount, row.ref,
                               row.idempotency_key)
    assert run_outbox(facturo_app).done == 1
    assert len(twikey.state.transactions) == 1
    [row] = collections(facturo_app, shop)
    assert row.twikey_id == str(next(iter(twikey.state.transactions)))


def test_a_collection_twikey_refuses_keeps_the_reason_and_can_be_tried_again(
        facturo_app, shop, twikey, customer, web_client):
    facturo_app.addon_manager.configure(shop.id, "twikey", {"collect_automatically": "yes"})
    mndt_id = signed_mandate(facturo_app, shop, twikey, customer)
    invoice = post(facturo_app, shop, customer)
    twikey.state.mandates[mndt_id]["state"] = "suspended"
    assert run_outbox(facturo_app).done == 1
    [row] = collections(facturo_app, shop)
    assert row.state == CollectionState.REFUSED
    assert row.reason == f"No active mandate ({mndt_id})"
    client = web_client(shop, language="en")
    page = client.get(f"/documents/{invoice.id}")
    assert "refused by Twikey" in page.text and "No active mandate" in page.text
    assert "Collect again with Twikey" in page.text
    twikey.state.mandates[mndt_id]["state"] = "signed"
    post_form(client, f"/apps/twikey/documents/{invoice.id}/collect")
    assert run_outbox(facturo_app).done == 1
    second = collections(facturo_app, shop)[1]
    assert (second.attempt, second.state) == (2, CollectionState.OPEN)
    assert second.amount == Decimal("121.00")


def test_another_companys_invoice_cannot_be_collected(
        facturo_app, shop, twikey, customer, make_tenant, web_client):
    signed_mandate(facturo_app, shop, twikey, customer)
    invoice = post(facturo_app, shop, customer)
    other = make_tenant("Slagerij Claes", addons=("twikey",))
    client = web_client(other, language="en")
    assert client.get(f"/apps/twikey/documents/{invoice.id}/collect").status_code == 404
    assert post_form(client, f"/apps/twikey/documents/{invoice.id}/collect").status_code == 404
    assert collections(facturo_app, shop) == []


def mails(app, tenant):
    with app.tenant_context(tenant.id) as ctx:
        return [(m.to, m.subject, m.body_text) for m in ctx.session.scalars(
            select(OutboxMessage).order_by(OutboxMessage.id))]


def test_the_customer_is_told_of_the_collection_in_their_language(
        facturo_app, shop, twikey, customer):
    facturo_app.addon_manager.configure(shop.id, "twikey", {"collect_automatically": "yes"})
    mndt_id = signed_mandate(facturo_app, shop, twikey, customer)
    invoice = post(facturo_app, shop, customer)
    run_outbox(facturo_app)
    [(to, subject, body)] = mails(facturo_app, shop)
    assert "boekhouding@claes.test" in to
    assert subject == f"Factuur {invoice.number} wordt geïnd via domiciliëring"
    assert "BE68539007547034" in body and mndt_id in body
    assert ogm.display(invoice.structured_ref) in body and "121,00" in body


def test_without_notify_no_mail_is_sent(facturo_app, shop, twikey, customer):
    facturo_app.addon_manager.configure(shop.id, "twikey", {"collect_automatically": "yes",
                                                            "notify": "no"})
    signed_mandate(facturo_app, shop, twikey, customer)
    post(facturo_app, shop, customer)
    assert run_outbox(facturo_app).done == 1
    assert mails(facturo_app, shop) == []


def test_twikey_down_for_a_while_then_back_collects_once(facturo_app, shop, twikey, customer):
    facturo_app.addon_manager.configure(shop.id, "twikey", {"collect_automatically": "yes"})
    signed_mandate(facturo_app, shop, twikey, customer)
    port = twikey.port
    twikey.stop()
    post(facturo_app, shop, customer)  # the posting itself never waits for Twikey
    assert run_outbox(facturo_app).retrying == 1
    assert run_outbox(facturo_app, later=3600).retrying == 1
    twikey.start(port)
    assert run_outbox(facturo_app, later=7 * 3600).done == 1
    assert len(twikey.state.transactions) == 1
    assert collections(facturo_app, shop)[0].state == CollectionState.OPEN
