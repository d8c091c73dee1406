"""Every kind of e-invoice Facturo writes passes the official rules (UBL 2.1 schema, CEN EN 16931
1.3.16, PEPPOL BIS Billing 3.0.21) with no fatal finding; what PEPPOL cannot carry is refused
with the reason, never written. Cases from the accountant's check of the UBL export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from peppol_support import amount, official_fatal, parse, text, texts

from addons.peppol.errors import PeppolError
from addons.peppol.official import check
from addons.peppol.service import document_ubl
from core.app import Facturo
from core.contacts.service import create_customer
from core.demo_documents import seed_company
from core.documents.credit import create_credit_note
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import create_document
from core.tenants.models import Tenant

ISSUED = date(2026, 3, 16)
DE_BUYER = {"name": "Holzbau Müller GmbH", "vat_number": "DE123456788", "street": "Hauptstraße 5",
            "postal_code": "52062", "city": "Aachen", "country": "DE", "language": "de"}
FR_BUYER = {"name": "Conseil Lefèvre SARL", "vat_number": "FR40303265045",
            "street": "12 rue de la Paix", "postal_code": "75002", "city": "Paris",
            "country": "FR", "language": "fr"}
BE_BUYER = {"name": "Bouwbedrijf Janssens NV", "vat_number": "BE0712345630",
            "street": "Meir 40", "postal_code": "2000", "city": "Antwerpen"}
CH_BUYER = {"name": "Atelier Léman SA", "vat_number": "CHE-123.456.788 MWST",
            "street": "Quai du Mont-Blanc 2", "postal_code": "1201", "city": "Genève",
            "country": "CH", "language": "fr"}
LONG_NAME = ("Établissements Œuvre & Fils — « L'Ange d'Or » <Brasserie> \"Spécialités\" "
             "Ærøskøbing–Łódź–Český Krumlov–Dún Laoghaire, société coopérative à "
             "responsabilité limitée, département Ventes & Après-vente")


def line(description: str, quantity: str, price: str, rate: str = "21", **extra: Any
         ) -> dict[str, Any]:
    """A free line of a document."""
    return {"description": description, "quantity": quantity, "unit_price": price,
            "vat_rate": rate, **extra}


#: case → (customer, VAT regime, lines, header fields)
CASES: dict[str, tuple[dict[str, Any], str, list[dict[str, Any]], dict[str, Any]]] = {
    "rounding": (BE_BUYER, "standard", [
        line("Schroeven", "3", "0.333333", unit="C62"),
        line("Pluggen", "7", "1.115", "6"),
        line("Lijm", "0.125", "19.99", "21"),
        line("Kabel", "13.75", "2.4567", "12", unit="MTR"),
    ], {}),
    "discounts": (BE_BUYER, "standard", [
        line("Bureaustoel", "4", "189.99", discount_percent="12.5"),
        line("Ordners", "30", "2.79", "21", discount_percent="33.33"),
        line("Handboek", "2", "39.95", "6", discount_percent="5"),
    ], {}),
    "mixed_rates": (BE_BUYER, "standard", [
        line("Tafel", "1", "850", "21"),
        line("Maaltijd", "2", "45", "12"),
        line("Boek", "3", "24.5", "6"),
        line("Krant", "10", "2.2", "0"),
        line("Korting op vorige levering", "-1", "15", "21"),
    ], {}),
    "intra_eu_goods": (DE_BUYER, "intra_eu", [
        line("Eichenholzplatten 30 mm", "40", "65", unit="C62"),
    ], {"delivery_date": date(2026, 3, 9)}),
    "intra_eu_services": (FR_BUYER, "intra_eu", [
        line("Conseil en organisation", "12", "95", unit="HUR"),
    ], {"delivery_date": date(2026, 2, 1), "delivery_end": date(2026, 2, 28)}),
    "intra_eu_delivered_elsewhere": (DE_BUYER, "intra_eu", [
        line("Eichenholzplatten 40 mm", "8", "88.4"),
    ], {"delivery_date": date(2026, 3, 12), "delivery_country": "AT"}),
    "intra_eu_without_delivery_date": (DE_BUYER, "intra_eu", [
        line("Eichenholzplatten 18 mm", "10", "41.5"),
    ], {}),
    "export": (CH_BUYER, "export", [
        line("Meubles sur mesure", "2", "3250"),
        line("Emballage et transport", "1", "180"),
    ], {}),
    "exempt": ({"name": "vzw De Kleine Stap", "vat_number": "BE1234567894",
                "street": "Schoolstraat 1", "postal_code": "8000", "city": "Brugge"},
               "exempt", [line("Opleiding eerste hulp", "1", "600")],
               {"vat_exemption_article": "44"}),
    "reverse_charge": ({"name": "Renovatie Claes BV", "vat_number": "BE0555123476"},
                       "reverse_charge", [line("Plaatsen van ramen", "12", "55")], {}),
    "renovation_company": (BE_BUYER, "renovation", [
        line("Renovatie badkamer", "1", "4200", "6"),
    ], {}),
    "long_names": ({**BE_BUYER, "name": LONG_NAME, "street": "Rue de l'Église & Cie 12/B"},
                   "standard", [
        line(f"{LONG_NAME}\nDétail : « 100 % » <inclus> & 'garanti'", "1", "99.99"),
    ], {"notes": "Opmerking met <tekens> & \"aanhalingstekens\" — ook € en ß."}),
    "delivery_period": (BE_BUYER, "standard", [
        line("Onderhoudscontract maart", "1", "250"),
    ], {"delivery_date": date(2026, 3, 1), "delivery_end": date(2026, 3, 31)}),
}


def make_invoice(app: Facturo, tenant: Tenant, case: str) -> int:
    """Post the invoice of a case for the tenant; its id."""
    customer, regime, lines, header = CASES[case]
    with app.tenant_context(tenant.id, write=True) as ctx:
        seed_company(ctx)
        contact = create_customer(ctx, dict(customer))
        document = create_document(ctx, "invoice", contact.id, lines=lines, vat_regime=regime,
                                   issue_date=ISSUED, **header)
        post_document(ctx, document)
        return document.id


def credit(app: Facturo, tenant: Tenant, invoice_id: int, share: Callable[[Any], Any]) -> int:
    """Post a credit note for part of an invoice: `share(line)` → the quantity credited."""
    with app.tenant_context(tenant.id, write=True) as ctx:
        invoice = ctx.session.get(Document, invoice_id)
        assert invoice is not None
        quantities = {item.id: share(item) for item in invoice.lines if item.is_priced}
        note = create_credit_note(ctx, invoice, quantities, issue_date=date(2026, 3, 20))
        post_document(ctx, note)
        return note.id


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_case_passes_the_official_rules(facturo_app, shop, ubl_of, case):
    xml = ubl_of(shop, make_invoice(facturo_app, shop, case))
    assert official_fatal(xml) == []


@pytest.mark.parametrize("case", ["intra_eu_goods", "intra_eu_services", "discounts", "export"])
def test_partial_credit_notes_pass_the_official_rules(facturo_app, shop, ubl_of, case):
    invoice_id = make_invoice(facturo_app, shop, case)
    note_id = credit(facturo_app, shop, invoice_id, lambda item: item.quantity / 2)
    root = parse(ubl_of(shop, note_id))
    assert official_fatal(ubl_of(shop, note_id, attach_pdf=False)) == []
    assert root.tag.endswith("}CreditNote")
    with facturo_app.tenant_context(shop.id) as ctx:
        invoice = ctx.session.get(Document, invoice_id)
        note = ctx.session.get(Document, note_id)
        assert (note.delivery_date, note.delivery_end) == (
            invoice.delivery_date, invoice.delivery_end)
        assert amount(root, "cac:LegalMonetaryTotal/cbc:PayableAmount") == note.total_incl_vat


def test_an_intra_eu_supply_states_when_and_where_it_was_delivered(facturo_app, shop, ubl_of):
    goods = parse(ubl_of(shop, make_invoice(facturo_app, shop, "intra_eu_goods"),
                         attach_pdf=False))
    assert text(goods, "cac:Delivery/cbc:ActualDeliveryDate") == "2026-03-09"
    assert text(goods, "cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/"
                       "cbc:IdentificationCode") == "DE"
    assert not goods.xpath("cac:InvoicePeriod", namespaces={
        "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"})

    services = parse(ubl_of(shop, make_invoice(facturo_app, shop, "intra_eu_services"),
                            attach_pdf=False))
    assert text(services, "cac:InvoicePeriod/cbc:StartDate") == "2026-02-01"
    assert text(services, "cac:InvoicePeriod/cbc:EndDate") == "2026-02-28"
    assert texts(services, "cac:Delivery/cbc:ActualDeliveryDate") == []
    assert text(services, "cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/"
                          "cbc:IdentificationCode") == "FR"

    elsewhere = parse(ubl_of(shop, make_invoice(facturo_app, shop, "intra_eu_delivered_elsewhere"),
                             attach_pdf=False))
    assert text(elsewhere, "cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/"
                           "cbc:IdentificationCode") == "AT"

    # no delivery date given: the supply took place on the issue date
    plain = parse(ubl_of(shop, make_invoice(facturo_app, shop, "intra_eu_without_delivery_date"),
                         attach_pdf=False))
    assert text(plain, "cac:Delivery/cbc:ActualDeliveryDate") == ISSUED.isoformat()


def test_a_domestic_delivery_period_is_the_invoicing_period(facturo_app, shop, ubl_of):
    root = parse(ubl_of(shop, make_invoice(facturo_app, shop, "delivery_period"),
                        attach_pdf=False))
    assert (text(root, "cac:InvoicePeriod/cbc:StartDate"),
            text(root, "cac:InvoicePeriod/cbc:EndDate")) == ("2026-03-01", "2026-03-31")
    assert texts(root, "cac:Delivery/cbc:ActualDeliveryDate") == []


def test_special_characters_survive_intact(facturo_app, shop, ubl_of):
    root = parse(ubl_of(shop, make_invoice(facturo_app, shop, "long_names"), attach_pdf=False))
    assert text(root, "cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name") == LONG_NAME
    assert text(root, "cac:InvoiceLine/cac:Item/cbc:Name") == LONG_NAME


@pytest.mark.parametrize(
    ("customer", "regime"),
    [
        ({"name": "Jan Peeters", "is_company": False, "email": "jan@example.be"}, "standard"),
        ({"name": "An Claes", "is_company": False}, "standard"),
        ({"name": "Patiënt Wouters", "is_company": False, "email": "wouters@example.be"},
         "exempt"),
        ({"name": "Smith Imports Ltd", "country": "US", "email": "ap@smith.example"}, "export"),
    ],
)
def test_a_buyer_without_participant_identifier_is_refused_with_the_reason(
    facturo_app, shop, customer, regime
):
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        seed_company(ctx)
        contact = create_customer(ctx, customer)
        invoice = create_document(ctx, "invoice", contact.id, vat_regime=regime,
                                  lines=[line("Consultatie", "1", "80")], issue_date=ISSUED)
        post_document(ctx, invoice)
        with pytest.raises(PeppolError) as refused:
            document_ubl(ctx, invoice, attach_pdf=False)
    message = str(refused.value)
    assert f"{customer['name']} cannot receive e-invoices through PEPPOL" in message
    assert "no PEPPOL participant identifier" in message


def test_the_official_rules_refuse_a_broken_document_with_its_rule(facturo_app, shop, ubl_of):
    xml = ubl_of(shop, make_invoice(facturo_app, shop, "intra_eu_goods"), attach_pdf=False)
    without_delivery = xml.replace(b"<cbc:ActualDeliveryDate>2026-03-09</cbc:ActualDeliveryDate>",
                                   b"")
    rules = {finding.rule for finding in check(without_delivery).fatal}
    assert rules == {"BR-IC-11"}
    with_email = xml.replace(b'schemeID="9930">DE123456788<', b'schemeID="EM">a@b.example<')
    assert "PEPPOL-EN16931-CL008" in {finding.rule for finding in check(with_email).fatal}
