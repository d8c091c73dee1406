"""Reminder e-mails as the customer reads them, from a real SMTP server on loopback: the
account to pay on, German text for German customers, the tenant's own text from Settings →
E-mail, and an invoice that a reminder does not mark "sent"."""

from __future__ import annotations

from datetime import date

from addons.payments.accounts import list_accounts, update_account
from addons.payments.reminders import send_due_reminders
from addons.payments.requests import choose_request_account, pay_to
from core.documents import settings as doc_settings
from core.documents.models import Document
from core.mail.sender import drain
from core.mail.settings import save_mail_settings
from core.testing.web import csrf_from

LATE = date(2026, 4, 9)  # invoices of 2/3, due 1/4, first reminder after 7 days


def _set_up_mail(facturo_app, tenant, server) -> None:
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        save_mail_settings(ctx.session, host=server.host, port=server.port, security="none",
                           from_address="boekhouding@peeters.example")
        doc_settings.set_setting(ctx.session, "company.iban", "BE62 5100 0754 7061")
        doc_settings.set_setting(ctx.session, "company.bic", "GKCCBEBB")


def _received(server, address: str):
    [found] = [item for item in server.received if address in item.recipients]
    return found


def test_reminders_ask_to_pay_on_the_company_account_then_on_the_chosen_one(
    facturo_app, shop, new_customer, post_invoice, facturo_mailbox
):
    _set_up_mail(facturo_app, shop, facturo_mailbox)
    dutch = post_invoice(shop, new_customer(shop, "Janssens BV", email="jan@janssens.example"))
    german = post_invoice(shop, new_customer(shop, "Müller GmbH", language="de",
                                             email="buchhaltung@mueller.example"))
    post_invoice(shop, new_customer(shop, "Lambert SA", language="fr",
                                    email="compta@lambert.example"))
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        send_due_reminders(ctx, LATE)
    assert drain(facturo_app).sent == 3
    fr = _received(facturo_mailbox, "compta@lambert.example")
    assert "(échéance le 1er avril 2026)" in fr.text and "du 2 mars 2026" in fr.text

    nl = _received(facturo_mailbox, "jan@janssens.example")
    assert "op rekening BE62 5100 0754 7061 met de gestructureerde mededeling +++" in nl.text
    de = _received(facturo_mailbox, "buchhaltung@mueller.example")
    assert str(de.message["Subject"]).startswith("Zahlungserinnerung: Rechnung F2026")
    assert "auf das Konto BE62 5100 0754 7061" in de.text
    assert "1. April 2026" in de.text and "Dear" not in de.text
    with facturo_app.tenant_context(shop.id) as ctx:
        assert ctx.session.get(Document, dutch).sent_at is None
        assert ctx.session.get(Document, german).sent_at is None

    facturo_mailbox.received.clear()
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        bank = list_accounts(ctx)[0]
        update_account(ctx, bank, iban="BE71 0961 2345 6769", bic="GKCCBEBB")
        choose_request_account(ctx, bank)
        assert pay_to(ctx).iban == "BE71 0961 2345 6769"
        send_due_reminders(ctx, date(2026, 4, 16))  # the second level
    drain(facturo_app)
    second = _received(facturo_mailbox, "jan@janssens.example")
    assert "op rekening BE71 0961 2345 6769 met" in second.text


def test_the_bank_account_of_a_new_tenant_carries_the_company_iban(facturo_app, make_tenant):
    tenant = make_tenant("Slagerij Wouters")
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        doc_settings.set_setting(ctx.session, "company.iban", "BE62 5100 0754 7061")
    facturo_app.addon_manager.switch_on(tenant.id, "payments")
    with facturo_app.tenant_context(tenant.id) as ctx:
        bank = list_accounts(ctx)[0]
        assert bank.iban == "BE62510007547061"


def test_reminder_texts_are_edited_per_language_in_the_mail_settings(
    facturo_app, shop, new_customer, post_invoice, facturo_mailbox, web_client
):
    _set_up_mail(facturo_app, shop, facturo_mailbox)
    client = web_client(shop, language="en")
    settings = client.get("/settings/mail")
    assert "First reminder" in settings.text and "Final notice" in settings.text
    url = "/settings/mail/templates/payment_reminder_1/nl"
    form = client.get(url)
    assert form.status_code == 200 and "Herinnering: factuur {number}" in form.text
    saved = client.post(url, data={
        "subject": "Vergeten? Factuur {number}",
        "body": "Dag {customer_name}, stort {amount_due} op {iban}.",
        "csrf_token": csrf_from(form.text)}, follow_redirects=False)
    assert saved.status_code == 303
    assert client.get("/settings/mail/templates/payment_reminder_1/de").status_code == 200
    post_invoice(shop, new_customer(shop, "Janssens BV", email="jan@janssens.example"))
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        send_due_reminders(ctx, LATE)
    drain(facturo_app)
    mail = _received(facturo_mailbox, "jan@janssens.example")
    assert str(mail.message["Subject"]).startswith("Vergeten? Factuur F2026")
    assert "Dag Janssens BV, stort €\u00a0121,00 op BE62 5100 0754 7061." in mail.text


def test_invoices_ask_to_pay_on_the_chosen_account(
    facturo_app, shop, new_customer, post_invoice, facturo_mailbox
):
    from core.output.adapter import build_view
    from core.output.sending import queue_document_mail

    _set_up_mail(facturo_app, shop, facturo_mailbox)
    invoice = post_invoice(shop, new_customer(shop, "Janssens BV", email="jan@janssens.example"))
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        doc = ctx.session.get(Document, invoice)
        assert build_view(ctx, doc).payment.iban == "BE62 5100 0754 7061"
        bank = list_accounts(ctx)[0]
        update_account(ctx, bank, iban="BE71 0961 2345 6769", bic="GKCCBEBB")
        choose_request_account(ctx, bank)
        assert build_view(ctx, doc).payment.iban == "BE71 0961 2345 6769"
        queue_document_mail(ctx, doc, to=["jan@janssens.example"])
    drain(facturo_app)
    mail = _received(facturo_mailbox, "jan@janssens.example")
    assert "op rekening BE71 0961 2345 6769 met de gestructureerde mededeling" in mail.text
