"""Deposit lines on documents: charged with products, returned empties, VAT, what is owed."""

from __future__ import annotations

import io
import sys
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from addons.deposits import service
from addons.deposits.lines import movements
from addons.deposits.models import VatTreatment
from addons.products.service import create_product
from core.addons.catalogue import Catalogue
from core.addons.discovery import locate
from core.addons.registry_file import Registry
from core.app import Facturo
from core.contacts.service import create_customer, get_contact
from core.documents.credit import create_credit_note
from core.documents.lines import LineData, add_line, update_line
from core.documents.posting import post_document
from core.documents.service import breakdown, create_document
from core.output.adapter import build_view
from core.output.stored import document_pdf

PROBES = Path(__file__).parent / "probe_addons"


def product_line(product_id: int, quantity: object = 1) -> LineData:
    """A product line as a user adds it."""
    return LineData(line_type="product", product_id=product_id, quantity=quantity)  # type: ignore[arg-type]


def deposit_block(document) -> list[tuple[str, Decimal, Decimal]]:
    """(description, quantity, net amount) of the document's deposit lines, in order."""
    return [(line.description, line.quantity, line.net_amount)
            for line in document.lines if line.group == "deposits"]


def test_three_crates_charge_15_and_one_returned_leaves_10(
    facturo_app, in_tenant, customer_id, crate, pils
):
    with in_tenant() as ctx:
        invoice = create_document(ctx, "invoice", customer_id, lines=[product_line(pils, 3)])
        assert [(line.description, line.addon_id) for line in invoice.lines] == [
            ("Pils bak 24 x 25 cl", None), ("Leeggoed: Bak", "deposits")
        ]
        assert deposit_block(invoice) == [("Leeggoed: Bak", Decimal(3), Decimal("15.00"))]
        service.set_returns(ctx, invoice, {crate: 1})
        assert deposit_block(invoice) == [
            ("Leeggoed: Bak", Decimal(3), Decimal("15.00")),
            ("Teruggebracht leeggoed: Bak", Decimal(-1), Decimal("-5.00")),
        ]
        (moved,) = movements(ctx, invoice)
        assert (moved.charged, moved.returned, moved.net, moved.amount) == (
            Decimal(3), Decimal(1), Decimal(2), Decimal("10.00")
        )
        assert invoice.total_excl_vat == Decimal("36.00") + Decimal("10.00")


def test_deposit_lines_follow_each_product_line_and_its_quantity(
    facturo_app, in_tenant, customer_id, crate, pils
):
    with in_tenant() as ctx:
        bottle = service.create_article(ctx, "Fles 25 cl", "0.10")
        service.set_product_deposits(ctx, pils, {crate: 1, bottle.id: 24})
        water = create_product(ctx, {"name": "Water", "sale_price": "6", "vat_rate": "6"})
        invoice = create_document(ctx, "invoice", customer_id, language="fr",
                                  lines=[product_line(pils, 2), product_line(water.id, 1)])
        first = invoice.lines[0]
        add_line(ctx, invoice, product_line(pils, 1))
        assert [(line.description, line.quantity) for line in invoice.lines] == [
            ("Pils bak 24 x 25 cl", Decimal(2)), ("Vidange : Casier", Decimal(2)),
            ("Vidange : Fles 25 cl", Decimal(48)),
            ("Water", Decimal(1)),
            ("Pils bak 24 x 25 cl", Decimal(1)), ("Vidange : Casier", Decimal(1)),
            ("Vidange : Fles 25 cl", Decimal(24)),
        ]
        update_line(ctx, invoice, first, quantity=5)
        assert invoice.lines[1].quantity == Decimal(5) and invoice.lines[2].quantity == 120


