"""The MailChimp page: the audience chosen from the account's list, the full sync queued and
its progress, the member on the customer's page; 404 where the app is off."""

from __future__ import annotations

from datetime import timedelta

import pytest

from addons.mailchimp.tests.conftest import API_KEY
from core.api import create_customer, utcnow
from core.outbox.runner import run_jobs
from core.testing.web import post_form

pytestmark = pytest.mark.sqlite_only


def test_the_audience_is_chosen_from_the_accounts_lists(facturo_app, shop, web_client,
                                                        mailchimp):
    client = web_client(shop, language="en")
    page = client.get("/apps/mailchimp/")
    assert page.status_code == 200 and "Customers go to the audience a1b2c3." in page.text
    choices = client.get("/apps/mailchimp/audiences")
    assert "Klanten" in choices.text and "Nieuwsbrief" in choices.text
    refused = post_form(client, "/apps/mailchimp/audiences", {"audience": "not-mine"})
    assert refused.status_code == 422 and "Choose one of the audiences" in refused.text
    saved = post_form(client, "/apps/mailchimp/audiences", {"audience": "d4e5f6"})
    assert saved.status_code in (200, 303)
    with facturo_app.tenant_context(shop.id, read_only=True) as ctx:
        assert ctx.addon_settings("mailchimp")["audience"] == "d4e5f6"
    mailchimp.down_for(60)
    down = client.get("/apps/mailchimp/audiences")
    assert "MailChimp answered: Service Unavailable" in down.text


def test_a_key_without_data_centre_is_refused_in_the_settings(facturo_app, shop, web_client):
    client = web_client(shop, language="en")
    answer = post_form(client, "/settings/apps/mailchimp",
                       {"api_key": "0123abcd", "audience": "a1b2c3"})
    assert answer.status_code == 422 and "ends with its data centre" in answer.text
    with facturo_app.tenant_context(shop.id, read_only=True) as ctx:
        assert ctx.addon_settings("mailchimp")["api_key"] == API_KEY


def test_a_full_sync_is_queued_from_the_page_and_shows_its_progress(
        facturo_app, shop, web_client, mailchimp):
    with facturo_app.tenant_context(shop.id) as ctx:
        for n in range(3):
            create_customer(ctx, {"name": f"Klant {n}", "email": f"k{n}@x.be"})
    client = web_client(shop, language="en")
    post_form(client, "/apps/mailchimp/sync", {})
    page = client.get("/apps/mailchimp/")
    assert "Sync every customer now" not in page.text  # one is under way
    assert 'hx-get="/apps/mailchimp/sync/progress"' in page.text
    mailchimp.batch_polls_to_finish = 2
    now = utcnow()
    run_jobs(facturo_app, limit=50, now=now)
    running = client.get("/apps/mailchimp/sync/progress")
    assert "of 3 operations done." in running.text
    for step in range(1, 6):
        run_jobs(facturo_app, limit=50, now=now + timedelta(seconds=3 * step))
    done = client.get("/apps/mailchimp/sync/progress")
    assert "Last full sync finished" in done.text and "hx-get" not in done.text
    assert "3 customers subscribed or waiting" in client.get("/apps/mailchimp/").text


def test_the_customer_page_tells_the_member_and_off_means_404(
        facturo_app, shop, web_client, mailchimp):
    with facturo_app.tenant_context(shop.id) as ctx:
        contact_id = create_customer(ctx, {"name": "Jan", "email": "jan@x.be"}).id
    run_jobs(facturo_app, limit=10)
    client = web_client(shop, language="en")
    assert "Subscribed as jan@x.be." in client.get(f"/customers/{contact_id}").text
    facturo_app.addon_manager.switch_off(shop.id, "mailchimp")
    assert client.get("/apps/mailchimp/").status_code == 404
    assert "Subscribed as" not in client.get(f"/customers/{contact_id}").text
