"""Queuing e-mails: addresses, copies, idempotency, templates and placeholders, settings."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from core.mail.company_files import add_company_file
from core.mail.defaults import DEFAULTS
from core.mail.errors import MailError, MailNotConfigured
from core.mail.models import OutboxMessage, OutboxStatus, SmtpSecurity
from core.mail.outbox import Attachment, enqueue, enqueue_document
from core.mail.placeholders import (
    PLACEHOLDERS,
    PlaceholderError,
    document_values,
    render,
    unknown_placeholders,
)
from core.mail.settings import resolve_stored_path, save_mail_settings
from core.mail.templates import reset_template, save_template, template_for
from core.output.samples import sample_view

PDF = b"%PDF-1.4 test"


def set_up_mail(ctx, **extra):
    values = {"host": "smtp.example.be", "from_address": "facturen@janssens.example"}
    values.update(extra)
    return save_mail_settings(ctx.session, **values)


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxMessage))


def test_placeholders_are_replaced_and_nothing_else_is_interpreted():
    values = {"number": "F2026-7", "total": "€ 12,00"}
    assert render("Factuur {number}: {total}", values) == "Factuur F2026-7: € 12,00"
    assert render("{{number}} {unknown} {number.__class__} {0}", values) == (
        "{number} {unknown} {number.__class__} {0}"
    )
    assert unknown_placeholders("{number} {nope} {total} {nope} {{nope}}") == ["nope"]


def test_document_values_are_formatted_in_the_document_language():
    values = document_values(sample_view(language="fr"))
    assert set(values) == set(PLACEHOLDERS)
    assert values["total"] == "327,08\xa0€"
    assert values["due_date"] == "1er avril 2026"
    assert values["structured_communication"] == "+++010/8068/17183+++"
    assert values["iban"] == "BE71 0961 2345 6769"
    assert values["customer_name"] == "Brasserie Le Coin SRL"
    assert values["number"] == "F20260042"


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_every_default_text_uses_only_known_placeholders(language):
    for (_kind, lang), text in DEFAULTS.items():
        if lang == language:
            assert unknown_placeholders(text.subject + text.body) == []


def test_default_document_mail_per_language(facturo_app, tenant):
    expected = {
        "nl": ("Factuur F20260042 van Bakkerij Janssens BV", "gestructureerde mededeling"),
        "fr": ("Facture F20260042 de Bakkerij Janssens BV", "communication structurée"),
        "en": ("Invoice F20260042 from Bakkerij Janssens BV", "structured communication"),
    }
    with facturo_app.tenant_context(tenant.id) as ctx:
        set_up_mail(ctx)
        for language, (subject, phrase) in expected.items():
            queued = enqueue_document(ctx, sample_view(language=language), PDF,
                                      to=["klant@example.be"])
            assert queued.subject == subject
            assert phrase in queued.body_text and "+++010/8068/17183+++" in queued.body_text


def test_german_and_unknown_kinds_fall_back(facturo_app, tenant):
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert template_for(ctx.session, "invoice", "de") == DEFAULTS[("invoice", "en")]
        assert template_for(ctx.session, "work_order", "nl") == DEFAULTS[("document", "nl")]
        set_up_mail(ctx)
        view = replace(sample_view(), kind="work_order", title="Werkbon")
        assert enqueue_document(ctx, view, PDF, to=["k@example.be"]).subject == (
            "Werkbon F20260042 van Bakkerij Janssens BV"
        )


def test_a_tenants_own_template_wins_and_is_checked(facturo_app, tenant, make_tenant):
    other = make_tenant("Other")
    with facturo_app.tenant_context(tenant.id) as ctx:
        set_up_mail(ctx)
        save_template(ctx.session, "invoice", "nl", "Uw factuur {number}",
                      "Te betalen: {amount_due} vóór {due_date}.")
        queued = enqueue_document(ctx, sample_view(), PDF, to=["k@example.be"])
        assert queued.subject == "Uw factuur F20260042"
        assert queued.body_text == "Te betalen: €\xa0327,08 vóór 1 april 2026."
        with pytest.raises(PlaceholderError, match=r"\{totaal\}.*available: \{number\}"):
            save_template(ctx.session, "invoice", "nl", "Factuur", "Totaal {totaal}")
    with facturo_app.tenant_context(other.id) as ctx:
        assert template_for(ctx.session, "invoice", "nl") == DEFAULTS[("invoice", "nl")]
    with facturo_app.tenant_context(tenant.id) as ctx:
        reset_template(ctx.session, "invoice", "nl")
        assert template_for(ctx.session, "invoice", "nl") == DEFAULTS[("invoice", "nl")]


def test_the_same_idempotency_key_queues_once(facturo_app, tenant, make_tenant):
    with facturo_app.tenant_context(tenant.id) as ctx:
        set_up_mail(ctx)
        first = enqueue_document(ctx, sample_view(), PDF, to=["k@example.be"],
                                 idempotency_key="invoice-42")
    with facturo_app.tenant_context(tenant.id) as ctx:
        again = enqueue_document(ctx, sample_view(), PDF, to=["other@example.be"],
                                 idempotency_key="invoice-42")
        assert again.id == first.id and again.to == ["k@example.be"]
        assert count(ctx.session) == 1
    other = make_tenant("Other")
    with facturo_app.tenant_context(other.id) as ctx:
        set_up_mail(ctx)
        enqueue_document(ctx, sample_view(), PDF, to=["k@example.be"],
                         idempotency_key="invoice-42")
        assert count(ctx.session) == 1


def test_default_copies_are_added_once_and_never_to_a_main_recipient(facturo_app, tenant):
    with facturo_app.tenant_context(tenant.id) as ctx:
        set_up_mail(ctx, default_cc=["boekhouding@janssens.example"],
                    default_bcc=["archief@janssens.example", "k@example.be"])
        queued = enqueue(ctx, to=["k@example.be"], cc=["Boekhouding@janssens.example"],
                         subject="S", body_text="B")
        assert queued.to == ["k@example.be"]
        assert queued.cc == ["Boekhouding@janssens.example"]
        assert queued.bcc == ["archief@janssens.example"]
        bare = enqueue(ctx, to=["k@example.be"], subject="S", body_text="B",
                       use_default_copies=False)
        assert (bare.cc, bare.bcc) == ([], [])


def test_bad_messages_are_refused_and_nothing_is_queued(facturo_app, tenant):
    with facturo_app.tenant_context(tenant.id) as ctx:
        set_up_mail(ctx)
        with pytest.raises(MailError, match="not a valid e-mail address"):
            enqueue(ctx, to=["klant@"], subject="S", body_text="B")
        with pytest.raises(MailError, match="no recipient"):
            enqueue(ctx, to=[" "], subject="S", body_text="B")
        with pytest.raises(MailError, match="no subject"):
            enqueue(ctx, to=["k@example.be"], subject="  ", body_text="B")
        with pytest.raises(MailError, match="either content or a path"):
            Attachment("x.pdf", "application/pdf")
        with pytest.raises(MailError, match="not a valid e-mail address"):
            enqueue(ctx, to=["k@example.be\r\nBcc: spy@example.be"], subject="S", body_text="B")
        assert count(ctx.session) == 0


def test_document_mail_needs_mail_settings_and_an_existing_company_file(facturo_app, tenant):
    with facturo_app.tenant_context(tenant.id) as ctx:
        with pytest.raises(MailNotConfigured, match="No SMTP server"):
            enqueue_document(ctx, sample_view(), PDF, to=["k@example.be"])
        set_up_mail(ctx)
        terms = add_company_file(ctx, "voorwaarden.pdf", b"%PDF-1.4 voorwaarden")
        resolve_stored_path(terms.storage_path).unlink()
        with pytest.raises(MailError, match=r"company file voorwaarden\.pdf is missing"):
            enqueue_document(ctx, sample_view(), PDF, to=["k@example.be"])


def test_queued_message_is_ready_for_the_sender(facturo_app, tenant):
    with facturo_app.tenant_context(tenant.id) as ctx:
        set_up_mail(ctx, reply_to="Boekhouding <boek@janssens.example>")
        queued = enqueue(ctx, to=["Jan Peeters <jan@example.be>"], subject="  Dag \n Jan ",
                         body_text="B", attachments=[Attachment("a/b:c.pdf", "application/pdf",
                                                                PDF)])
        assert queued.status == OutboxStatus.QUEUED and queued.attempts == 0
        assert queued.subject == "Dag Jan"
        assert queued.to == ["Jan Peeters <jan@example.be>"]
        assert queued.reply_to == "Boekhouding <boek@janssens.example>"
        assert queued.message_id.endswith("@janssens.example>")
        assert [a.filename for a in queued.attachments] == ["a-b-c.pdf"]


def test_mail_settings_are_checked_and_keep_the_password(facturo_app, tenant):
    with facturo_app.tenant_context(tenant.id) as ctx:
        saved = set_up_mail(ctx, security="tls", username="u", password="secret")
        assert (saved.port, saved.security) == (465, SmtpSecurity.TLS)
        again = set_up_mail(ctx, security="starttls", username="u")
        assert again.id == saved.id and again.password == "secret" and again.port == 587
        for bad, message in [({"security": "ssl3"}, "security"), ({"port": 0}, "Port"),
                             ({"host": "smtp example"}, "host"),
                             ({"from_address": "facturen"}, "e-mail address"),
                             ({"default_cc": ["x@"]}, "e-mail address")]:
            with pytest.raises(MailError, match=message):
                set_up_mail(ctx, **bad)
