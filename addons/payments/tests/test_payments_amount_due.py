"""After a partial payment the PDF, its QR code and the e-mail ask for what is still due;
the copy stored at posting stays as it was issued."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pypdf
import pytest
from aiosmtpd.controller import Controller

from addons.payments.service import record_payment
from core.contacts.service import create_customer
from core.documents.credit import create_credit_note
from core.documents.lines import LineData
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import create_document
from core.documents.settings import SELLER_VAT_NUMBER, set_setting
from core.mail.sender import drain
from core.mail.settings import save_mail_settings
from core.output import adapter, sending, stored
from core.output.epc import payment_transfer
from core.output.stored import file_bytes, post_and_store, stored_file

COMPANY = {
    adapter.COMPANY_STREET: "Kerkstraat 12",
    adapter.COMPANY_POSTAL_CODE: "9000",
    adapter.COMPANY_CITY: "Gent",
    adapter.COMPANY_IBAN: "BE71 0961 2345 6769",
    adapter.COMPANY_BIC: "GKCCBEBB",
    SELLER_VAT_NUMBER: "BE0123456749",
}
# 218.68 + 21 % (45.92) = 264.60
LINES = [LineData(description="Herstelling dak", quantity=1, unit_price="218.68", vat_rate=21)]


class Inbox:
    """An SMTP handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK queued"


@pytest.fixture
def smtp(free_tcp_port: int) -> Iterator[tuple[Controller, Inbox]]:
    """A real SMTP server on loopback."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_tcp_port)
    controller.start()
    yield controller, inbox
    controller.stop()


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def posted_invoice(app: Any, tenant_id: int) -> int:
    with app.tenant_context(tenant_id, write=True) as ctx:
        for key, value in COMPANY.items():
            set_setting(ctx.session, key, value)
        customer = create_customer(ctx, {"name": "Bouwbedrijf Janssens", "language": "nl",
                                         "email": "boekhouding@janssens.example"})
        invoice_id = create_document(ctx, "invoice", customer.id, issue_date=date(2026, 3, 2),
                                     lines=LINES).id
    post_and_store(app, tenant_id, invoice_id)
    return invoice_id


def test_a_partly_paid_invoice_asks_for_what_is_due(facturo_app, shop, smtp):
    server, inbox = smtp
    invoice_id = posted_invoice(facturo_app, shop.id)
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        record_payment(ctx, invoice_id, "100.00")
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        save_mail_settings(ctx.session, host="127.0.0.1", port=server.port, security="none",
                           from_address="facturen@peeters.example")
        invoice = ctx.session.get(Document, invoice_id)
        assert invoice.open_amount == D("164.60")
        view = adapter.build_view(ctx, invoice)
        assert payment_transfer(view.payment).payload().split("\n")[7] == "EUR164.6"
        text = text_of(stored.document_pdf(ctx, invoice))
        assert "264,60" in text and "100,00" in text and "164,60" in text
        assert "Reeds betaald" in text and "Te betalen" in text
        issued = text_of(file_bytes(stored_file(ctx, invoice_id)))
        assert "264,60" in issued and "164,60" not in issued  # the copy as issued
        sending.queue_document_mail(ctx, invoice, to=["boekhouding@janssens.example"])
    assert drain(facturo_app).sent == 1
    [received] = inbox.messages
    body = received.get_body(("plain",)).get_content()
    assert "Gelieve €\xa0164,60 vóór" in body
    [attachment] = list(received.iter_attachments())
    assert "164,60" in text_of(attachment.get_content())


def test_a_credit_note_lowers_what_the_invoice_asks_for(facturo_app, shop):
    invoice_id = posted_invoice(facturo_app, shop.id)
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        invoice = ctx.session.get(Document, invoice_id)
        note = create_credit_note(ctx, invoice)
        note.lines[0].quantity = D("0.5")
        from core.documents.lines import compute_line, refresh

        compute_line(note, note.lines[0])
        refresh(ctx, note, extra=False)
        post_document(ctx, note)  # 109.34 + 22.96 = 132.30
        view = adapter.build_view(ctx, invoice)
        assert view.amount_due == D("132.30")
        assert payment_transfer(view.payment).payload().split("\n")[7] == "EUR132.3"


def test_the_pdf_page_serves_the_issued_copy_until_something_is_paid(
        facturo_app, shop, web_client):
    invoice_id = posted_invoice(facturo_app, shop.id)
    client = web_client(shop)
    before = client.get(f"/documents/{invoice_id}/pdf")
    assert before.status_code == 200
    with facturo_app.tenant_context(shop.id) as ctx:
        assert before.content == file_bytes(stored_file(ctx, invoice_id))
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        record_payment(ctx, invoice_id, "100.00")
    after = text_of(client.get(f"/documents/{invoice_id}/pdf").content)
    assert "Reeds betaald" in after and "164,60" in after
