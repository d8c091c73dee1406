"""Products on document lines: name in the document's language, unit, VAT rate, price."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from addons.products.models import Product
from addons.products.service import create_product
from core.documents.kinds import available
from core.documents.lines import LineData, add_line, update_line
from core.documents.service import create_document


def product_line(product_id: int, **values: object) -> LineData:
    """A product line as a user adds it: the product and a quantity, nothing typed."""
    return LineData(line_type="product", product_id=product_id, **values)  # type: ignore[arg-type]


def test_a_product_line_reads_the_product_in_the_documents_language(
    facturo_app, shop, new_customer
):
    client = new_customer(shop, "Quincaillerie Dubois", language="fr")
    with facturo_app.tenant_context(shop.id) as ctx:
        product = create_product(
            ctx,
            {
                "name": "Verf wit 10 l",
                "names": {"fr": "Peinture blanche 10 l"},
                "descriptions": {"fr": "Mate, intérieur"},
                "unit": "LTR",
                "sale_price": "59.90",
                "vat_rate": "6",
            },
        )
        invoice = create_document(ctx, "invoice", client, lines=[product_line(product.id)])
        line = invoice.lines[0]
        assert invoice.language == "fr"
        assert line.description == "Peinture blanche 10 l\nMate, intérieur"
        assert (line.unit, line.vat_rate, line.unit_price) == (
            "LTR", Decimal("6"), Decimal("59.90")
        )
        dutch = create_document(
            ctx, "invoice", client, language="de", lines=[product_line(product.id, quantity=2)]
        )
        assert dutch.lines[0].description == "Verf wit 10 l"
        assert dutch.total_excl_vat == Decimal("119.80")


def test_what_the_user_typed_stays(facturo_app, shop, new_customer):
    client = new_customer(shop)
    with facturo_app.tenant_context(shop.id) as ctx:
        product = create_product(ctx, {"name": "Werkuur", "unit": "HUR", "sale_price": 45})
        invoice = create_document(ctx, "invoice", client)
        line = add_line(
            ctx, invoice, product_line(product.id, description="Herstelling dak",
                                       unit_price="40", vat_rate="6", quantity=3)
        )
        assert (line.description, line.unit_price, line.vat_rate) == (
            "Herstelling dak", Decimal("40"), Decimal("6")
        )
        update_line(ctx, invoice, line, quantity=4)
        assert line.unit_price == Decimal("40")
        update_line(ctx, invoice, line, unit_price=None)
        assert line.unit_price == Decimal("45") and line.unit == "HUR"
        assert invoice.total_excl_vat == Decimal("180.00")


def test_under_the_renovation_regime_the_regimes_rate_stays(facturo_app, shop, new_customer):
    client = new_customer(shop)
    with facturo_app.tenant_context(shop.id) as ctx:
        product = create_product(ctx, {"name": "Tegels", "sale_price": 30, "vat_rate": 21})
        invoice = create_document(
            ctx, "invoice", client, vat_regime="renovation_6", lines=[product_line(product.id)]
        )
        assert invoice.lines[0].vat_rate == Decimal("6")
        assert invoice.lines[0].description == "Tegels"


def test_switched_off_documents_behave_as_without_it_and_on_again_its_data_is_back(
    facturo_app, shop, new_customer
):
    client = new_customer(shop)
    with facturo_app.tenant_context(shop.id) as ctx:
        product_id = create_product(ctx, {"name": "Kabel", "sale_price": 2, "unit": "MTR"}).id
        kinds_with = {kind.id for kind in available(ctx)}
    facturo_app.addon_manager.switch_off(shop.id, "products")
    with facturo_app.tenant_context(shop.id) as ctx:
        assert ctx.call("facturo_menu") == []
        assert {kind.id for kind in available(ctx)} == kinds_with
        invoice = create_document(ctx, "invoice", client, lines=[product_line(product_id)])
        line = invoice.lines[0]
        assert (line.description, line.unit, line.unit_price) == ("", "", Decimal("0"))
        assert line.vat_rate == Decimal("21")
        assert ctx.session.scalar(select(func.count()).select_from(Product)) == 1
    facturo_app.addon_manager.switch_on(shop.id, "products")
    with facturo_app.tenant_context(shop.id) as ctx:
        invoice = create_document(ctx, "invoice", client, lines=[product_line(product_id)])
        assert invoice.lines[0].unit_price == Decimal("2")
        assert invoice.lines[0].description == "Kabel"
        assert [item.url for answer in ctx.call("facturo_menu") for item in answer] == [
            "/apps/products/"
        ]


def test_another_tenants_product_gives_nothing(facturo_app, shop, make_tenant, new_customer):
    other = make_tenant("Garage Maes", addons=("products",))
    with facturo_app.tenant_context(other.id) as ctx:
        foreign = create_product(ctx, {"name": "Geheim", "sale_price": 99}).id
    client = new_customer(shop)
    with facturo_app.tenant_context(shop.id) as ctx:
        invoice = create_document(ctx, "invoice", client, lines=[product_line(foreign)])
        assert (invoice.lines[0].description, invoice.lines[0].unit_price) == ("", Decimal("0"))


def test_the_product_picker_offers_active_products_in_the_users_language(facturo_app, shop):
    with facturo_app.tenant_context(shop.id, language="fr") as ctx:
        cable = create_product(ctx, {"code": "K-1", "name": "Kabel", "names": {"fr": "Câble"}})
        create_product(ctx, {"code": "K-2", "name": "Kabelgoot", "active": False})
        assert ctx.call("product_choices", search="kab", limit=5) == [(cable.id, "K-1 – Câble")]
