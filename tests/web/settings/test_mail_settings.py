"""Settings → E-mail: SMTP settings (the password never shown), copies, texts, test e-mail."""

from __future__ import annotations

import pytest
from settings_helpers import send, title_of
from sqlalchemy import select

from core.mail.models import OutboxMessage, SmtpSecurity
from core.mail.settings import mail_settings
from core.mail.templates import template_for

pytestmark = pytest.mark.sqlite_only
SECRET = "s3cret-Pa55word"
SMTP = {"host": "smtp.example.be", "port": "", "security": "tls", "username": "facturen",
        "password": SECRET, "from_address": "Peeters <facturen@peeters.example>",
        "from_name": "Peeters", "reply_to": "", "default_cc": "boekhouding@peeters.example",
        "default_bcc": "archief@peeters.example; kopie@peeters.example"}


def test_smtp_settings_are_saved_and_the_password_is_never_shown(tenant, client_of, work):
    client = client_of(tenant)
    first = client.get("/settings/mail")
    assert first.status_code == 200 and title_of(first.text) == "E-mail"
    assert send(client, "/settings/mail", SMTP).status_code == 303
    with work(tenant) as ctx:
        settings = mail_settings(ctx.session)
        assert (settings.host, settings.port, settings.security) == (
            "smtp.example.be", 465, SmtpSecurity.TLS)
        assert settings.password == SECRET
        assert settings.default_cc == ["boekhouding@peeters.example"]
        assert settings.default_bcc == ["archief@peeters.example", "kopie@peeters.example"]
    page = client.get("/settings/mail")
    assert SECRET not in page.text and 'value="smtp.example.be"' in page.text
    assert "A password is stored" in page.text
    refused = send(client, "/settings/mail", {**SMTP, "port": "70000",
                                              "default_cc": "not an address"})
    assert refused.status_code == 422 and SECRET not in refused.text
    assert "between 1 and 65535" in refused.text and "not a valid e-mail address" in refused.text
    assert 'value="70000"' in refused.text and 'value="not an address"' in refused.text
    kept = send(client, "/settings/mail", {**SMTP, "password": "", "port": "2525"})
    assert kept.status_code == 303
    with work(tenant) as ctx:
        settings = mail_settings(ctx.session)
        assert settings.password == SECRET and settings.port == 2525
    cleared = send(client, "/settings/mail", {**SMTP, "password": "", "clear_password": "on"})
    assert cleared.status_code == 303
    with work(tenant) as ctx:
        assert mail_settings(ctx.session).password == ""


def test_a_test_email_is_queued_through_the_outbox(tenant, client_of, work):
    client = client_of(tenant)
    early = send(client, "/settings/mail/test", {"test_to": "me@peeters.example"})
    assert early.status_code == 422 and "Save the SMTP settings first." in early.text
    send(client, "/settings/mail", SMTP)
    bad = send(client, "/settings/mail/test", {"test_to": "me@"})
    assert bad.status_code == 422 and 'value="me@"' in bad.text
    queued = send(client, "/settings/mail/test", {"test_to": "me@peeters.example"})
    assert queued.status_code == 303
    assert "is in the outbox" in client.get("/settings/mail").text
    with work(tenant) as ctx:
        message = ctx.session.scalars(select(OutboxMessage)).one()
    assert message.to == ["me@peeters.example"] and message.cc == [] and message.bcc == []
    assert message.subject == f"Test e-mail from {tenant.name}"


def test_email_texts_per_kind_and_language(tenant, client_of, work, activate):
    activate(tenant, "quotes")
    client = client_of(tenant)
    page = client.get("/settings/mail")
    for kind, language in (("invoice", "nl"), ("credit_note", "fr"), ("quote", "de")):
        assert f'href="/settings/mail/templates/{kind}/{language}"' in page.text
    url = "/settings/mail/templates/invoice/fr"
    edit = client.get(url)
    assert edit.status_code == 200 and "{structured_communication}" in edit.text
    assert "Facture {number} de {company_name}" in edit.text
    refused = send(client, url, {"subject": "Facture {numero}", "body": "Bonjour {client}"})
    assert refused.status_code == 422
    assert "{numero}" in refused.text and "{client}" in refused.text
    assert 'value="Facture {numero}"' in refused.text
    saved = send(client, url, {"subject": "Votre facture {number}",
                               "body": "Bonjour {customer_name},\nMerci !"})
    assert saved.status_code == 303
    with work(tenant) as ctx:
        assert template_for(ctx.session, "invoice", "fr").subject == "Votre facture {number}"
    assert "Own text" in client.get("/settings/mail").text
    confirm = client.get(f"{url}/reset")
    assert confirm.status_code == 200 and 'action="/settings/mail/templates/invoice/fr/reset"' \
        in confirm.text
    assert send(client, f"{url}/reset").status_code == 303
    with work(tenant) as ctx:
        assert template_for(ctx.session, "invoice", "fr").subject == (
            "Facture {number} de {company_name}")
    assert client.get("/settings/mail/templates/invoice/xx").status_code == 404
    assert client.get("/settings/mail/templates/delivery_note/nl").status_code == 404
