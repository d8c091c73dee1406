"""Mandates: a company is invited on the B2B template, a consumer on CORE; the mandate feed
makes them active or cancelled; Twikey refusing or down loses nothing."""

import pytest
from starlette.testclient import TestClient

from addons.twikey.mandates import active_mandate, latest_mandate
from addons.twikey.models import MandateState
from addons.twikey.queue import hourly
from addons.twikey.signature import sign
from addons.twikey.tests.conftest import API_KEY
from addons.twikey.tests.flow import post, run_outbox
from core.api import SettingsError, create_customer
from core.testing.web import post_form


def mandate_of(app, tenant, contact_id):
    with app.tenant_context(tenant.id) as ctx:
        mandate = latest_mandate(ctx, contact_id)
        if mandate is not None:
            ctx.session.expunge(mandate)
        return mandate


def read_feeds_now(app, tenant, client):
    assert post_form(client, "/apps/twikey/feeds").status_code == 303
    return run_outbox(app)


def test_a_company_is_invited_on_the_b2b_template_and_activated_by_the_feed(
        facturo_app, shop, twikey, customer, web_client):
    client = web_client(shop, language="en")
    page = client.get(f"/customers/{customer}").text
    assert "No mandate yet." in page
    assert f'href="/apps/twikey/customers/{customer}/invite"' in page
    assert "B2B (company)" in client.get(f"/apps/twikey/customers/{customer}/invite").text
    assert post_form(client, f"/apps/twikey/customers/{customer}/invite").status_code == 303
    [invite] = twikey.calls_to("POST", "/creditor/invite")
    assert invite.form["ct"] == "2"
    assert invite.form["companyName"] == "Garage Claes BV"
    assert invite.form["vatno"] == "BE0403019261"
    assert invite.form["email"] == "boekhouding@claes.test"
    mandate = mandate_of(facturo_app, shop, customer)
    assert (mandate.mndt_id, mandate.state) == ("MNDT00001", MandateState.INVITED)
    page = client.get(f"/customers/{customer}").text
    assert "invited, not signed yet" in page and mandate.sign_url in page
    twikey.sign("MNDT00001", "BE68539007547034")
    assert read_feeds_now(facturo_app, shop, client).done == 1
    mandate = mandate_of(facturo_app, shop, customer)
    assert (mandate.state, mandate.iban) == (MandateState.ACTIVE, "BE68539007547034")
    assert "active" in client.get(f"/customers/{customer}").text
    twikey.cancel("MNDT00001", "MD01")
    read_feeds_now(facturo_app, shop, client)
    mandate = mandate_of(facturo_app, shop, customer)
    assert (mandate.state, mandate.reason) == (MandateState.CANCELLED, "MD01")


def test_a_consumer_is_invited_on_the_core_template(facturo_app, shop, twikey, web_client):
    with facturo_app.tenant_context(shop.id) as ctx:
        person = create_customer(ctx, {"name": "An Peeters", "is_company": False,
                                       "email": "an@peeters.test"}).id
    client = web_client(shop, language="en")
    post_form(client, f"/apps/twikey/customers/{person}/invite")
    [invite] = twikey.calls_to("POST", "/creditor/invite")
    assert (invite.form["ct"], invite.form["lastname"]) == ("1", "An Peeters")
    assert "companyName" not in invite.form


def test_the_feed_reading_resumes_after_what_was_read(facturo_app, shop, twikey, customer,
                                                      web_client):
    client = web_client(shop, language="en")
    post_form(client, f"/apps/twikey/customers/{customer}/invite")
    twikey.sign("MNDT00001")
    read_feeds_now(facturo_app, shop, client)
    read_feeds_now(facturo_app, shop, client)
    resumed = [c.headers.get("x-resume-after") for c in twikey.calls_to("GET", "/creditor/mandate")]
    assert resumed[0] is None and resumed[-1] == "1"


