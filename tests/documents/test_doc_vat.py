"""VAT regimes on real invoices: rates, categories, amounts and legal mentions."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from document_helpers import add_customer

from core.documents import settings, vat
from core.documents.errors import DocumentError, ValidationFailed
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import breakdown, create_document, legal_mentions, update_document


def test_every_regime_maps_to_its_en16931_category():
    assert vat.line_vat("standard", 21) == (D("21"), "S")
    assert vat.line_vat("standard", 0) == (D("0"), "Z")
    assert vat.line_vat("renovation", 6) == (D("6"), "S")
    assert vat.line_vat("reverse_charge", 21) == (D("0"), "AE")
    assert vat.line_vat("intra_eu", 21) == (D("0"), "K")
    assert vat.line_vat("export", 6) == (D("0"), "G")
    assert vat.line_vat("exempt", 21) == (D("0"), "E")
    assert vat.regime("medecontractant").id == "reverse_charge"
    assert vat.regime("renovation_6").id == "renovation"
    assert vat.regime(None).id == "standard"


def test_unknown_rates_and_regimes_are_refused():
    with pytest.raises(DocumentError, match="19"):
        vat.check_rate(19)
    with pytest.raises(DocumentError, match="margin"):
        vat.regime("margin")


RC_NL = "Verlegging van heffing – art. 20 KB nr. 1. Bij gebrek aan schriftelijke betwisting"
RC_FR = "Autoliquidation – art. 20 AR n° 1. En l'absence de contestation par écrit"

#: regime → (category, exemption code, the legal basis its mention cites per language,
#: what it must not cite)
TABLE = {
    "standard": ("S", None, {}, "art."),
    "renovation": ("S", None, {
        "nl": "KB nr. 20, tabel A, rubriek XXXI", "fr": "AR n° 20, tableau A, rubrique XXXI",
        "en": "Royal Decree no. 20, table A, heading XXXI",
        "de": "KE Nr. 20, Tabelle A, Rubrik XXXI"}, "art. 20"),
    "reverse_charge": ("AE", "VATEX-EU-AE", {
        "nl": "Verlegging van heffing – art. 20 KB nr. 1",
        "fr": "Autoliquidation – art. 20 AR n° 1",
        "en": "Reverse charge – art. 20 Royal Decree no. 1",
        "de": "Steuerschuldnerschaft des Leistungsempfängers – Art. 20 KE Nr. 1"}, "art. 21"),
    "intra_eu_services": ("AE", "VATEX-EU-AE", {
        "nl": "Verlegging van heffing – art. 21, § 2 WBTW en art. 196 Richtlijn 2006/112/EG",
        "fr": "Autoliquidation – art. 21, § 2 CTVA et art. 196 directive 2006/112/CE",
        "en": "Reverse charge – art. 21 § 2 Belgian VAT Code and art. 196 Directive "
              "2006/112/EC",
        "de": "Steuerschuldnerschaft des Leistungsempfängers – Art. 21 § 2 belg. MwStGB und "
              "Art. 196 Richtlinie 2006/112/EG"}, "art. 20"),
    "intra_eu": ("K", "VATEX-EU-IC", {
        "nl": "art. 39bis, eerste lid, 1° WBTW en art. 138 Richtlijn 2006/112/EG",
        "fr": "art. 39bis, alinéa 1er, 1° CTVA et art. 138 directive 2006/112/CE",
        "en": "art. 39bis, first paragraph, 1° Belgian VAT Code and art. 138 Directive",
        "de": "Art. 39bis Abs. 1 Nr. 1 belg. MwStGB und Art. 138 Richtlinie"}, "art. 21"),
    "export": ("G", "VATEX-EU-G", {
        "nl": "art. 39, § 1 WBTW en art. 146 Richtlijn 2006/112/EG",
        "fr": "art. 39, § 1er CTVA et art. 146 directive 2006/112/CE",
        "en": "art. 39 § 1 Belgian VAT Code and art. 146 Directive 2006/112/EC",
        "de": "Art. 39 § 1 belg. MwStGB und Art. 146 Richtlinie 2006/112/EG"}, "39bis"),
    "exempt": ("E", "VATEX-EU-132", {
        "nl": "Vrijgesteld van btw – art. 44 WBTW", "fr": "Exonération de TVA – art. 44 CTVA",
        "en": "VAT exempt – art. 44 Belgian VAT Code",
        "de": "Von der MwSt. befreit – Art. 44 belg. MwStGB"}, "art. 20"),
}


def test_the_table_covers_every_regime():
    assert set(TABLE) == set(vat.REGIMES)


@pytest.mark.parametrize("regime_id", sorted(TABLE))
def test_each_regime_has_its_category_exemption_code_and_legal_text(regime_id):
    category, code, bases, foreign = TABLE[regime_id]
    found = vat.regime(regime_id)
    assert found.category_for(D("21")) == category and found.exemption_code == code
    assert vat.line_vat(regime_id, 21)[1] == category
    for language in ("nl", "fr", "en", "de"):
        mentions = vat.legal_mentions(regime_id, language)
        if not bases:
            assert mentions == [] and found.exemption_reason(language) == ""
            continue
        (mention,) = mentions
        assert bases[language] in mention and foreign not in mention, (language, mention)
        if not found.charges_vat:  # the e-invoice's reason cites the same basis
            assert bases[language].split(" – ")[-1] in found.exemption_reason(language)


def test_mentions_in_the_document_language():
    assert vat.legal_mentions("reverse_charge", "nl")[0].startswith(RC_NL)
    assert vat.legal_mentions("reverse_charge", "fr")[0].startswith(RC_FR)
    without = vat.legal_mentions("reverse_charge", "fr", legal_reference=False)[0]
    assert without.startswith("Autoliquidation. En l'absence de contestation par écrit")
    for language, words in (("nl", "periodieke aangiften"), ("fr", "déclarations périodiques"),
                            ("en", "periodic VAT returns"), ("de", "periodische Erklärungen")):
        (text,) = vat.legal_mentions("reverse_charge", language)
        assert words in text  # the customer's one-month objection sentence
    assert vat.vat_column_label("reverse_charge", "nl") == "Verlegging van heffing"
    assert vat.vat_column_label("intra_eu_services", "de") == (
        "Steuerschuldnerschaft des Leistungsempfängers")
    assert "art. 135" in vat.legal_mentions("exempt", "en", article="135")[0]
    assert vat.legal_mentions("standard", "nl") == []
    for language, words in (("nl", "tien jaar"), ("fr", "dix ans"), ("en", "ten years"),
                            ("de", "zehn Jahre")):
        (text,) = vat.legal_mentions("renovation", language)
        assert words in text and "21 %" in text


def test_standard_invoice_hand_computed_at_21_12_and_6(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        doc = create_document(ctx, "invoice", customer_id, lines=[
            LineData(description="Bloem", quantity=3, unit_price="12.50", vat_rate=21),
            LineData(description="Boeken", quantity=2, unit_price="19.99", vat_rate=6,
                     discount_percent=15),
            LineData(description="Verwarming", quantity=1, unit_price="100.00", vat_rate=12),
            LineData(description="Zakjes", quantity=7, unit_price="1.15", vat_rate=21),
        ])
        post_document(ctx, doc)
        assert [line.net_amount for line in doc.lines] == [
            D("37.50"), D("33.98"), D("100.00"), D("8.05")
        ]
        assert {(g.rate, g.base, g.vat) for g in breakdown(doc)} == {
            (D("21"), D("45.55"), D("9.57")),
            (D("12"), D("100.00"), D("12.00")),
            (D("6"), D("33.98"), D("2.04")),
        }
        doc_id = doc.id
    with app.tenant_context(tenant_id) as ctx:
        stored = ctx.session.get(type(doc), doc_id)
        assert (stored.total_excl_vat, stored.total_vat, stored.total_incl_vat) == (
            D("179.53"), D("23.61"), D("203.14")
        )
        assert legal_mentions(ctx, stored) == []


def test_renovation_invoice_at_6_percent_carries_the_legal_text(app, tenant_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        home_owner = add_customer(ctx, "Jan Peeters", language="fr", vat_regime="renovation_6")
        doc = create_document(ctx, "invoice", home_owner, lines=[
            LineData(description="Carrelage posé", quantity="12.5", unit_price="42.00"),
        ])
        assert doc.vat_regime == "renovation" and doc.language == "fr"
        post_document(ctx, doc)
        (line,) = doc.lines
        assert (line.vat_rate, line.vat_category, line.net_amount) == (D("6"), "S", D("525.00"))
        assert (doc.total_vat, doc.total_incl_vat) == (D("31.50"), D("556.50"))
        (mention,) = legal_mentions(ctx, doc)
        assert mention.startswith("Taux de TVA de 6 % pour la rénovation d'une habitation")
        assert "dix ans" in mention


def test_reverse_charge_invoice_has_no_vat_amount_and_the_mention(app, tenant_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        contractor = add_customer(ctx, "Bouw BV", vat_number="BE0403019261",
                                  vat_regime="reverse_charge")
        doc = create_document(ctx, "invoice", contractor, lines=[
            LineData(description="Plaatsen ramen", quantity=1, unit_price="2500.00",
                     vat_rate=21),
            LineData(description="Afwerking", quantity=4, unit_price="55.00"),
        ])
        post_document(ctx, doc)
        assert {(line.vat_rate, line.vat_category) for line in doc.lines} == {(D("0"), "AE")}
        assert (doc.total_excl_vat, doc.total_vat, doc.total_incl_vat) == (
            D("2720.00"), D("0.00"), D("2720.00")
        )
        assert [(g.category, g.vat) for g in breakdown(doc)] == [("AE", D("0.00"))]
        (mention,) = legal_mentions(ctx, doc)
        assert mention.startswith(RC_NL)
        settings.set_setting(ctx.session, settings.REVERSE_CHARGE_REFERENCE, False)
        (mention,) = legal_mentions(ctx, doc)
        assert mention.startswith("Verlegging van heffing. Bij gebrek aan schriftelijke")


def test_reverse_charge_needs_the_customer_vat_number(app, tenant_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        nobody = add_customer(ctx, "Particulier", vat_regime="reverse_charge")
        doc = create_document(ctx, "invoice", nobody,
                              lines=[LineData(description="x", quantity=1, unit_price=10)])
        with pytest.raises(ValidationFailed, match="VAT number is required"):
            post_document(ctx, doc)
        assert doc.number is None


def test_intra_eu_supply_needs_both_vat_numbers(app, tenant_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        buyer = add_customer(ctx, "Handel GmbH", country="DE", vat_number="DE123",
                             language="de", vat_regime="intra_eu")
        doc = create_document(ctx, "invoice", buyer,
                              lines=[LineData(description="Bier", quantity=10, unit_price=2)])
        with pytest.raises(ValidationFailed) as refused:
            post_document(ctx, doc)
        assert len(refused.value.reasons) == 2  # buyer's number invalid, seller's missing
        buyer.vat_number = "DE136695976"
        settings.set_setting(ctx.session, settings.SELLER_VAT_NUMBER, "BE0403019261")
        post_document(ctx, doc)
        assert doc.total_vat == D("0.00") and doc.lines[0].vat_category == "K"
        assert doc.party["vat_number"] == "DE136695976"
        assert doc.party["seller_vat_number"] == "BE0403019261"
        assert "39bis" in legal_mentions(ctx, doc)[0]


def test_export_and_exempt_invoices(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        export = create_document(ctx, "invoice", customer_id, vat_regime="export",
                                 language="en",
                                 lines=[LineData(description="Chocolate", quantity=1,
                                                 unit_price=100, vat_rate=6)])
        assert (export.lines[0].vat_category, export.total_vat) == ("G", D("0.00"))
        assert "export outside the European Union" in legal_mentions(ctx, export)[0]
        exempt = create_document(ctx, "invoice", customer_id, vat_regime="exempt",
                                 vat_exemption_article="44 § 2, 1°",
                                 lines=[LineData(description="Les", quantity=2, unit_price=40)])
        assert (exempt.lines[0].vat_category, exempt.total_incl_vat) == ("E", D("80.00"))
        assert legal_mentions(ctx, exempt) == ["Vrijgesteld van btw – art. 44 § 2, 1° WBTW"]


def test_changing_the_regime_of_a_draft_recomputes_its_lines(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        doc = create_document(ctx, "invoice", customer_id, lines=[
            LineData(description="x", quantity=1, unit_price=100, vat_rate=12)])
        assert doc.total_vat == D("12.00")
        update_document(ctx, doc, vat_regime="reverse_charge")
        assert (doc.lines[0].vat_category, doc.total_vat) == ("AE", D("0.00"))
        update_document(ctx, doc, vat_regime="standard")
        assert (doc.lines[0].vat_rate, doc.total_vat) == (D("21"), D("21.00"))


def test_a_line_at_a_rate_that_does_not_exist_is_refused(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id) as ctx, pytest.raises(DocumentError, match="19"):
        create_document(ctx, "invoice", customer_id,
                        lines=[LineData(description="x", quantity=1, unit_price=1, vat_rate=19)])


@pytest.mark.parametrize("regime_id", ["intra_eu", "intra_eu_services"])
def test_cross_border_regimes_refuse_a_belgian_customer(app, tenant_id, regime_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        settings.set_setting(ctx.session, settings.SELLER_VAT_NUMBER, "BE0403019261")
        local = add_customer(ctx, "Bouw BV", vat_number="BE0555123476", vat_regime=regime_id)
        doc = create_document(ctx, "invoice", local,
                              lines=[LineData(description="Advies", quantity=1, unit_price=90)])
        with pytest.raises(ValidationFailed) as refused:
            post_document(ctx, doc)
        assert refused.value.reasons == [
            "Under this VAT regime the customer's VAT number must be one of another EU member "
            "state, not BE0555123476."]
        assert doc.number is None
        local.vat_number = "NL004495445B01"
        post_document(ctx, doc)
        assert doc.number is not None and doc.lines[0].vat_category == (
            "K" if regime_id == "intra_eu" else "AE")
