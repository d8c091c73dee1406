"""In Chromium: the payments addon's bank account gets its IBAN on the accounts page and is
chosen as the account customers pay on; the reminder e-mail, read from a real SMTP server on
loopback, asks to pay on it."""

from __future__ import annotations

from datetime import date

import pytest

from addons.payments.reminders import send_due_reminders
from core.contacts.service import create_customer
from core.documents import settings as doc_settings
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import create_document
from core.mail.sender import drain
from core.mail.settings import save_mail_settings
from core.tenants.models import Role
from core.testing.plugin import TEST_PASSWORD

pytestmark = [pytest.mark.sqlite_only, pytest.mark.browser]


def test_the_reminder_asks_to_pay_on_the_account_chosen_in_the_browser(
    facturo_app, make_tenant, make_user, serve, page, facturo_mailbox
):
    from playwright.sync_api import expect

    tenant = make_tenant("Bakkerij Peeters", addons=("payments",))
    user = make_user(tenant, Role.OWNER, language="en")
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        save_mail_settings(ctx.session, host=facturo_mailbox.host, port=facturo_mailbox.port,
                           security="none", from_address="boekhouding@peeters.example")
        doc_settings.set_setting(ctx.session, "company.iban", "BE62 5100 0754 7061")
        customer = create_customer(ctx, {"name": "Janssens BV", "language": "nl",
                                         "email": "jan@janssens.example"}).id
        post_document(ctx, create_document(
            ctx, "invoice", customer, issue_date=date(2026, 3, 2),
            lines=[LineData(description="Brood", quantity=1, unit_price="100")]))
    base = serve(facturo_app)

    page.goto(base + "/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_title("Dashboard · Facturo")

    page.locator("nav.sidebar").get_by_role("link", name="Payments", exact=True).click()
    page.get_by_role("link", name="Accounts", exact=True).click()
    expect(page).to_have_title("Accounts · Facturo")
    page.get_by_role("link", name="Edit Bank").click()
    page.get_by_label("IBAN").fill("BE71 0961 2345 6769")
    page.get_by_label("BIC").fill("GKCCBEBB")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="BE71096123456769")).to_be_visible()
    page.locator("#f-account").select_option(label="Bank (BE71096123456769)")
    page.get_by_role("button", name="Use this account").click()
    expect(page.get_by_text("ask customers to pay on BE71 0961 2345 6769")).to_be_visible()

    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        send_due_reminders(ctx, date(2026, 4, 9))
    assert drain(facturo_app).sent == 1
    [mail] = facturo_mailbox.received
    assert "op rekening BE71 0961 2345 6769 met de gestructureerde mededeling +++" in mail.text
