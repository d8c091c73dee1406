"""Document allowances and the financial discount in the e-invoice: EN 16931 BG-20/BG-21,
the monetary totals and the payment terms; every document passes the official rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from peppol_support import NS, amount, parse, text, texts
from validation_discounts import STYLESHEETS, official_errors, schema_errors

from core.contacts.service import create_customer
from core.demo_documents import COMPANY
from core.documents import discounts
from core.documents.credit import create_credit_note
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import apply_payment, create_document
from core.documents.settings import set_setting

pytestmark = pytest.mark.skipif(
    not all(path.is_file() for path in STYLESHEETS),
    reason="the official rules are not in ../shared/schemas",
)
ISSUED = date(2026, 3, 2)
LINES = [
    LineData(description="Verf", quantity=4, unit_price="30.00", vat_rate=21),  # 120.00
    LineData(description="Boek", quantity=2, unit_price="16.99", vat_rate=6),  # 33.98
    LineData(description="Maaltijd", quantity=1, unit_price="100.00", vat_rate=12),
]
TOTAL = "cac:LegalMonetaryTotal/cbc:"


def _customer(ctx, **fields):
    for key, value in COMPANY.items():
        set_setting(ctx.session, key, value)
    data = {"name": "Bouwbedrijf Janssens NV", "vat_number": "BE0712345630",
            "street": "Meir 40", "postal_code": "2000", "city": "Antwerpen",
            "language": "nl", "email": "boekhouding@janssens.example", **fields}
    return create_customer(ctx, data).id


def _checked(ubl_of, shop, document_id):
    xml = ubl_of(shop, document_id, attach_pdf=False)
    assert schema_errors(xml) == []
    assert official_errors(xml) == []
    return parse(xml)


def _allowances(root, charge="false"):
    return [
        (text(node, "cbc:AllowanceChargeReason"), text(node, "cac:TaxCategory/cbc:ID"),
         text(node, "cac:TaxCategory/cbc:Percent"), amount(node, "cbc:Amount"),
         node.xpath("string(cbc:BaseAmount)", namespaces=NS),
         node.xpath("string(cbc:MultiplierFactorNumeric)", namespaces=NS))
        for node in root.xpath(f"cac:AllowanceCharge[cbc:ChargeIndicator='{charge}']",
                               namespaces=NS)
    ]


def test_a_percentage_allowance_over_three_rates_is_one_allowance_per_rate(
        facturo_app, shop, ubl_of):
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        doc = create_document(ctx, "invoice", _customer(ctx), issue_date=ISSUED, lines=LINES)
        discounts.add_allowance(ctx, doc, reason="Trouwe klant", percent="5")
        discounts.add_allowance(ctx, doc, reason="Actie", amount="10")
        doc_id = post_document(ctx, doc).id
    root = _checked(ubl_of, shop, doc_id)
    assert _allowances(root) == [
        ("Trouwe klant", "S", "21", D("6.00"), "120.00", "5"),
        ("Trouwe klant", "S", "12", D("5.00"), "100.00", "5"),
        ("Trouwe klant", "S", "6", D("1.70"), "33.98", "5"),
        ("Actie", "S", "21", D("4.72"), "", ""),  # 10 × 120 / 253.98
        ("Actie", "S", "12", D("3.94"), "", ""),
        ("Actie", "S", "6", D("1.34"), "", ""),
    ]
    assert texts(root, "cac:AllowanceCharge/cbc:AllowanceChargeReasonCode") == ["95"] * 6
    assert [amount(root, TOTAL + name) for name in (
        "LineExtensionAmount", "AllowanceTotalAmount", "TaxExclusiveAmount",
        "TaxInclusiveAmount", "PayableAmount")] == [
        D("253.98"), D("22.70"), D("231.28"), D("267.02"), D("267.02")]
    assert root.xpath(f"{TOTAL}ChargeTotalAmount", namespaces=NS) == []
    # 21 %: 120 − 6 − 4.72 = 109.28 → 22.95; 12 %: 91.06 → 10.93; 6 %: 30.94 → 1.86
    subtotals = {text(s, "cac:TaxCategory/cbc:Percent"): (
        amount(s, "cbc:TaxableAmount"), amount(s, "cbc:TaxAmount"))
        for s in root.xpath("cac:TaxTotal/cac:TaxSubtotal", namespaces=NS)}
    assert subtotals == {"21": (D("109.28"), D("22.95")), "12": (D("91.06"), D("10.93")),
                         "6": (D("30.94"), D("1.86"))}


def test_the_customers_general_and_financial_discount_in_the_e_invoice(
        facturo_app, shop, ubl_of):
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        customer = _customer(ctx, general_discount="10", financial_discount="2")
        doc = create_document(ctx, "invoice", customer, issue_date=ISSUED, lines=[
            LineData(description="Werk", quantity=10, unit_price="100", vat_rate=21),
            LineData(description="Boek", quantity=1, unit_price="50", vat_rate=6)])
        doc_id = post_document(ctx, doc).id
        apply_payment(ctx, doc_id, D("100.00"))
    root = _checked(ubl_of, shop, doc_id)
    assert _allowances(root) == [
        ("Algemene korting", "S", "21", D("100.00"), "1000.00", "10"),
        ("Algemene korting", "S", "6", D("5.00"), "50.00", "10"),
        ("Korting bij betaling binnen 8 dagen", "S", "21", D("18.00"), "900.00", "2"),
        ("Korting bij betaling binnen 8 dagen", "S", "6", D("0.90"), "45.00", "2"),
    ]
    assert _allowances(root, "true") == [
        ("Korting bij betaling binnen 8 dagen", "E", "0", D("18.90"), "", "")]
    subtotals = {text(s, "cac:TaxCategory/cbc:ID") + text(s, "cac:TaxCategory/cbc:Percent"): (
        amount(s, "cbc:TaxableAmount"), amount(s, "cbc:TaxAmount"))
        for s in root.xpath("cac:TaxTotal/cac:TaxSubtotal", namespaces=NS)}
    # VAT on the discounted base: 882 × 21 % = 185.22; 44.10 × 6 % = 2.65
    assert subtotals == {"S21": (D("882.00"), D("185.22")), "S6": (D("44.10"), D("2.65")),
                         "E0": (D("18.90"), D("0.00"))}
    assert "art. 28, 2°" in text(root, "cac:TaxTotal/cac:TaxSubtotal[3]/cac:TaxCategory/"
                                 "cbc:TaxExemptionReason")
    assert [amount(root, TOTAL + name) for name in (
        "LineExtensionAmount", "TaxExclusiveAmount", "TaxInclusiveAmount",
        "AllowanceTotalAmount", "ChargeTotalAmount", "PrepaidAmount", "PayableAmount")] == [
        D("1050.00"), D("945.00"), D("1132.87"), D("123.90"), D("18.90"), D("100.00"),
        D("1032.87")]
    # with the discount: 1132.87 − 18.90 − 100 paid = 1013.97
    assert text(root, "cac:PaymentTerms/cbc:Note") == (
        "2\xa0% korting bij betaling binnen 8 dagen, vóór 10 maart 2026: "
        "te betalen €\xa01.013,97")


def test_a_credit_note_of_a_discounted_invoice_passes_the_rules(
        facturo_app, shop, ubl_of):
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        customer = _customer(ctx, general_discount="10", financial_discount="2")
        invoice = create_document(ctx, "invoice", customer, issue_date=ISSUED, lines=LINES)
        post_document(ctx, invoice)
        note = create_credit_note(ctx, invoice, {invoice.lines[0].id: 1}, issue_date=ISSUED)
        note_id = post_document(ctx, note).id
    root = _checked(ubl_of, shop, note_id)
    # 30.00 − 10 % = 27.00; financial discount 0.54; VAT 26.46 × 21 % = 5.56
    assert _allowances(root) == [
        ("Algemene korting", "S", "21", D("3.00"), "30.00", "10"),
        ("Korting bij betaling binnen 8 dagen", "S", "21", D("0.54"), "27.00", "2"),
    ]
    assert [amount(root, TOTAL + name) for name in (
        "TaxExclusiveAmount", "TaxInclusiveAmount", "PayableAmount")] == [
        D("27.00"), D("32.56"), D("32.56")]


def test_the_official_rules_catch_an_allowance_total_that_does_not_add_up(
        facturo_app, shop, ubl_of):
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        doc = create_document(ctx, "invoice", _customer(ctx), issue_date=ISSUED, lines=LINES)
        discounts.add_allowance(ctx, doc, percent="5")
        doc_id = post_document(ctx, doc).id
    xml = ubl_of(shop, doc_id, attach_pdf=False)
    broken = xml.replace(b">12.70</cbc:AllowanceTotalAmount>", b">12.00</cbc:AllowanceTotalAmount>")
    assert broken != xml
    assert any(error.startswith("BR-CO-11") for error in official_errors(broken))


def test_a_reverse_charge_invoice_with_discounts_passes_the_rules(facturo_app, shop, ubl_of):
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        customer = _customer(ctx, name="Renovatie Claes BV", vat_number="BE0555123476",
                             vat_regime="reverse_charge", general_discount="5",
                             financial_discount="2")
        doc = create_document(ctx, "invoice", customer, issue_date=ISSUED, lines=[
            LineData(description="Tegelwerk", quantity=1, unit_price="1000", vat_rate=21)])
        doc_id = post_document(ctx, doc).id
        assert discounts.totals_of(doc).incl_vat_with_cash_discount == D("931.00")
    root = _checked(ubl_of, shop, doc_id)
    # the financial discount changes no VAT here: only the payment terms say it
    assert _allowances(root) == [("Algemene korting", "AE", "0", D("50.00"), "1000.00", "5")]
    assert _allowances(root, "true") == []
    assert text(root, "cac:PaymentTerms/cbc:Note").endswith("te betalen €\xa0931,00")
    assert amount(root, TOTAL + "PayableAmount") == D("950.00")
