"""The reminders page: what was sent per invoice and per customer, and the reminders to print
for customers without an e-mail address; the accounts page."""

from __future__ import annotations

from datetime import date

from addons.payments.reminders import send_due_reminders
from core.documents import settings as doc_settings
from core.testing.web import post_form


def test_reminders_are_listed_per_invoice_and_customer_and_to_print(
    facturo_app, shop, new_customer, post_invoice, web_client, make_tenant
):
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        doc_settings.set_setting(ctx.session, "company.iban", "BE62 5100 0754 7061")
    janssens = new_customer(shop, "Janssens BV", email="jan@janssens.example")
    first = post_invoice(shop, janssens, "100.00")
    second = post_invoice(shop, janssens, "50.00")
    nomail = new_customer(shop, "Frituur Smet", email="", street="Markt 1",
                          postal_code="9000", city="Gent")
    third = post_invoice(shop, nomail, "20.00")
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        sent = send_due_reminders(ctx, date(2026, 4, 9))
    assert len(sent) == 3
    client = web_client(shop, language="en")
    page = client.get("/apps/payments/reminders")
    assert page.status_code == 200
    assert page.text.count("First reminder") == 3 and "jan@janssens.example" in page.text

    panel = client.get(f"/documents/{first}").text
    assert f'<a href="/apps/payments/reminders?invoice={first}">' in panel
    assert "Show the reminders of this invoice" in panel
    per_invoice = client.get(f"/apps/payments/reminders?invoice={first}").text
    assert per_invoice.count("<tr class=\"status-") == 1
    fiche = client.get(f"/customers/{janssens}").text
    assert "2 reminders sent" in fiche
    assert f'<a href="/apps/payments/reminders?customer={janssens}">' in fiche
    per_customer = client.get(f"/apps/payments/reminders?customer={janssens}").text
    assert per_customer.count("<tr class=\"status-") == 2 and "Frituur Smet" not in per_customer
    to_print = client.get("/apps/payments/reminders?show=print").text
    assert to_print.count("<tr class=\"status-") == 1 and "Frituur Smet" in to_print
    assert "No e-mail address" in to_print and "Janssens" not in to_print

    with facturo_app.tenant_context(shop.id) as ctx:
        from addons.payments.reminders import reminders_of

        [reminder] = reminders_of(ctx, third)
        assert [r.level for r in reminders_of(ctx, second)] == [1]
    letter = client.get(f"/apps/payments/reminders/{reminder.id}/letter")
    assert letter.status_code == 200
    assert "Beste Frituur Smet" in letter.text and "BE62 5100 0754 7061" in letter.text
    assert "Markt 1" in letter.text

    other = make_tenant("Elders BV", addons=("payments",))
    stranger = web_client(other, language="en")
    assert stranger.get(f"/apps/payments/reminders/{reminder.id}/letter").status_code == 404
    assert "Frituur" not in stranger.get("/apps/payments/reminders").text


def test_an_account_is_edited_and_chosen_for_payment_requests(facturo_app, shop, web_client):
    from core.tenants.models import Role

    client = web_client(shop, language="en")
    accounts = client.get("/apps/payments/accounts")
    assert accounts.status_code == 200 and "not entered yet" in accounts.text
    with facturo_app.tenant_context(shop.id) as ctx:
        from addons.payments.accounts import list_accounts

        bank = list_accounts(ctx)[0]
    refused = post_form(client, f"/apps/payments/accounts/{bank.id}",
                        {"name": "KBC zicht", "iban": "BE00 1234", "bic": ""})
    assert refused.status_code == 422 and "is not a valid IBAN" in refused.text
    assert 'value="KBC zicht"' in refused.text
    with facturo_app.tenant_context(shop.id) as ctx:
        assert list_accounts(ctx)[0].name == bank.name  # nothing half-saved
    saved = post_form(client, f"/apps/payments/accounts/{bank.id}",
                      {"name": "KBC zicht", "iban": "BE71 0961 2345 6769", "bic": "GKCCBEBB"})
    assert saved.status_code == 303
    assert post_form(client, "/apps/payments/accounts/pay-to",
                     {"account": str(bank.id)}).status_code == 303
    page = client.get("/apps/payments/accounts").text
    assert "ask customers to pay on BE71 0961 2345 6769" in page
    clerk = web_client(shop, Role.MEMBER, language="en")
    assert "Use this account" not in clerk.get("/apps/payments/accounts").text
    assert post_form(clerk, "/apps/payments/accounts/pay-to",
                     {"account": "company"}).status_code == 403
    assert post_form(clerk, f"/apps/payments/accounts/{bank.id}",
                     {"name": "Mine", "iban": "BE62 5100 0754 7061"}).status_code == 403
