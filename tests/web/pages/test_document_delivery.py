"""The delivery date (Leveringsdatum) of a document: typed in the editor as a date or a period,
refused when it makes no sense, printed when it differs from the document date, copied onto
credit notes, frozen once posted."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest
from page_helpers import post
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core.documents.credit import create_credit_note
from core.documents.errors import DocumentError
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import create_document, update_document
from core.i18n import use_language
from core.output.adapter import build_view
from core.output.pdf import render_pdf

LINES = [{"description": "Onderhoud", "unit_price": "120"}]


def _pdf_text(ctx, document) -> str:
    pdf = render_pdf(build_view(ctx, document))
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    return " ".join(page.extract_text().replace("\xa0", " ").split())


def test_the_editor_takes_a_delivery_period_and_refuses_one_that_ends_before_it_starts(
    tenant, client_of, make_customer, work
):
    customer = make_customer(tenant, "Firma Smets")
    client = client_of(tenant)
    url = post(client, "/documents/invoice/new", {"customer_id": str(customer)}).headers[
        "location"]
    doc_id = int(url.rsplit("/", 1)[1])
    editor = client.get(url)
    assert 'name="delivery_date"' in editor.text and 'name="delivery_end"' in editor.text
    header = {"customer_id": str(customer), "issue_date": "2026-03-31",
              "payment_term_days": "30", "vat_regime": "standard", "language": "nl",
              "notes": "Bedankt"}

    bad = post(client, f"{url}/header", {**header, "delivery_date": "2026-03-10",
                                         "delivery_end": "2026-03-01"})
    assert bad.status_code == 422
    assert "A delivery period cannot end before it starts." in bad.text
    assert 'value="2026-03-10"' in bad.text and 'value="2026-03-01"' in bad.text  # kept
    not_a_date = post(client, f"{url}/header", {**header, "delivery_date": "gisteren"})
    assert not_a_date.status_code == 422 and "Enter a date." in not_a_date.text
    no_country = post(client, f"{url}/header", {**header, "delivery_country": "XQ"})
    assert no_country.status_code == 422 and "XQ is not a country code." in no_country.text
    with work(tenant) as ctx:
        assert ctx.session.get(Document, doc_id).delivery_date is None

    saved = post(client, f"{url}/header", {**header, "delivery_date": "2026-03-01",
                                           "delivery_end": "2026-03-15",
                                           "delivery_country": "NL"})
    assert saved.status_code == 303
    with work(tenant) as ctx:
        doc = ctx.session.get(Document, doc_id)
        assert (doc.delivery_date, doc.delivery_end) == (date(2026, 3, 1), date(2026, 3, 15))
        assert doc.delivery_country == "NL"
    again = client.get(url)
    assert 'value="2026-03-01"' in again.text and 'value="2026-03-15"' in again.text

    cleared = post(client, f"{url}/header", {**header, "delivery_date": "", "delivery_end": "",
                                             "delivery_country": ""})
    assert cleared.status_code == 303
    with work(tenant) as ctx:
        doc = ctx.session.get(Document, doc_id)
        assert (doc.delivery_date, doc.delivery_end, doc.delivery_country) == (None, None, None)


def test_the_delivery_is_printed_only_when_it_differs_from_the_document_date(
    tenant, make_customer, work
):
    customer = make_customer(tenant, "Firma Smets")
    with work(tenant) as ctx:
        same = create_document(ctx, "invoice", customer, lines=LINES, language="en",
                               issue_date=date(2026, 3, 31), delivery_date=date(2026, 3, 31))
        other = create_document(ctx, "invoice", customer, lines=LINES, language="en",
                                issue_date=date(2026, 3, 31), delivery_date=date(2026, 3, 12))
        period = create_document(ctx, "invoice", customer, lines=LINES, language="en",
                                 issue_date=date(2026, 3, 31), delivery_date=date(2026, 3, 1),
                                 delivery_end=date(2026, 3, 31))
        assert "Delivery date" not in _pdf_text(ctx, same)
        assert build_view(ctx, same).delivery_date is None
        assert "Delivery date" in _pdf_text(ctx, other)
        assert "Delivery date 12 March 2026" in _pdf_text(ctx, other)
        printed = _pdf_text(ctx, period)
        assert "Delivery date 1 March 2026 – 31 March 2026" in printed


def test_a_credit_note_takes_the_delivery_of_its_invoice_and_posted_ones_stay_frozen(
    facturo_app, tenant, make_customer, work
):
    customer = make_customer(tenant, "Firma Smets")
    with work(tenant) as ctx:
        invoice = create_document(ctx, "invoice", customer, lines=LINES,
                                  issue_date=date(2026, 3, 31), delivery_date=date(2026, 3, 1),
                                  delivery_end=date(2026, 3, 15), delivery_country="nl")
        with use_language("en"), pytest.raises(DocumentError, match="needs its first day"):
            update_document(ctx, invoice, delivery_date=None)
        post_document(ctx, invoice)
        note = create_credit_note(ctx, invoice, issue_date=date(2026, 4, 2))
        assert (note.delivery_date, note.delivery_end, note.delivery_country) == (
            date(2026, 3, 1), date(2026, 3, 15), "NL")
        invoice_id = invoice.id
    with pytest.raises(DBAPIError, match="posted document"), \
            facturo_app.db.session(tenant.id) as session:
        session.execute(text("UPDATE documents SET delivery_date = NULL WHERE id = :id"),
                        {"id": invoice_id})
