"""The PDF of a discounted invoice: the line total, each discount, the totals after them, the
VAT on the discounted base and the financial discount's condition with both amounts due."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

import pypdf

from core.contacts.service import create_customer
from core.documents import discounts
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import create_document
from core.mail.placeholders import document_values
from core.output import adapter, stored
from core.output.epc import payment_transfer

COMPANY_IBAN = "BE71 0961 2345 6769"


def test_the_pdf_shows_the_discounts_and_the_financial_discount_terms(facturo_app, tenant):
    from core.documents.settings import set_setting

    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        set_setting(ctx.session, adapter.COMPANY_IBAN, COMPANY_IBAN)
        customer = create_customer(ctx, {"name": "Trouw BV", "language": "nl",
                                         "general_discount": "10", "financial_discount": "2"})
        doc = create_document(ctx, "invoice", customer.id, issue_date=date(2026, 3, 2), lines=[
            LineData(description="Werk", quantity=10, unit_price="100", vat_rate=21),
            LineData(description="Boek", quantity=1, unit_price="50", vat_rate=6)])
        discounts.add_allowance(ctx, doc, reason="Actie", amount="20")
        post_document(ctx, doc)
        view = adapter.build_view(ctx, doc)
        pdf = stored.document_pdf(ctx, doc)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Totaal van de lijnen" in flat and "1.050,00" in flat
    assert "Algemene korting 10 % (Btw 21 %)" in flat and "-€ 100,00" in flat
    assert "Algemene korting 10 % (Btw 6 %)" in flat and "-€ 5,00" in flat
    # 20 shared over 900 and 45: 19.05 and 0.95
    assert [(row.reason, row.amount) for row in view.allowances] == [
        ("Algemene korting", D("100.00")), ("Algemene korting", D("5.00")),
        ("Actie", D("19.05")), ("Actie", D("0.95"))]
    # 21 %: 880.95 − 2 % (17.62) = 863.33 → 181.30; 6 %: 44.05 − 0.88 = 43.17 → 2.59
    assert [(v.base, v.vat) for v in view.vat_totals] == [
        (D("863.33"), D("181.30")), (D("43.17"), D("2.59"))]
    assert (view.total_net, view.total_vat, view.total) == (
        D("925.00"), D("183.89"), D("1108.89"))
    assert view.cash_discount.amount == D("18.50")
    assert ("2 % korting bij betaling binnen 8 dagen, vóór 10 maart 2026: "
            "te betalen € 1.090,39") in flat
    assert payment_transfer(view.payment).payload().split("\n")[7] == "EUR1108.89"
    values = document_values(view)
    assert values["amount_due"] == "€\xa01.108,89"
    assert values["cash_discount"].endswith("te betalen €\xa01.090,39")
