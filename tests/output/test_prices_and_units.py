"""Documents printed without prices when an addon hides them; units named in the language."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pypdf
import pytest

from addons.delivery_notes.service import set_prices_hidden
from addons.products import units as product_units
from core import units
from core.contacts.service import create_customer
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import create_document
from core.output import adapter, stored
from core.output.labels import labels
from core.output.models import FileKind
from core.output.pdf import render_pdf
from core.output.samples import sample_view
from core.output.stored import posted_pdf, stored_file
from core.output.view import Line
from core.tenants.models import Tenant


def pdf_text(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().replace("\xa0", " ").split()) for page in pages)


def price_words(language: str) -> list[str]:
    t = labels(language)
    return [t["unit_price"], t["discount"], t["amount"], t["total"], t["total_net"],
            t["vat_amount"], t["payment"], t["communication"], t["scan_to_pay"]]


@pytest.mark.parametrize("theme", ["default", "modern"])
def test_a_view_without_prices_prints_no_price_column_total_or_payment(theme):
    view = sample_view(line_count=4)
    discounted = Line.item("Bestelwagen", Decimal(1), Decimal(100), Decimal(90), "21 %",
                           discount_percent=Decimal(10))
    view = replace(view, theme=theme, lines=(*view.lines, discounted))
    shown = pdf_text(render_pdf(view))
    assert all(word in shown for word in price_words("nl"))
    hidden = pdf_text(render_pdf(replace(view, show_prices=False)))
    assert not [word for word in price_words("nl") if word in hidden]
    assert view.payment.framed_communication not in hidden
    first = view.lines[0]
    assert first.description in hidden and labels("nl")["quantity"] in hidden


@pytest.fixture
def depot(make_tenant):
    return make_tenant("Drankencentrale Wouters", addons=("delivery_notes",))


@pytest.mark.parametrize("theme", ["default", "modern"])
def test_a_delivery_note_with_hidden_prices_prints_without_them(facturo_app, depot, theme):
    with facturo_app.tenant_context(depot.id, write=True) as ctx:
        ctx.session.get(Tenant, depot.id).theme = theme
        customer = create_customer(ctx, {"name": "Café De Kroon", "language": "nl"})
        notes = [post_document(ctx, create_document(
            ctx, "delivery_note", customer.id, issue_date=date(2026, 3, 2),
            lines=[LineData(description="Bak pils", quantity=3, unit="C62",
                            unit_price="18.50")])) for _ in range(2)]
        shown, hidden = notes
        set_prices_hidden(ctx, hidden)
        assert adapter.build_view(ctx, shown).show_prices
        view = adapter.build_view(ctx, hidden)
        assert not view.show_prices and view.payment is None
        shown_text = pdf_text(render_pdf(adapter.build_view(ctx, shown)))
        hidden_text = pdf_text(posted_pdf(ctx, hidden))
    assert "18,50" in shown_text and "Eenheidsprijs" in shown_text
    assert "Bak pils" in hidden_text and "3 stuk" in hidden_text
    assert "18,50" not in hidden_text and "55,50" not in hidden_text
    assert not [word for word in price_words("nl") if word in hidden_text]


def test_a_print_option_changed_after_posting_has_its_own_stored_pdf(facturo_app, depot):
    with facturo_app.tenant_context(depot.id, write=True) as ctx:
        customer = create_customer(ctx, {"name": "Café De Kroon", "language": "nl"})
        note = post_document(ctx, create_document(
            ctx, "delivery_note", customer.id,
            lines=[LineData(description="Bak pils", quantity=3, unit_price="18.50")]))
        with_prices = posted_pdf(ctx, note)
        set_prices_hidden(ctx, note)
        without = posted_pdf(ctx, note)
        assert without != with_prices and "18,50" not in pdf_text(without)
        assert stored_file(ctx, note.id, FileKind.PDF_WITHOUT_PRICES) is not None
        set_prices_hidden(ctx, note, False)
        assert posted_pdf(ctx, note) == with_prices


def test_units_print_by_name_in_the_document_language_and_unknown_ones_as_typed(
    facturo_app, tenant
):
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        customer = create_customer(ctx, {"name": "Atelier Dubois"})
        lines = [LineData(description="Plaatsing", quantity="7.5", unit="HUR", unit_price="52"),
                 LineData(description="Tegels", quantity=12, unit="m²", unit_price="45.50"),
                 LineData(description="Lijm", quantity=2, unit="KGM", unit_price="9")]
        texts = {}
        for language in ("nl", "fr"):
            document = create_document(ctx, "invoice", customer.id, language=language,
                                       lines=lines)
            view = adapter.build_view(ctx, document)
            assert [line.unit for line in view.lines] == [
                units.unit_label("HUR", language), "m²", units.unit_label("KGM", language)]
            texts[language] = pdf_text(stored.document_pdf(ctx, document))
    assert "7,5 uur" in texts["nl"] and "2 kilogram" in texts["nl"] and "12 m²" in texts["nl"]
    assert "7,5 heure" in texts["fr"] and "2 kilogramme" in texts["fr"]


def test_the_unit_table_lives_in_core_and_products_reexports_it():
    assert units.unit_label("HUR", "de") == "Stunde"
    assert units.unit_label("XYZ", "nl") == "XYZ" and units.UNITS["LS"].label("es") == "lump sum"
    assert units.find_unit("kg").code == "KGM" and units.find_unit("uur").code == "HUR"
    assert product_units.UNITS is units.UNITS and product_units.find_unit is units.find_unit
    assert units.choices("fr")[0] == ("C62", "pièce")