def test_an_invitation_twikey_refuses_keeps_nothing_and_says_why(
        facturo_app, shop, twikey, customer, web_client):
    facturo_app.addon_manager.configure(shop.id, "twikey", {"b2b_template": "77"})
    client = web_client(shop, language="en")
    answer = post_form(client, f"/apps/twikey/customers/{customer}/invite",
                       follow_redirects=True)
    assert "Twikey did not take the invitation: No such template" in answer.text
    assert mandate_of(facturo_app, shop, customer) is None
    twikey.stop()
    answer = post_form(client, f"/apps/twikey/customers/{customer}/invite",
                       follow_redirects=True)
    assert "Twikey cannot be reached" in answer.text
    assert mandate_of(facturo_app, shop, customer) is None


def test_without_a_template_the_invitation_says_what_to_fill_in(
        facturo_app, shop, twikey, customer, web_client):
    facturo_app.addon_manager.configure(shop.id, "twikey", {"b2b_template": ""})
    client = web_client(shop, language="en")
    page = client.get(f"/apps/twikey/customers/{customer}/invite").text
    assert "Fill in the B2B template (for companies) in the Twikey settings first." in page
    assert twikey.calls_to("POST", "/creditor/invite") == []


def test_switched_off_it_collects_nothing_and_shows_nothing(
        facturo_app, shop, twikey, customer, web_client):
    facturo_app.addon_manager.configure(shop.id, "twikey", {"collect_automatically": "yes"})
    client = web_client(shop, language="en")
    post_form(client, f"/apps/twikey/customers/{customer}/invite")
    twikey.sign("MNDT00001")
    read_feeds_now(facturo_app, shop, client)
    facturo_app.addon_manager.switch_off(shop.id, "twikey")
    invoice = post(facturo_app, shop, customer)
    assert run_outbox(facturo_app).handled == 0
    assert twikey.calls_to("POST", "/creditor/transaction") == []
    assert "twikey-panel" not in client.get(f"/documents/{invoice.id}").text
    assert "twikey-panel" not in client.get(f"/customers/{customer}").text
    assert client.get(f"/apps/twikey/documents/{invoice.id}/collect").status_code == 404
    facturo_app.addon_manager.switch_on(shop.id, "twikey")
    with facturo_app.tenant_context(shop.id) as ctx:
        assert active_mandate(ctx, customer) is not None


def test_the_settings_show_the_webhook_address_and_refuse_a_bad_api_address(
        facturo_app, shop, twikey, web_client):
    page = web_client(shop, language="en").get("/settings/apps/twikey").text
    assert f"/apps/twikey/webhook/{shop.slug}</code>" in page
    assert 'href="/apps/twikey/feeds"' in page
    with pytest.raises(SettingsError) as refused:
        facturo_app.addon_manager.configure(shop.id, "twikey", {"api_url": "ftp://twikey"})
    assert "https://" in str(refused.value)


def test_mandate_news_by_webhook_and_the_hourly_job_read_the_mandate_feed(
        facturo_app, shop, twikey, customer, web_client):
    client = web_client(shop, language="en")
    post_form(client, f"/apps/twikey/customers/{customer}/invite")
    twikey.sign("MNDT00001")
    query = "type=contract&mndtId=MNDT00001"
    anonymous = TestClient(facturo_app.web, base_url="http://testserver")
    answer = anonymous.get(f"/apps/twikey/webhook/{shop.slug}?{query}",
                           headers={"X-Signature": sign(API_KEY, query)})
    assert answer.status_code == 204
    assert run_outbox(facturo_app).done == 1
    assert mandate_of(facturo_app, shop, customer).state == MandateState.ACTIVE
    twikey.cancel("MNDT00001")
    with facturo_app.tenant_context(shop.id) as ctx:
        hourly(ctx)
    assert run_outbox(facturo_app).done == 1
    assert mandate_of(facturo_app, shop, customer).state == MandateState.CANCELLED
