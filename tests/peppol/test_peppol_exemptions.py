"""The exemption reason of an e-invoice comes from the regimes table, as the PDF's mention."""

from __future__ import annotations

from peppol_support import NS, parse, text

from addons.peppol import rules
from core.demo_documents import customer_id
from core.documents import vat
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import create_document

SUBTOTAL = "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/"


def test_a_service_to_a_business_in_another_member_state_cites_article_21(
    facturo_app, shop, documents, ubl_of
):
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        service = create_document(
            ctx, "invoice", customer_id(ctx, "Holzbau Müller GmbH"),
            vat_regime="intra_eu_services", language="de",
            lines=[{"description": "Entwurf und Werkpläne", "quantity": "16",
                    "unit_price": "85.00", "unit": "HUR"}],
        )
        post_document(ctx, service)
        service_id = service.id
    xml = ubl_of(shop, service_id, attach_pdf=False)
    root = parse(xml)
    assert text(root, SUBTOTAL + "cbc:ID") == "AE"
    assert text(root, SUBTOTAL + "cbc:TaxExemptionReasonCode") == "VATEX-EU-AE"
    reason = text(root, SUBTOTAL + "cbc:TaxExemptionReason")
    assert reason == vat.REGIMES["intra_eu_services"].exemption_reason("de")
    assert "Art. 21 § 2" in reason and "Art. 196 Richtlinie 2006/112/EG" in reason
    assert "Art. 20" not in reason
    assert root.xpath("cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID",
                      namespaces=NS)
    assert rules.check(xml) == []


def test_every_regime_without_vat_gives_its_table_code_and_reason(
    facturo_app, shop, documents, ubl_of
):
    for key in ("reverse_charge", "intra_eu", "export", "exempt"):
        root = parse(ubl_of(shop, documents[key], attach_pdf=False))
        with facturo_app.tenant_context(shop.id) as ctx:
            document = ctx.session.get(Document, documents[key])
            regime = vat.regime(document.vat_regime)
            expected = regime.exemption_reason(
                document.language, article=document.vat_exemption_article)
        assert text(root, SUBTOTAL + "cbc:TaxExemptionReasonCode") == regime.exemption_code
        assert text(root, SUBTOTAL + "cbc:TaxExemptionReason") == expected
        assert expected in vat.legal_mentions(document.vat_regime, document.language,
                                              article=document.vat_exemption_article)[0]


def test_a_line_with_its_own_category_under_a_vat_regime_gets_that_categorys_reason():
    from addons.peppol.source import exemption

    standard = Document(vat_regime="standard", language="fr", vat_exemption_article=None)
    code, reason = exemption(standard, "E")
    assert code == "VATEX-EU-132" and reason == "Exonération de TVA – art. 44 CTVA"
    assert exemption(standard, "AE") == ("VATEX-EU-AE", "Autoliquidation – art. 20 AR n° 1")
    # inside Facturo `O` is an amount kept out of the taxable base (deposits, art. 28, 4°)
    assert exemption(standard, "O") == ("", "Emballages consignés exclus de la base "
                                        "d'imposition (art. 28, 4° CTVA)")
    assert exemption(standard, "S") == ("", "") and exemption(standard, "Z") == ("", "")
