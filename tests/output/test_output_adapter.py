"""A stored document printed and e-mailed: company block, customer, lines, VAT, payment."""

from __future__ import annotations

import io
from datetime import date

import pypdf

from core.contacts.models import Contact
from core.documents.lines import LineData
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import create_document
from core.documents.settings import SELLER_VAT_NUMBER, set_setting
from core.mail.models import OutboxMessage, OutboxStatus
from core.mail.sender import drain
from core.mail.settings import save_mail_settings
from core.output import adapter, sending
from core.output.pdf import render_pdf
from core.output.view import LineKind

COMPANY = {
    adapter.COMPANY_STREET: "Kerkstraat 12",
    adapter.COMPANY_POSTAL_CODE: "9000",
    adapter.COMPANY_CITY: "Gent",
    adapter.COMPANY_IBAN: "BE71 0961 2345 6769",
    adapter.COMPANY_BIC: "GKCCBEBB",
    adapter.ACCENT_COLOUR: "#aa3300",
    SELLER_VAT_NUMBER: "BE0123456749",
}


def make_invoice(app, tenant_id, *, regime=None, language="nl", post=True):
    with app.tenant_context(tenant_id, write=True) as ctx:
        for key, value in COMPANY.items():
            set_setting(ctx.session, key, value)
        customer = Contact(number="C00007", name="Aannemer Peeters BV", street="Dorpsplein 3",
                           postal_code="2000", city="Antwerpen", country="BE",
                           language=language, vat_number="BE0987654394",
                           email="info@peeters.example")
        ctx.session.add(customer)
        ctx.session.flush()
        doc = create_document(
            ctx, "invoice", customer, issue_date=date(2026, 3, 2), vat_regime=regime,
            attention="Jan Peeters", language=language, lines=[
                LineData(line_type="subtitle", description="Werf Dorpsplein"),
                LineData(description="Tegels\nGrijs, 60 × 60", quantity=12, unit="m²",
                         unit_price="45.50", vat_rate=21),
                LineData(line_type="text", description="Levering inbegrepen."),
                LineData(description="Plaatsing", quantity="7.5", unit="u", unit_price="52",
                         discount_percent=10, vat_rate=21),
            ],
        )
        if post:
            post_document(ctx, doc)
        return doc.id


def test_a_posted_invoice_prints_its_company_customer_lines_and_payment(facturo_app, tenant):
    document_id = make_invoice(facturo_app, tenant.id)
    with facturo_app.tenant_context(tenant.id) as ctx:
        document = ctx.session.get(Document, document_id)
        view = adapter.build_view(ctx, document)
    assert view.title == "Factuur" and view.number == document.number
    assert view.seller.name == tenant.name and view.seller.vat_number == "BE0123456749"
    assert view.buyer.name == "Aannemer Peeters BV" and view.buyer.attention == "Jan Peeters"
    assert view.buyer.customer_number == "C00007"
    assert [line.kind for line in view.lines] == [
        LineKind.SUBTITLE, LineKind.ITEM, LineKind.TEXT, LineKind.ITEM,
    ]
    assert view.lines[1].description == "Tegels" and view.lines[1].detail == "Grijs, 60 × 60"
    assert view.total == document.total_incl_vat
    assert [(v.label, v.base) for v in view.vat_totals] == [("21\xa0%", view.total_net)]
    assert view.payment.structured_communication == document.structured_ref
    assert view.payment.amount == document.total_incl_vat
    assert view.accent_colour == "#aa3300"
    text = pypdf.PdfReader(io.BytesIO(render_pdf(view))).pages[0].extract_text()
    assert document.number in text and "Aannemer Peeters BV" in text
    assert view.payment.framed_communication in text
    assert "Levering inbegrepen." in text and "Werf Dorpsplein" in text


def test_reverse_charge_prints_its_mention_and_no_rate(facturo_app, tenant):
    document_id = make_invoice(facturo_app, tenant.id, regime="reverse_charge", language="fr")
    with facturo_app.tenant_context(tenant.id) as ctx:
        view = adapter.build_view(ctx, ctx.session.get(Document, document_id))
    assert view.title == "Facture" and view.total_vat == 0
    assert [v.label for v in view.vat_totals] == ["Autoliquidation"]
    assert view.lines[1].vat_label == ""
    (mention,) = view.legal_mentions
    assert mention.startswith("Autoliquidation – art. 20 AR n° 1. En l'absence de contestation")
    text = " ".join(
        pypdf.PdfReader(io.BytesIO(render_pdf(view))).pages[0].extract_text().split()
    )
    assert "Autoliquidation – art. 20 AR n° 1" in text


def test_a_draft_prints_the_live_customer_without_number(facturo_app, tenant):
    document_id = make_invoice(facturo_app, tenant.id, post=False)
    with facturo_app.tenant_context(tenant.id) as ctx:
        view = adapter.build_view(ctx, ctx.session.get(Document, document_id))
    assert view.number is None and view.buyer.name == "Aannemer Peeters BV"
    assert view.payment is not None and view.payment.structured_communication == ""


def test_document_mail_is_queued_once_and_marks_the_document_sent(facturo_app, tenant,
                                                                   smtp_server):
    server = smtp_server()
    document_id = make_invoice(facturo_app, tenant.id)
    with facturo_app.tenant_context(tenant.id) as ctx:
        save_mail_settings(ctx.session, host=server.host, port=server.port, security="none",
                           from_address="facturen@janssens.example")
        document = ctx.session.get(Document, document_id)
        first = sending.queue_document_mail(ctx, document, to=["boekhouding@peeters.example"])
        again = sending.queue_document_mail(ctx, document, to=["boekhouding@peeters.example"])
        assert again.id == first.id
    assert drain(facturo_app).sent == 1
    with facturo_app.tenant_context(tenant.id) as ctx:
        document = ctx.session.get(Document, document_id)
        assert document.sent_at is not None
        assert ctx.session.get(OutboxMessage, first.id).status == OutboxStatus.SENT
    [received] = server.mailbox.messages
    assert received.message["Subject"].startswith(f"Factuur {document.number} van ")
    [pdf] = [part for part in received.message.iter_attachments()]
    assert pdf.get_content().startswith(b"%PDF")
