"""The stock pages: levels, a product's stock, receipts, counts, minimum, value, exports."""

from __future__ import annotations

from decimal import Decimal

from addons.products.service import create_product
from addons.stock import service
from addons.stock.ledger import level
from addons.stock.tests.helpers import line
from core.documents.service import create_document
from core.testing.web import post_form


def test_a_product_is_followed_corrected_and_shown_on_the_stock_page(
    shop, in_tenant, web_client, screws
):
    with in_tenant() as ctx:
        drill = create_product(ctx, {"name": "Drill", "sale_price": "80"}).id
    client = web_client(shop)
    followed = post_form(client, f"/apps/stock/products/{drill}", {"action": "track"})
    assert followed.status_code == 303
    refused = post_form(client, f"/apps/stock/products/{drill}",
                        {"action": "correct", "quantity": "veel", "reason": "Found"})
    assert refused.status_code == 422 and "veel is geen getal" in refused.text
    assert 'value="Found"' in refused.text
    huge = post_form(client, f"/apps/stock/products/{drill}",
                     {"action": "correct", "quantity": "9" * 20, "reason": "Found"})
    assert huge.status_code == 422 and "te groot" in huge.text
    assert post_form(client, f"/apps/stock/products/{drill}",
                     {"action": "correct", "quantity": "3", "reason": "Found"}).status_code == 303
    page = client.get("/apps/stock/")
    assert page.status_code == 200 and "Drill" in page.text and "Screws M6" in page.text
    with in_tenant() as ctx:
        assert level(ctx, drill) == Decimal(3)


def test_a_receipt_and_a_count_are_entered_on_pages(shop, in_tenant, web_client, screws):
    client = web_client(shop)
    bad = post_form(client, "/apps/stock/receipts/new",
                    {"supplier": "Würth", "receipt_date": "2026-03-01",
                     "product_0": str(screws), "quantity_0": "-4", "cost_0": "0,05"})
    assert bad.status_code == 422 and "boven nul" in bad.text and 'value="-4"' in bad.text
    good = post_form(client, "/apps/stock/receipts/new",
                     {"supplier": "Würth", "receipt_date": "2026-03-01",
                      "product_0": str(screws), "quantity_0": "40", "cost_0": "0,05"})
    assert good.status_code == 303
    counted = post_form(client, "/apps/stock/counts/new",
                        {"count_date": "2026-03-31", f"counted_{screws}": "38"})
    assert counted.status_code == 303
    with in_tenant() as ctx:
        assert level(ctx, screws) == Decimal(38)
    assert "Screws M6" in client.get("/apps/stock/valuation?on=2026-03-31").text
    export = client.get("/apps/stock/moves.xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_minimum_page_and_another_tenants_product(
    shop, make_tenant, in_tenant, web_client, screws
):
    with in_tenant() as ctx:
        service.set_minimum(ctx, screws, Decimal(10))
    client = web_client(shop)
    assert "Screws M6" in client.get("/apps/stock/minimum").text
    other = make_tenant("Andere BV", addons=("stock",))
    with in_tenant(other) as ctx:
        theirs = create_product(ctx, {"name": "Secret", "sale_price": "1"}).id
    assert client.get(f"/apps/stock/products/{theirs}").status_code == 404
    assert post_form(client, f"/apps/stock/products/{theirs}",
                     {"action": "track"}).status_code == 404


def test_switched_off_the_pages_answer_404(facturo_app, shop, web_client, screws):
    facturo_app.addon_manager.switch_off(shop.id, "stock")
    assert web_client(shop).get("/apps/stock/").status_code == 404


def test_the_editor_warning_reloads_and_the_settings_page_explains_the_modes(
    shop, in_tenant, web_client, customer_id, screws
):
    with in_tenant() as ctx:
        draft = create_document(ctx, "invoice", customer_id, lines=[line(screws, 2)])
    client = web_client(shop)
    editor = client.get(f"/documents/{draft.id}")
    assert "Screws M6: dit document vraagt 2, 0 beschikbaar." in editor.text
    assert f"/apps/stock/documents/{draft.id}/warning" in editor.text
    with in_tenant() as ctx:
        service.correct(ctx, screws, Decimal(5), "Delivered")
    assert "Screws M6" not in client.get(f"/apps/stock/documents/{draft.id}/warning").text
    settings = client.get("/settings/apps/stock")
    assert "geen goederen twee keer" in settings.text
