"""Sending the outbox to a real SMTP server on loopback: content, retries, no duplicates."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from output_support import free_port
from sqlalchemy import select

from core.db.base import utcnow
from core.mail.company_files import add_company_file
from core.mail.models import OutboxMessage, OutboxStatus
from core.mail.outbox import Attachment, enqueue, enqueue_document, requeue
from core.mail.sender import STALE_NOTE, RetryPolicy, claim, drain
from core.mail.settings import save_mail_settings
from core.output.pdf import render_pdf
from core.output.samples import sample_view

SENDER = "facturen@janssens.example"


def configure(app, tenant_id, host, port, **extra):
    with app.tenant_context(tenant_id) as ctx:
        save_mail_settings(ctx.session, host=host, port=port, security="none",
                           from_address=SENDER, from_name="Bakkerij Janssens", **extra)


def queue_simple(app, tenant_id, **extra):
    values = {"to": ["klant@example.be"], "subject": "Hallo", "body_text": "Tekst"}
    values.update(extra)
    with app.tenant_context(tenant_id) as ctx:
        return enqueue(ctx, **values).id


def message(app, tenant_id, message_id) -> OutboxMessage:
    with app.db.session(tenant_id) as session:
        return session.get(OutboxMessage, message_id)


def test_document_mail_arrives_with_pdf_terms_copies_and_the_chosen_address(
    facturo_app, tenant, smtp_server
):
    server = smtp_server()
    configure(facturo_app, tenant.id, server.host, server.port,
              default_cc=["boekhouding@janssens.example"], default_bcc=["archief@janssens.example"])
    terms = b"%PDF-1.4 terms and conditions"
    view = sample_view(language="nl")
    pdf = render_pdf(view)
    with facturo_app.tenant_context(tenant.id) as ctx:
        add_company_file(ctx, "Algemene voorwaarden.pdf", terms)
        queued = enqueue_document(ctx, view, pdf, to=["facturen@brasserie.example"],
                                  bcc=["extra@janssens.example"], idempotency_key="inv-42")

    report = drain(facturo_app)

    assert (report.sent, report.failed, report.retrying) == (1, 0, 0)
    [received] = server.mailbox.messages
    email = received.message
    assert received.mail_from == SENDER
    assert sorted(received.rcpt_tos) == sorted([
        "facturen@brasserie.example", "boekhouding@janssens.example",
        "archief@janssens.example", "extra@janssens.example",
    ])
    assert email["To"] == "facturen@brasserie.example"
    assert email["Cc"] == "boekhouding@janssens.example"
    assert email["Bcc"] is None
    assert email["From"] == f"Bakkerij Janssens <{SENDER}>"
    assert email["Subject"] == "Factuur F20260042 van Bakkerij Janssens BV"
    assert email["Message-ID"] == queued.message_id
    body = email.get_body(("plain",)).get_content()
    assert "Beste Brasserie Le Coin SRL" in body
    assert "+++010/8068/17183+++" in body and "€\xa0327,08" in body
    assert "1 april 2026" in body and "BE71 0961 2345 6769" in body
    attachments = {part.get_filename(): part for part in email.iter_attachments()}
    assert set(attachments) == {"Factuur F20260042.pdf", "Algemene voorwaarden.pdf"}
    assert attachments["Factuur F20260042.pdf"].get_content() == pdf
    assert attachments["Factuur F20260042.pdf"].get_content_type() == "application/pdf"
    assert attachments["Algemene voorwaarden.pdf"].get_content() == terms
    stored = message(facturo_app, tenant.id, queued.id)
    assert stored.status == OutboxStatus.SENT and stored.attempts == 1
    assert stored.sent_at is not None and stored.last_error is None


def test_a_server_that_refuses_twice_then_accepts_gets_exactly_one_message(
    facturo_app, tenant, smtp_server
):
    server = smtp_server()
    server.mailbox.refusals = ["451 4.3.0 Try again later", "421 4.7.0 Too busy"]
    configure(facturo_app, tenant.id, server.host, server.port)
    message_id = queue_simple(facturo_app, tenant.id)
    policy = RetryPolicy(base_delay=timedelta(minutes=1))
    start = utcnow() + timedelta(seconds=1)

    first = drain(facturo_app, now=start, policy=policy)
    stored = message(facturo_app, tenant.id, message_id)
    assert first.retrying == 1 and stored.status == OutboxStatus.QUEUED
    assert "451 4.3.0 Try again later" in stored.last_error and stored.attempts == 1
    assert drain(facturo_app, now=start + timedelta(seconds=30), policy=policy).handled == 0

    second = drain(facturo_app, now=start + timedelta(minutes=1), policy=policy)
    stored = message(facturo_app, tenant.id, message_id)
    assert second.retrying == 1 and "421" in stored.last_error and stored.attempts == 2
    assert drain(facturo_app, now=start + timedelta(minutes=2), policy=policy).handled == 0

    third = drain(facturo_app, now=start + timedelta(minutes=3), policy=policy)
    assert third.sent == 1
    assert drain(facturo_app, now=start + timedelta(days=1), policy=policy).handled == 0
    assert len(server.mailbox.messages) == 1
    stored = message(facturo_app, tenant.id, message_id)
    assert stored.status == OutboxStatus.SENT and stored.attempts == 3
    assert stored.last_error is None


def test_an_unreachable_server_leaves_the_message_queued_with_the_error(facturo_app, tenant):
    configure(facturo_app, tenant.id, "127.0.0.1", free_port())
    message_id = queue_simple(facturo_app, tenant.id)

    report = drain(facturo_app, timeout=2)

    stored = message(facturo_app, tenant.id, message_id)
    assert report.retrying == 1
    assert stored.status == OutboxStatus.QUEUED and stored.attempts == 1
    assert "cannot reach the SMTP server" in stored.last_error
    assert "refused" in stored.last_error.lower()
    assert stored.next_attempt_at.replace(tzinfo=None) > utcnow().replace(tzinfo=None)


def test_temporary_failures_give_up_after_the_policys_attempts(facturo_app, tenant):
    configure(facturo_app, tenant.id, "127.0.0.1", free_port())
    message_id = queue_simple(facturo_app, tenant.id)
    policy = RetryPolicy(base_delay=timedelta(seconds=1), max_attempts=3)
    now = utcnow() + timedelta(seconds=1)
    for _ in range(3):
        drain(facturo_app, now=now, policy=policy, timeout=2)
        now += timedelta(minutes=1)
    stored = message(facturo_app, tenant.id, message_id)
    assert stored.status == OutboxStatus.FAILED and stored.attempts == 3
    assert drain(facturo_app, now=now, policy=policy).handled == 0


def test_a_permanent_refusal_fails_at_once_and_can_be_queued_again(
    facturo_app, tenant, smtp_server
):
    server = smtp_server()
    server.mailbox.refusals = ["554 5.7.1 Message rejected"]
    configure(facturo_app, tenant.id, server.host, server.port)
    message_id = queue_simple(facturo_app, tenant.id)

    assert drain(facturo_app).failed == 1
    stored = message(facturo_app, tenant.id, message_id)
    assert stored.status == OutboxStatus.FAILED and "554 5.7.1" in stored.last_error

    with facturo_app.tenant_context(tenant.id) as ctx:
        assert requeue(ctx, message_id)
        assert not requeue(ctx, message_id)
    assert drain(facturo_app, now=utcnow() + timedelta(seconds=1)).sent == 1
    assert len(server.mailbox.messages) == 1


def test_a_claimed_message_is_not_sent_by_a_second_sender(facturo_app, tenant, smtp_server):
    server = smtp_server()
    configure(facturo_app, tenant.id, server.host, server.port)
    message_id = queue_simple(facturo_app, tenant.id)
    now = utcnow()
    assert claim(facturo_app, tenant.id, message_id, now)
    assert not claim(facturo_app, tenant.id, message_id, now)
    assert drain(facturo_app).handled == 0
    assert server.mailbox.messages == []


def test_a_message_left_sending_is_marked_failed_not_sent_again(facturo_app, tenant, smtp_server):
    server = smtp_server()
    configure(facturo_app, tenant.id, server.host, server.port)
    message_id = queue_simple(facturo_app, tenant.id)
    claim(facturo_app, tenant.id, message_id, utcnow())

    report = drain(facturo_app, now=utcnow() + timedelta(hours=1))

    assert report.interrupted == 1 and report.handled == 0
    stored = message(facturo_app, tenant.id, message_id)
    assert stored.status == OutboxStatus.FAILED and stored.last_error == STALE_NOTE
    assert server.mailbox.messages == []


def test_partly_refused_recipients_are_noted_on_a_sent_message(facturo_app, tenant, smtp_server):
    server = smtp_server()
    configure(facturo_app, tenant.id, server.host, server.port)

    async def refuse_one(server_, session, envelope, address, rcpt_options):
        if address.startswith("gone@"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    server.mailbox.handle_RCPT = refuse_one
    message_id = queue_simple(facturo_app, tenant.id, to=["klant@example.be", "gone@example.be"])
    assert drain(facturo_app).sent == 1
    stored = message(facturo_app, tenant.id, message_id)
    assert stored.status == OutboxStatus.SENT
    assert "gone@example.be" in stored.last_error and "550" in stored.last_error
    assert server.mailbox.messages[0].rcpt_tos == ["klant@example.be"]


def test_a_missing_stored_attachment_fails_the_message_with_its_name(facturo_app, tenant,
                                                                    smtp_server):
    server = smtp_server()
    configure(facturo_app, tenant.id, server.host, server.port)
    message_id = queue_simple(
        facturo_app, tenant.id,
        attachments=[Attachment("contract.pdf", "application/pdf", path="missing/contract.pdf")],
    )
    assert drain(facturo_app).failed == 1
    stored = message(facturo_app, tenant.id, message_id)
    assert "contract.pdf" in stored.last_error
    assert server.mailbox.messages == []


def test_each_tenant_sends_through_its_own_server(facturo_app, make_tenant, smtp_server):
    first, second = smtp_server(), smtp_server()
    tenant_a, tenant_b = make_tenant("Alpha"), make_tenant("Beta")
    configure(facturo_app, tenant_a.id, first.host, first.port)
    configure(facturo_app, tenant_b.id, second.host, second.port)
    for index in range(3):
        queue_simple(facturo_app, tenant_a.id, subject=f"A{index}")
    queue_simple(facturo_app, tenant_b.id, subject="B0")
    with facturo_app.db.session(tenant_b.id) as session:
        assert [m.subject for m in session.scalars(select(OutboxMessage))] == ["B0"]

    assert drain(facturo_app).sent == 4

    assert sorted(r.message["Subject"] for r in first.mailbox.messages) == ["A0", "A1", "A2"]
    assert [r.message["Subject"] for r in second.mailbox.messages] == ["B0"]
    assert first.mailbox.sessions == 1  # one connection for the tenant's three messages


def test_drain_respects_its_limit_oldest_first(facturo_app, tenant, smtp_server):
    server = smtp_server()
    configure(facturo_app, tenant.id, server.host, server.port)
    for index in range(3):
        queue_simple(facturo_app, tenant.id, subject=f"M{index}")
    assert drain(facturo_app, limit=2).sent == 2
    assert [r.message["Subject"] for r in server.mailbox.messages] == ["M0", "M1"]
    assert drain(facturo_app, limit=2).sent == 1


def test_without_smtp_settings_the_message_waits(facturo_app, tenant):
    message_id = queue_simple(facturo_app, tenant.id)
    assert drain(facturo_app).retrying == 1
    stored = message(facturo_app, tenant.id, message_id)
    assert stored.status == OutboxStatus.QUEUED and "No SMTP server" in stored.last_error


@pytest.mark.parametrize("amount", [Decimal("327.08")])
def test_html_alternative_is_sent_when_given(facturo_app, tenant, smtp_server, amount):
    server = smtp_server()
    configure(facturo_app, tenant.id, server.host, server.port)
    queue_simple(facturo_app, tenant.id, body_html=f"<p>Totaal <b>{amount}</b></p>")
    drain(facturo_app)
    email = server.mailbox.messages[0].message
    assert email.get_body(("html",)).get_content().strip() == "<p>Totaal <b>327.08</b></p>"
    assert email.get_body(("plain",)).get_content().strip() == "Tekst"
