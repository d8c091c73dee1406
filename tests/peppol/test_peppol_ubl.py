"""E-invoices of posted documents: every VAT regime and a credit note, against the UBL 2.1
schemas and the EN 16931 / PEPPOL business rules."""

from __future__ import annotations

import base64
import re
from decimal import Decimal

import pytest
from peppol_support import NS, amount, official_fatal, parse, text, texts

from addons.peppol import rules
from addons.peppol.errors import PeppolError
from addons.peppol.service import document_ubl
from core.contacts.service import create_customer
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import create_document
from core.documents.settings import SELLER_VAT_NUMBER, set_setting

REGIMES = ("standard", "renovation", "reverse_charge", "intra_eu", "export", "exempt")
#: the demo's renovation is for a private customer: no VAT number, no PEPPOL address
PRIVATE = "renovation"
LINES = "cac:InvoiceLine"


def _document(app, tenant, doc_id) -> Document:
    with app.tenant_context(tenant.id) as ctx:
        doc = ctx.session.get(Document, doc_id)
        ctx.session.expunge(doc)
        return doc


def test_every_regime_and_the_credit_note_pass_the_schema_and_the_rules(
    facturo_app, shop, documents, ubl_of, ubl_schemas
):
    assert set(documents) == {*REGIMES, "credit_note"}
    for key, doc_id in documents.items():
        if key == PRIVATE:
            continue
        xml = ubl_of(shop, doc_id)
        root = parse(xml)
        schema = ubl_schemas["CreditNote" if key == "credit_note" else "Invoice"]
        assert schema.validate(root), (key, schema.error_log.last_error)
        assert official_fatal(xml) == [], key
        assert rules.check(xml) == [], key
        price = f"{{{NS['cac']}}}Price"
        for element in root.iter(f"{{{NS['cbc']}}}*"):
            if element.tag.endswith("Amount") and element.getparent().tag != price:
                assert re.fullmatch(r"-?\d+\.\d{2}", element.text), (key, element.text)
                assert element.get("currencyID") == "EUR"
        document = _document(facturo_app, shop, doc_id)
        assert text(root, "cbc:ID") == document.number
        totals = "cac:LegalMonetaryTotal/cbc:"
        assert amount(root, totals + "TaxExclusiveAmount") == document.total_excl_vat
        assert amount(root, totals + "TaxInclusiveAmount") == document.total_incl_vat
        assert amount(root, "cac:TaxTotal/cbc:TaxAmount") == document.total_vat


def test_standard_invoice_with_three_rates_a_discount_and_the_payment_details(
    facturo_app, shop, documents, ubl_of
):
    xml = ubl_of(shop, documents["standard"])
    root = parse(xml)
    invoice = _document(facturo_app, shop, documents["standard"])
    assert text(root, "cbc:CustomizationID") == (
        "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0")
    assert text(root, "cbc:ProfileID") == "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
    assert text(root, "cbc:InvoiceTypeCode") == "380"
    assert text(root, "cbc:DueDate") == invoice.due_date.isoformat()
    seller = "cac:AccountingSupplierParty/cac:Party/"
    assert root.xpath(seller + "cbc:EndpointID/@schemeID", namespaces=NS) == ["0208"]
    assert text(root, seller + "cbc:EndpointID") == "0876543270"
    assert text(root, seller + "cac:PartyTaxScheme/cbc:CompanyID") == "BE0876543270"
    assert text(root, seller + "cac:PartyLegalEntity/cbc:CompanyID") == "0876543270"
    assert text(root, "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID") == "0712345630"
    subtotals = {
        text(sub, "cac:TaxCategory/cbc:Percent"): (
            amount(sub, "cbc:TaxableAmount"), amount(sub, "cbc:TaxAmount"))
        for sub in root.xpath("cac:TaxTotal/cac:TaxSubtotal", namespaces=NS)
    }
    assert subtotals == {
        "21": (Decimal("957.50"), Decimal("201.08")),
        "12": (Decimal("90.00"), Decimal("10.80")),
        "6": (Decimal("73.50"), Decimal("4.41")),
    }
    assert amount(root, "cac:LegalMonetaryTotal/cbc:LineExtensionAmount") == Decimal("1121.00")
    assert amount(root, "cac:LegalMonetaryTotal/cbc:PayableAmount") == Decimal("1337.29")
    discount = root.xpath(f"{LINES}[1]/cac:AllowanceCharge", namespaces=NS)[0]
    assert text(discount, "cbc:ChargeIndicator") == "false"
    assert text(discount, "cbc:MultiplierFactorNumeric") == "10"
    assert amount(discount, "cbc:Amount") == Decimal("85.00")
    assert amount(discount, "cbc:BaseAmount") == Decimal("850.00")
    assert amount(root, f"{LINES}[1]/cbc:LineExtensionAmount") == Decimal("765.00")
    assert text(root, f"{LINES}[1]/cac:Item/cbc:Name") == "Eiken vergadertafel"
    assert root.xpath(f"{LINES}[4]/cbc:InvoicedQuantity/@unitCode", namespaces=NS) == ["HUR"]
    means = "cac:PaymentMeans/"
    assert text(root, means + "cbc:PaymentMeansCode") == "30"
    assert text(root, means + "cbc:PaymentID") == invoice.structured_ref
    assert re.fullmatch(r"\d{12}", invoice.structured_ref)
    assert text(root, means + "cac:PayeeFinancialAccount/cbc:ID") == "BE71096123456769"
    assert text(root, means + "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID"
                ) == "GKCCBEBB"
    binary = root.xpath("cac:AdditionalDocumentReference/cac:Attachment/"
                        "cbc:EmbeddedDocumentBinaryObject", namespaces=NS)[0]
    assert binary.get("mimeCode") == "application/pdf"
    assert binary.get("filename") == f"{invoice.number}.pdf"
    assert base64.b64decode(binary.text).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("key", "category", "code", "reason", "buyer_endpoint"),
    [
        ("reverse_charge", "AE", "VATEX-EU-AE", "Verlegging van heffing – art. 20 KB nr. 1",
         ("0208", "0555123476")),
        ("intra_eu", "K", "VATEX-EU-IC", "39bis", ("9930", "DE123456788")),
        ("export", "G", "VATEX-EU-G", "art. 39, § 1er CTVA", ("9927", "CHE123456788")),
        ("exempt", "E", "VATEX-EU-132", "art. 44", ("0208", "1234567894")),
    ],
)
def test_regimes_without_vat_carry_their_category_exemption_and_parties(
    shop, documents, ubl_of, key, category, code, reason, buyer_endpoint
):
    root = parse(ubl_of(shop, documents[key], attach_pdf=False))
    assert set(texts(root, f"{LINES}/cac:Item/cac:ClassifiedTaxCategory/cbc:ID")) == {category}
    assert set(texts(root, f"{LINES}/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent")) == {"0"}
    subtotal = root.xpath("cac:TaxTotal/cac:TaxSubtotal", namespaces=NS)
    assert len(subtotal) == 1
    assert amount(subtotal[0], "cbc:TaxAmount") == 0
    assert amount(root, "cac:TaxTotal/cbc:TaxAmount") == 0
    assert text(subtotal[0], "cac:TaxCategory/cbc:ID") == category
    assert text(subtotal[0], "cac:TaxCategory/cbc:TaxExemptionReasonCode") == code
    assert reason in text(subtotal[0], "cac:TaxCategory/cbc:TaxExemptionReason")
    buyer = "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID"
    assert (root.xpath(f"{buyer}/@schemeID", namespaces=NS)[0], text(root, buyer)) == buyer_endpoint
    assert text(root, "cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID")
    if category in ("AE", "K"):
        assert text(root, "cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID")