@pytest.mark.parametrize(
    ("treatment", "categories", "total_vat"),
    [
        (VatTreatment.EXCLUDED, {("S", "21.00"), ("O", "0.00")}, "7.56"),
        (VatTreatment.PRODUCT_RATE, {("S", "21.00")}, "9.66"),
    ],
)
def test_the_vat_of_the_deposits_follows_the_articles_treatment(
    facturo_app, in_tenant, customer_id, crate, pils, treatment, categories, total_vat
):
    with in_tenant() as ctx:
        service.set_vat_treatment(ctx, crate, treatment)
        invoice = create_document(ctx, "invoice", customer_id, lines=[product_line(pils, 3)])
        service.set_returns(ctx, invoice, {crate: 1})
        groups = {(group.category, str(group.rate)) for group in breakdown(invoice)}
        assert groups == categories
        assert invoice.total_vat == Decimal(total_vat)
        assert invoice.total_incl_vat == Decimal("46.00") + Decimal(total_vat)


def test_at_the_products_rate_a_six_percent_product_takes_its_deposit_along(
    facturo_app, in_tenant, customer_id, crate
):
    with in_tenant() as ctx:
        service.set_vat_treatment(ctx, crate, VatTreatment.PRODUCT_RATE)
        water = create_product(ctx, {"name": "Spa bak", "sale_price": "8", "vat_rate": "6"})
        service.set_product_deposits(ctx, water.id, {crate: 1})
        invoice = create_document(ctx, "invoice", customer_id, lines=[product_line(water.id, 2)])
        service.set_returns(ctx, invoice, {crate: 1})
        assert [line.vat_rate for line in invoice.lines] == [Decimal(6)] * 3
        assert invoice.total_vat == Decimal("1.26")  # 6 % of 16 + 10 − 5


def test_empties_outstanding_count_posted_sales_only(
    facturo_app, in_tenant, customer_id, crate, pils
):
    with in_tenant() as ctx:
        first = create_document(ctx, "invoice", customer_id, lines=[product_line(pils, 3)])
        service.set_returns(ctx, first, {crate: 1})
        post_document(ctx, first)
        second = post_document(ctx, create_document(ctx, "invoice", customer_id,
                                                    lines=[product_line(pils, 2)]))
        create_document(ctx, "invoice", customer_id, lines=[product_line(pils, 7)])  # a draft
        (balance,) = service.outstanding(ctx, customer_id)
        assert (balance.charged, balance.returned, balance.outstanding, balance.amount) == (
            Decimal(5), Decimal(1), Decimal(4), Decimal("20.00")
        )
        post_document(ctx, create_credit_note(ctx, second))
        (balance,) = service.outstanding(ctx, customer_id)
        assert (balance.charged, balance.returned, balance.outstanding) == (
            Decimal(5), Decimal(3), Decimal(2)
        )
        (addon, panel), = ctx.fragments("contact_panels", contact=get_contact(ctx, customer_id))
        assert addon == "deposits" and "Empties outstanding" in panel and "10,00" in panel


def test_switched_off_no_deposit_is_added_and_posted_documents_keep_theirs(
    facturo_app, wholesaler, in_tenant, customer_id, crate, pils
):
    with in_tenant() as ctx:
        posted = post_document(ctx, create_document(ctx, "invoice", customer_id,
                                                    lines=[product_line(pils, 3)]))
        posted_id, total = posted.id, posted.total_incl_vat
    facturo_app.addon_manager.switch_off(wholesaler.id, "deposits")
    with in_tenant() as ctx:
        invoice = create_document(ctx, "invoice", customer_id, lines=[product_line(pils, 3)])
        assert deposit_block(invoice) == []
        kept = ctx.session.get(type(invoice), posted_id)
        assert deposit_block(kept) == [("Leeggoed: Bak", Decimal(3), Decimal("15.00"))]
        assert kept.total_incl_vat == total == Decimal("58.56")
        assert ctx.fragments("document_pdf_blocks", document=kept) == []


def test_the_pdf_shows_the_deposit_block_in_the_documents_language(
    facturo_app, in_tenant, customer_id, crate, pils
):
    with in_tenant() as ctx:
        invoice = create_document(ctx, "invoice", customer_id, language="fr",
                                  lines=[product_line(pils, 3)])
        service.set_returns(ctx, invoice, {crate: "1"})
        (addon, html), = ctx.fragments("document_pdf_blocks", document=invoice)
        assert addon == "deposits" and "Casier" in html and "10,00" in html
        pdf = pypdf.PdfReader(io.BytesIO(document_pdf(ctx, post_document(ctx, invoice))))
        text = " ".join(page.extract_text() for page in pdf.pages)
        assert "Vidange : Casier" in text and "Vidange rendue : Casier" in text
        assert "Vidanges" in text  # the block's heading


