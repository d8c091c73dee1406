"""Import and export of price breaks, and the pages of tiered pricing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from addons.products.service import create_product
from addons.tiered_pricing import service
from addons.tiered_pricing.transfer import PriceBreakImporter, export_csv
from core.importing import ImportRejected, commit, guess_mapping, read_upload
from core.testing.web import csrf_from, finish_import, post_form
from core.web.routes.customers_form import Refused, save

CSV = (
    "Productcode;Segment;Vanaf aantal;Eenheidsprijs\r\n"
    "PILS;;1;12\r\n"
    "PILS;Groothandel;1;10,50\r\n"
    "PILS;Groothandel;50;9.75\r\n"
)


def run_import(ctx, text: str) -> int:
    """Import a CSV through the generic importer, as the page does."""
    table = read_upload(text.encode("utf-8"), "prices.csv")
    importer = PriceBreakImporter()
    mapping = guess_mapping(table.headers, importer.fields(ctx))
    return commit(ctx, importer, table, mapping).created


@pytest.fixture
def pils(in_tenant) -> int:
    """A product with code PILS."""
    with in_tenant() as ctx:
        return create_product(ctx, {"code": "PILS", "name": "Pils", "sale_price": 13}).id


def test_an_import_replaces_the_breaks_it_names_and_the_export_reads_back(
    facturo_app, in_tenant, pils
):
    with in_tenant() as ctx:
        groothandel = service.segment_named(ctx, "Groothandel")
        bedrijf = service.segment_named(ctx, "Bedrijf")
        service.set_breaks(ctx, pils, groothandel.id, {1: "11", 10: "10.80"})
        service.set_breaks(ctx, pils, bedrijf.id, {1: "12.40"})
        assert run_import(ctx, CSV) == 3
        grid = service.breaks_of(ctx, pils)
        assert grid[groothandel.id] == [(Decimal("1"), Decimal("10.5")),
                                        (Decimal("50"), Decimal("9.75"))]
        assert grid[bedrijf.id] == [(Decimal("1"), Decimal("12.4"))]
        exported = export_csv(ctx).decode("utf-8-sig").splitlines()
        assert exported == [
            "product_code;segment;from_quantity;unit_price",
            "PILS;;1;12",
            "PILS;Bedrijf;1;12.4",
            "PILS;Groothandel;1;10.5",
            "PILS;Groothandel;50;9.75",
        ]
        before = service.price_rows(ctx, pils)
        assert run_import(ctx, "\r\n".join(exported)) == 4
        assert service.price_rows(ctx, pils) == before


def test_an_import_with_bad_rows_names_each_and_imports_nothing(facturo_app, in_tenant, pils):
    bad = CSV + "BIER;;1;5\r\nPILS;VIP;1;5\r\nPILS;;abc;5\r\nPILS;Groothandel;50;9\r\n"
    with in_tenant() as ctx:
        with pytest.raises(ImportRejected) as rejected:
            run_import(ctx, bad)
        reasons = sorted((e.row, e.field) for e in rejected.value.errors)
        assert reasons == [(5, "product_code"), (6, "segment"), (7, "from_quantity"),
                           (8, "from_quantity")]
        assert service.breaks_of(ctx, pils) == {}


def test_the_pages_manage_segments_and_a_products_grid(facturo_app, wholesaler, in_tenant, pils,
                                                       web_client):
    client = web_client(wholesaler)
    page = client.get("/apps/tiered_pricing/")
    assert page.status_code == 200 and "Groothandel" in page.text
    assert "Nieuw segment" in page.text  # the user's language, from the addon's catalog
    added = post_form(client, "/apps/tiered_pricing/", {"name": "Horeca"})
    assert added.status_code == 303
    twice = post_form(client, "/apps/tiered_pricing/", {"name": "horeca"})
    assert twice.status_code == 422 and "bestaat al" in twice.text
    with in_tenant() as ctx:
        horeca = service.segment_named(ctx, "Horeca")
    grid = client.get(f"/apps/tiered_pricing/products/{pils}")
    assert grid.status_code == 200 and 'name="price_2"' in grid.text
    saved = client.post(f"/apps/tiered_pricing/products/{pils}", data={
        "csrf_token": csrf_from(grid.text), "rows": "3",
        "segment_0": "", "quantity_0": "", "price_0": "12.5",
        "segment_1": str(horeca.id), "quantity_1": "24", "price_1": "11,25",
        "segment_2": "", "quantity_2": "", "price_2": "",
    }, follow_redirects=False)
    assert saved.status_code == 303
    with in_tenant() as ctx:
        assert service.price_rows(ctx, pils) == [
            service.PriceRow("", Decimal("1"), Decimal("12.5")),
            service.PriceRow("Horeca", Decimal("24"), Decimal("11.25")),
        ]
    refused = client.post(f"/apps/tiered_pricing/products/{pils}", data={
        "csrf_token": csrf_from(grid.text), "rows": "1",
        "segment_0": "", "quantity_0": "1", "price_0": "-3",
    })
    assert refused.status_code == 422 and 'value="-3"' in refused.text
    with in_tenant() as ctx:
        assert len(service.price_rows(ctx, pils)) == 2
    exported = client.get("/apps/tiered_pricing/export.csv")
    assert "PILS;Horeca;24;11.25" in exported.text
    imported = client.post("/apps/tiered_pricing/import", data={
        "csrf_token": csrf_from(grid.text)}, files={"file": ("p.csv", CSV.encode(), "text/csv")},
        follow_redirects=False)
    assert imported.status_code == 303
    confirm_url = finish_import(client, imported).headers["location"]
    confirm = client.get(confirm_url)
    assert confirm.status_code == 200
    with in_tenant() as ctx:  # nothing changes before the import is confirmed
        assert service.price_rows(ctx, pils)[0] == service.PriceRow("", Decimal(1),
                                                                    Decimal("12.5"))
    done = client.post(confirm_url, data={"csrf_token": csrf_from(confirm.text)},
                       follow_redirects=False)
    assert done.status_code == 303
    with in_tenant() as ctx:
        assert service.price_rows(ctx, pils)[0] == service.PriceRow("", Decimal(1), Decimal(12))


def test_the_pages_answer_404_where_the_app_is_off(facturo_app, wholesaler, web_client):
    facturo_app.addon_manager.switch_off(wholesaler.id, "tiered_pricing")
    client = web_client(wholesaler)
    assert client.get("/apps/tiered_pricing/").status_code == 404



def test_the_customer_form_carries_and_saves_the_segment_field(
    facturo_app, in_tenant, customer_id
):
    fields = {"name": "Café De Hoek", "is_company": "1", "country": "BE", "language": "nl",
              "currency": "EUR"}
    with in_tenant() as ctx:
        horeca = service.create_segment(ctx, "Horeca")
        contact = service.get_contact(ctx, customer_id)
        fields["number"] = contact.number
        slot = "".join(html for _addon, html in
                       ctx.fragments("ui_slot", name="contact.form.fields", obj=contact))
        assert 'name="tiered_pricing_segment"' in slot
        save(ctx, contact, {**fields, "tiered_pricing_segment": str(horeca.id)})
        assert service.customer_segment(ctx, customer_id).name == "Horeca"
        with pytest.raises(Refused) as refused:
            save(ctx, contact, {**fields, "name": "Het Hoekje", "tiered_pricing_segment": "x"})
        assert refused.value.errors == {"tiered_pricing_segment":
                                        "Choose one of the price segments."}
        ctx.session.refresh(contact)
        assert contact.name == "Café De Hoek"
