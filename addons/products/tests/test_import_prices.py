"""Products through the three-step importer, the export, and prices changed in bulk."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from addons.products.categories import create_category, list_categories
from addons.products.importing import ProductImporter, count_products, export_products
from addons.products.prices import PriceListImporter, change_prices_by_percent
from addons.products.service import create_product, get_by_code, list_products
from core.importing import ImportRejected, commit, guess_mapping, preview, read_upload

CSV_NL = (
    "Artikelcode;Naam;Naam FR;Eenheid;Verkoopprijs;Btw;Categorie\n"
    ";Schroef M6;Vis M6;stuk;0,25;21;Bevestiging\n"
    "BOUT-8;Bout M8;;st;1,10;;Bevestiging\n"
    ";Werkuur;Heure de travail;uur;45;6;Arbeid\n"
)


def upload(text: str, name: str = "producten.csv"):
    """A parsed upload and its guessed mapping."""
    table = read_upload(text.encode("utf-8"), name)
    return table, guess_mapping(table.headers, ProductImporter().fields(None))


def test_a_dutch_product_file_is_mapped_checked_and_imported(facturo_app, shop):
    table, mapping = upload(CSV_NL)
    assert mapping == {0: "code", 1: "name", 2: "name_fr", 3: "unit", 4: "sale_price",
                       5: "vat_rate", 6: "category"}
    with facturo_app.tenant_context(shop.id) as ctx:
        create_category(ctx, "Arbeid")
        checked = preview(ctx, ProductImporter(), table, mapping)
        assert checked.ok and checked.valid_rows == 3 and count_products(ctx) == 0
        result = commit(ctx, ProductImporter(), table, mapping)
        assert result.created == 3
        screw = get_by_code(ctx, "P00001")
        assert (screw.name, screw.names, screw.unit, screw.sale_price) == (
            "Schroef M6", {"fr": "Vis M6"}, "C62", Decimal("0.25")
        )
        bolt = get_by_code(ctx, "BOUT-8")
        assert bolt.vat_rate == Decimal("21") and bolt.category.name == "Bevestiging"
        hour = get_by_code(ctx, "P00002")
        assert (hour.unit, hour.vat_rate, hour.category.name) == ("HUR", Decimal("6"), "Arbeid")
        assert [c.name for c in list_categories(ctx)] == ["Arbeid", "Bevestiging"]
        assert list_products(ctx, search="travail").items == [hour]
        assert create_product(ctx, {"name": "Moer"}).code == "P00003"


def test_bad_rows_are_reported_and_nothing_is_imported(facturo_app, shop):
    text = (
        "Code;Nom;Prix;TVA;Unité\n"
        "A1;Vis;1,00;21;pièce\n"
        "A1;Écrou;1,00;21;pièce\n"
        "A3;;-2;7;seau\n"
    )
    table, mapping = upload(text, "produits.csv")
    with facturo_app.tenant_context(shop.id) as ctx:
        create_product(ctx, {"code": "A1", "name": "Bestaand"})
    with facturo_app.tenant_context(shop.id) as ctx:
        checked = preview(ctx, ProductImporter(), table, mapping)
        assert checked.rows_with_errors == [2, 3, 4]
        problems = {(e.row, e.field) for e in checked.errors}
        assert {(2, "code"), (3, "code"), (4, "name"), (4, "sale_price"), (4, "vat_rate"),
                (4, "unit")} <= problems
        with pytest.raises(ImportRejected):
            commit(ctx, ProductImporter(), table, mapping)
        assert count_products(ctx) == 1
        fixed = commit(
            ctx, ProductImporter(), table, mapping, skip=[2],
            fixes={3: {"code": "A2"}, 4: {"name": "Seau", "sale_price": "2", "vat_rate": "21",
                                          "unit": "C62"}},
        )
        assert fixed.created == 2 and fixed.skipped == [2]


def test_the_export_imports_back_into_another_tenant(facturo_app, shop, make_tenant):
    with facturo_app.tenant_context(shop.id) as ctx:
        create_product(ctx, {"code": "K-1", "name": "Kabel", "names": {"de": "Kabel DE"},
                             "unit": "MTR", "sale_price": "1.5", "category": "Elektro"})
        create_product(ctx, {"code": "=SUM", "name": "Formule", "active": False})
        data, content_type, extension = export_products(ctx, "xlsx", active=None)
        assert extension == ".xlsx" and "spreadsheet" in content_type
        csv_data, _type, _ext = export_products(ctx, "csv")
        assert b"K-1" in csv_data and b"=SUM" not in csv_data
    other = make_tenant("Elektro Smet", addons=("products",))
    table = read_upload(data, "export.xlsx")
    mapping = guess_mapping(table.headers, ProductImporter().fields(None))
    with facturo_app.tenant_context(other.id) as ctx:
        assert commit(ctx, ProductImporter(), table, mapping).created == 2
        cable = get_by_code(ctx, "K-1")
        assert (cable.names, cable.unit, cable.sale_price, cable.category.name) == (
            {"de": "Kabel DE"}, "MTR", Decimal("1.5"), "Elektro"
        )
        assert get_by_code(ctx, "=SUM").active is False


def test_prices_rise_by_a_percentage_for_the_selection(facturo_app, shop):
    with facturo_app.tenant_context(shop.id) as ctx:
        paint = create_category(ctx, "Verf")
        cheap = create_product(
            ctx, {"name": "Kwast", "sale_price": "3.33", "category_id": paint.id}
        )
        other = create_product(ctx, {"name": "Ladder", "sale_price": "100"})
        old = create_product(ctx, {"name": "Oud", "sale_price": "10", "active": False})
        assert change_prices_by_percent(ctx, "5", category_id=paint.id) == 1
        assert cheap.sale_price == Decimal("3.50") and other.sale_price == Decimal("100")
        assert change_prices_by_percent(ctx, "-10") == 2
        assert (cheap.sale_price, other.sale_price, old.sale_price) == (
            Decimal("3.15"), Decimal("90.00"), Decimal("10")
        )
        with pytest.raises(Exception, match="percentage"):
            change_prices_by_percent(ctx, "-100")


def test_a_price_list_file_changes_existing_products_or_nothing(facturo_app, shop):
    book = Workbook()
    sheet = book.active
    sheet.append(["Code", "Nieuwe prijs", "Aankoopprijs"])
    sheet.append(["P00001", 12.5, None])
    sheet.append(["P00002", "7,25", "4"])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_upload(buffer.getvalue(), "prijslijst.xlsx")
    mapping = guess_mapping(table.headers, PriceListImporter().fields(None))
    assert mapping == {0: "code", 1: "sale_price", 2: "purchase_price"}
    with facturo_app.tenant_context(shop.id) as ctx:
        first = create_product(ctx, {"name": "Een", "sale_price": 10})
        checked = preview(ctx, PriceListImporter(), table, mapping)
        assert [(e.row, e.field) for e in checked.errors] == [(3, "code")]
        with pytest.raises(ImportRejected):
            commit(ctx, PriceListImporter(), table, mapping)
        assert first.sale_price == Decimal("10")
        second = create_product(ctx, {"name": "Twee", "sale_price": 5, "purchase_price": 3})
        assert commit(ctx, PriceListImporter(), table, mapping).created == 2
        assert first.sale_price == Decimal("12.5") and first.purchase_price is None
        assert (second.sale_price, second.purchase_price) == (Decimal("7.25"), Decimal("4"))
