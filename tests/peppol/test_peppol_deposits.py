"""Deposits kept out of the taxable base (art. 28, 4° of the VAT code) in the e-invoice."""

from __future__ import annotations

from decimal import Decimal

import pytest
from peppol.peppol_support import amount, assert_official_rules_pass, parse, texts

from addons.deposits import service as deposits
from addons.products.service import create_product
from core.demo_documents import customer_id, seed_company
from core.documents.credit import create_credit_note
from core.documents.lines import LineData
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import create_document

CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"


@pytest.fixture
def wholesaler(make_tenant):
    """A drinks wholesaler with PEPPOL and deposits on."""
    return make_tenant("Drankenhandel Peeters", slug="drinks", addons=("peppol", "deposits"))


def _product(product_id: int, quantity: int) -> LineData:
    return LineData(line_type="product", product_id=product_id, quantity=quantity)


@pytest.fixture
def posted(facturo_app, wholesaler) -> tuple[int, int]:
    """A posted invoice with pils (21 %), water (6 %), their crates and returned empties,
    and the posted credit note of it: (invoice id, credit note id)."""
    with facturo_app.tenant_context(wholesaler.id, write=True) as ctx:
        seed_company(ctx)
        crate = deposits.create_article(ctx, "Bak", "5.00")
        bottle = deposits.create_article(ctx, "Fles", "0.10")
        pils = create_product(ctx, {"name": "Pils bak", "sale_price": "12.00"})
        water = create_product(ctx, {"name": "Spa bak", "sale_price": "8.00", "vat_rate": "6"})
        deposits.set_product_deposits(ctx, pils.id, {crate.id: 1, bottle.id: 24})
        deposits.set_product_deposits(ctx, water.id, {crate.id: 1})
        buyer = customer_id(ctx, "Bouwbedrijf Janssens NV")
        invoice = create_document(ctx, "invoice", buyer,
                                  lines=[_product(pils.id, 3), _product(water.id, 2)])
        deposits.set_returns(ctx, invoice, {crate.id: 4})
        post_document(ctx, invoice)
        credit = post_document(ctx, create_credit_note(ctx, invoice))
        return invoice.id, credit.id


def test_deposits_stay_out_of_the_vat_breakdown_and_pass_the_official_rules(
    facturo_app, wholesaler, posted, ubl_of
):
    invoice_id, credit_id = posted
    with facturo_app.tenant_context(wholesaler.id) as ctx:
        invoice = ctx.session.get(Document, invoice_id)
        # 3 × 12 at 21 %, 2 × 8 at 6 %; deposits 5 crates + 72 bottles − 4 crates = 12.20
        assert invoice.total_vat == Decimal("7.56") + Decimal("0.96")
        assert invoice.total_excl_vat == Decimal("36.00") + Decimal("16.00") + Decimal("12.20")
    for document_id in (invoice_id, credit_id):
        xml = ubl_of(wholesaler, document_id)
        assert_official_rules_pass(xml)
        root = parse(xml)
        categories = texts(root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID")
        assert sorted(categories) == ["E", "S", "S"]
        reasons = texts(root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason")
        assert len(reasons) == 1 and "28, 4°" in reasons[0]
        assert "44" not in reasons[0]
        exempt_base = next(
            sub for sub in root.iter(f"{CAC}TaxSubtotal")
            if sub.find(f"{CAC}TaxCategory").findtext(
                "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}ID") == "E"
        )
        assert amount(exempt_base, "cbc:TaxableAmount") == Decimal("12.20")