def test_returns_are_checked_and_only_on_drafts(facturo_app, in_tenant, customer_id, crate, pils):
    with in_tenant() as ctx:
        invoice = create_document(ctx, "invoice", customer_id, lines=[product_line(pils, 1)])
        with pytest.raises(service.DepositError):
            service.set_returns(ctx, invoice, {crate: "-2"})
        with pytest.raises(service.DepositError):
            service.set_product_deposits(ctx, pils, {crate: "many"})
        with pytest.raises(service.DepositError, match="cannot carry"):
            service.set_product_deposits(ctx, service.get_article(ctx, crate).product_id,
                                         {crate: 1})
        post_document(ctx, invoice)
        with pytest.raises(Exception, match="posted"):
            service.set_returns(ctx, invoice, {crate: 1})
        assert service.returns_of(ctx, invoice.id) == []


@pytest.fixture
def probe_app(facturo_settings):
    """An app whose catalogue holds products, deposits and a glue addon recording moves."""
    sys.path.insert(0, str(PROBES))
    from deposits_probe import hooks as probe

    probe.MOVED.clear()
    catalogue = Catalogue.load([locate("products", "addons.products"),
                                locate("deposits", "addons.deposits"),
                                locate("deposits_probe", "deposits_probe")])
    app = Facturo(facturo_settings, catalogue=catalogue,
                  registry=Registry(offered=None, bundles={}, default_bundle=None))
    yield app, probe.MOVED
    app.db.dispose()
    sys.path.remove(str(PROBES))


def test_posting_tells_glue_addons_which_empties_moved(probe_app, make_tenant):
    app, moved = probe_app
    tenant = make_tenant("Brouwerij", slug="brouwerij")
    app.addon_manager.switch_on(tenant.id, "deposits_probe")
    with app.tenant_context(tenant.id) as ctx:
        customer = create_customer(ctx, {"name": "Café De Hoek"})
        crate = service.create_article(ctx, "Bak", "5")
        pils = create_product(ctx, {"name": "Pils", "sale_price": 12})
        service.set_product_deposits(ctx, pils.id, {crate.id: 1})
        invoice = create_document(ctx, "invoice", customer.id, lines=[product_line(pils.id, 3)])
        service.set_returns(ctx, invoice, {crate.id: 4})
        assert moved == []
        post_document(ctx, invoice)
        assert moved == [(invoice.number, "Bak", Decimal(-1))]


def test_the_pdf_keeps_deposits_out_of_the_vat_breakdown_with_the_legal_mention(
    facturo_app, in_tenant, customer_id, crate, pils
):
    with in_tenant() as ctx:
        water = create_product(ctx, {"name": "Spa bak", "sale_price": "8", "vat_rate": "6"})
        invoice = create_document(ctx, "invoice", customer_id, language="nl",
                                  lines=[product_line(pils, 3), product_line(water.id, 1)])
        service.set_returns(ctx, invoice, {crate: 3})  # 3 crates charged, 3 back: € 0,00
        service.set_returns(ctx, invoice, {crate: 1})
        view = build_view(ctx, invoice)
        assert [row.label for row in view.vat_totals] == ["21\u00a0%", "6\u00a0%"]
        assert view.outside_base == Decimal("10.00")
        assert any("art. 28, 4°" in mention for mention in view.legal_mentions)
        deposit_rows = [line for line in view.lines if line.description.startswith(
            ("Leeggoed", "Teruggebracht"))]
        assert deposit_rows and all("%" not in line.vat_label for line in deposit_rows)
        credit = create_credit_note(ctx, post_document(ctx, invoice))
        text = " ".join(page.extract_text() for page in pypdf.PdfReader(
            io.BytesIO(document_pdf(ctx, credit))).pages)
        text = " ".join(text.split())
        assert "art. 28, 4° WBTW" in text and "Buiten de maatstaf van heffing" in text
        assert "-0,00" not in text and "0\u00a0%" not in text.replace("10\u00a0%", "")
