"""The official rules and the Belgian check catch what a wrong e-invoice would get wrong;
PEPPOL addresses of Belgian and foreign parties."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from lxml import etree
from peppol_support import NS

from addons.peppol import official, rules
from addons.peppol.endpoints import (
    Endpoint,
    EndpointError,
    enterprise_number,
    is_enterprise_number,
    legal_registration,
    party_endpoint,
)
from addons.peppol.model import Party, PaymentInfo, TaxGroup, UblDocument, UblLine, unit_code
from addons.peppol.ubl import build_tree, to_xml

SELLER = Party("Demo BV", Endpoint("0208", "0876543270"), "BE", "Kerkstraat 12", "9000", "Gent",
               "BE0876543270", Endpoint("0208", "0876543270"))
BUYER = Party("Renovatie Claes BV", Endpoint("0208", "0555123476"), "BE",
              vat_number="BE0555123476", legal_id=Endpoint("0208", "0555123476"))


def reverse_charge() -> UblDocument:
    """A reverse-charge invoice: two AE lines, one with a discount, partly paid."""
    lines = (
        UblLine(1, "Plaatsen van ramen", "", Decimal(12), "HUR", Decimal("55"), Decimal("594.00"),
                "AE", Decimal(0), Decimal(10), Decimal("660.00"), Decimal("66.00")),
        UblLine(2, "Ramen", "PVC", Decimal(6), "H87", Decimal("310"), Decimal("1860.00"), "AE",
                Decimal(0)),
    )
    return UblDocument(
        credit=False, number="F20260003", issue_date=date(2026, 3, 2), currency="EUR",
        seller=SELLER, buyer=BUYER, lines=lines,
        tax_groups=(TaxGroup("AE", Decimal(0), Decimal("2454.00"), Decimal("0.00"),
                             "VATEX-EU-AE", "Btw verlegd"),),
        line_total=Decimal("2454.00"), tax_total=Decimal("0.00"), total=Decimal("2454.00"),
        prepaid=Decimal("454.00"), due_date=date(2026, 4, 1), buyer_reference="C00003",
        payment=PaymentInfo("BE71096123456769", "Demo BV", "GKCCBEBB", "002026000301"),
    )


def broken(doc: UblDocument | etree._Element, path: str, value: str | None) -> set[str]:
    """The rules broken once the element at `path` gets `value` (None: removed)."""
    root = build_tree(doc) if isinstance(doc, UblDocument) else doc
    for element in root.xpath(path, namespaces=NS):
        if value is None:
            element.getparent().remove(element)
        else:
            element.text = value
    return found_rules(root)


def found_rules(root: etree._Element) -> set[str]:
    """The ids of the fatal official findings and Belgian violations of a document."""
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return ({finding.rule for finding in official.check(xml).fatal}
            | {violation.rule for violation in rules.check(root)})


def test_a_correct_reverse_charge_invoice_passes_and_is_schema_valid(ubl_schemas):
    xml = to_xml(reverse_charge())
    assert found_rules(etree.fromstring(xml)) == set()
    assert ubl_schemas["Invoice"].validate(etree.fromstring(xml)), ubl_schemas[
        "Invoice"].error_log.last_error


@pytest.mark.parametrize(
    ("path", "value", "rule"),
    [
        ("cac:InvoiceLine[2]/cbc:LineExtensionAmount", "1860.01", "BR-CO-10"),
        ("cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount", "2450.00", "BR-CO-13"),
        ("cac:TaxTotal/cbc:TaxAmount", "1.00", "BR-CO-14"),
        ("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", "2455.00", "BR-CO-15"),
        ("cac:LegalMonetaryTotal/cbc:PayableAmount", "2454.00", "BR-CO-16"),
        ("cac:LegalMonetaryTotal/cbc:PrepaidAmount", "454.001", "BR-DEC-16"),
        ("cac:InvoiceLine[1]/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent", "21", "BR-AE-05"),
        ("cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount", "5.00", "BR-AE-09"),
        ("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason", None, None),
        ("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID", "0876543271",
         "PEPPOL-COMMON-R043"),
        ("cac:PaymentMeans/cbc:PaymentID", "002026000302", "BE-OGM"),
        ("cac:InvoiceLine[1]/cac:AllowanceCharge/cbc:Amount", "60.00", "PEPPOL-EN16931-R040"),
        ("cac:InvoiceLine[1]/cac:Price/cbc:PriceAmount", "56", "PEPPOL-EN16931-R120"),
        ("cbc:InvoiceTypeCode", "381", "BR-CL-01"),
        ("cbc:BuyerReference", None, "PEPPOL-EN16931-R003"),
        ("cbc:ProfileID", "urn:other", "PEPPOL-EN16931-R007"),
    ],
)
def test_each_rule_catches_its_mistake(path, value, rule):
    found = broken(reverse_charge(), path, value)
    if rule is None:  # a code without its text is still an exemption reason
        assert found == set()
    else:
        assert rule in found


def test_an_exemption_without_code_and_text_breaks_br_ae_10():
    root = build_tree(reverse_charge())
    category = "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/"
    broken(root, category + "cbc:TaxExemptionReason", None)
    assert "BR-AE-10" in broken(root, category + "cbc:TaxExemptionReasonCode", None)


def test_reverse_charge_needs_an_identifier_of_the_buyer():
    root = build_tree(reverse_charge())
    buyer = "cac:AccountingCustomerParty/cac:Party/"
    assert "BR-AE-02" not in broken(root, buyer + "cac:PartyTaxScheme", None)
    assert "BR-AE-02" in broken(root, buyer + "cac:PartyLegalEntity/cbc:CompanyID", None)


def test_a_credit_note_is_381_and_names_its_invoice(ubl_schemas):
    note = replace(reverse_charge(), credit=True, number="CN20260001", prepaid=Decimal(0),
                   payment=None, due_date=None, invoice_reference=("F20260003", date(2026, 3, 2)))
    root = build_tree(note)
    assert ubl_schemas["CreditNote"].validate(root), ubl_schemas["CreditNote"].error_log.last_error
    assert found_rules(root) == set()
    assert root.xpath("cbc:CreditNoteTypeCode/text()", namespaces=NS) == ["381"]
    quantities = root.xpath("cac:CreditNoteLine/cbc:CreditedQuantity/text()", namespaces=NS)
    assert quantities == ["12", "6"]
    assert "BE-CREDIT-REF" in broken(root, "cac:BillingReference", None)


def test_amounts_are_written_with_two_decimals_and_prices_keep_theirs():
    doc = reverse_charge()
    line = replace(doc.lines[1], unit_price=Decimal("310.123456"), quantity=Decimal("0.5"),
                   net=Decimal("155.06"))
    doc = replace(doc, lines=(doc.lines[0], line), line_total=Decimal("749.06"),
                  total=Decimal("749.06"), prepaid=Decimal(0),
                  tax_groups=(replace(doc.tax_groups[0], base=Decimal("749.06")),))
    root = build_tree(doc)
    assert root.xpath("cac:InvoiceLine[2]/cac:Price/cbc:PriceAmount/text()",
                      namespaces=NS) == ["310.123456"]
    assert root.xpath("cac:LegalMonetaryTotal/cbc:PayableAmount/text()",
                      namespaces=NS) == ["749.06"]
    assert found_rules(root) == set()


def test_belgian_parties_get_their_enterprise_number_under_0208():
    assert enterprise_number("BE 0876.543.270") == "0876543270"
    assert party_endpoint("BE0876543270") == Endpoint("0208", "0876543270")
    assert legal_registration("BE0876543270") == Endpoint("0208", "0876543270")
    assert is_enterprise_number("0876543270")
    assert not is_enterprise_number("0876543271")
    assert not is_enterprise_number("876543270")
    with pytest.raises(EndpointError, match="not a valid Belgian VAT number"):
        enterprise_number("BE0876543271")


@pytest.mark.parametrize(
    ("vat_number", "endpoint"),
    [
        ("DE123456788", ("9930", "DE123456788")),
        ("NL123456782B01", ("9944", "NL123456782B01")),
        ("FR40303265045", ("9957", "FR40303265045")),
        ("IT00743110157", ("0211", "IT00743110157")),
        ("DK13585628", ("0198", "DK13585628")),
        ("SE556188840401", ("0007", "5561888404")),
        ("CHE123456788MWST", ("9927", "CHE123456788")),
    ],
)
def test_foreign_parties_are_addressed_by_their_vat_number(vat_number, endpoint):
    assert party_endpoint(vat_number) == Endpoint(*endpoint)
    assert legal_registration(vat_number) is None


def test_without_vat_number_there_is_no_peppol_address_and_the_reason_is_given():
    for missing in (None, ""):
        with pytest.raises(EndpointError, match="no PEPPOL participant identifier"):
            party_endpoint(missing)
    with pytest.raises(EndpointError, match="no PEPPOL scheme"):
        party_endpoint("US123456789")


def test_typed_units_become_rec_20_codes():
    assert [unit_code(u) for u in ("HUR", "uur", "heure", "m²", "kg", "st", "", "?")] == [
        "HUR", "HUR", "HUR", "MTK", "KGM", "C62", "C62", "C62"]


def test_amounts_not_subject_to_vat_cannot_share_an_invoice_with_taxed_ones():
    lines = (
        UblLine(1, "Bak pils", "", Decimal(1), "C62", Decimal(20), Decimal("20.00"), "S",
                Decimal(21)),
        UblLine(2, "Leeggoed krat", "", Decimal(1), "C62", Decimal(3), Decimal("3.00"), "O",
                Decimal(0)),
    )
    doc = replace(
        reverse_charge(), lines=lines, prepaid=Decimal(0),
        tax_groups=(TaxGroup("S", Decimal(21), Decimal("20.00"), Decimal("4.20")),
                    TaxGroup("O", Decimal(0), Decimal("3.00"), Decimal("0.00"), "VATEX-EU-O",
                             "Not subject to VAT")),
        line_total=Decimal("23.00"), tax_total=Decimal("4.20"), total=Decimal("27.20"),
    )
    root = build_tree(doc)
    assert not root.xpath("cac:InvoiceLine[2]/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent",
                          namespaces=NS)
    assert "BR-O-11" in found_rules(root)