def test_a_private_customers_invoice_is_refused_as_e_invoice_with_the_reason(
    shop, documents, ubl_of
):
    with pytest.raises(PeppolError) as refused:
        ubl_of(shop, documents[PRIVATE], attach_pdf=False)
    assert "Famille Dubois cannot receive e-invoices through PEPPOL" in str(refused.value)
    assert "no PEPPOL participant identifier" in str(refused.value)


def test_the_demo_intra_eu_supply_states_its_delivery_date_and_country(shop, documents, ubl_of):
    root = parse(ubl_of(shop, documents["intra_eu"], attach_pdf=False))
    assert text(root, "cac:Delivery/cbc:ActualDeliveryDate") == "2026-02-26"  # 4 days before
    assert text(root, "cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/"
                      "cbc:IdentificationCode") == "DE"


def test_credit_note_names_its_invoice(facturo_app, shop, documents, ubl_of):
    root = parse(ubl_of(shop, documents["credit_note"]))
    invoice = _document(facturo_app, shop, documents["standard"])
    assert root.tag == "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote"
    assert text(root, "cbc:CreditNoteTypeCode") == "381"
    reference = "cac:BillingReference/cac:InvoiceDocumentReference/"
    assert text(root, reference + "cbc:ID") == invoice.number
    assert text(root, reference + "cbc:IssueDate") == invoice.issue_date.isoformat()
    assert texts(root, "cac:CreditNoteLine/cbc:CreditedQuantity") == ["1"]
    assert amount(root, "cac:LegalMonetaryTotal/cbc:PayableAmount") == Decimal("25.97")
    assert not root.xpath("cac:PaymentMeans", namespaces=NS)


def test_documents_that_cannot_be_e_invoices_are_refused_with_the_reason(facturo_app, shop):
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        private = create_customer(ctx, {"name": "Jan Peeters", "is_company": False})
        lines = [{"description": "Herstelling", "unit_price": "80", "vat_rate": "21"}]
        draft = create_document(ctx, "invoice", private.id, lines=lines)
        with pytest.raises(PeppolError, match="Only a posted document"):
            document_ubl(ctx, draft)
        post_document(ctx, draft)
        with pytest.raises(PeppolError, match="company's VAT number"):
            document_ubl(ctx, draft, attach_pdf=False)
        set_setting(ctx.session, SELLER_VAT_NUMBER, "BE0876543270")
        with pytest.raises(PeppolError, match="Jan Peeters cannot receive e-invoices"):
            document_ubl(ctx, draft, attach_pdf=False)


def test_the_embedded_pdf_is_the_one_issued_at_posting(facturo_app, shop, documents, ubl_of):
    from core.output.stored import file_bytes, store_posted_pdf, stored_file

    export_id = documents["export"]
    assert store_posted_pdf(facturo_app, shop.id, export_id)
    with facturo_app.tenant_context(shop.id) as ctx:
        issued = file_bytes(stored_file(ctx, export_id))
        set_setting(ctx.session, "company.street", "Nieuwe Straat 99")
    root = parse(ubl_of(shop, export_id))
    embedded = text(root, "cac:AdditionalDocumentReference/cac:Attachment/"
                          "cbc:EmbeddedDocumentBinaryObject")
    assert base64.b64decode(embedded) == issued
    assert text(root, "cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cbc:StreetName"
                ) == "Nieuwe Straat 99"
