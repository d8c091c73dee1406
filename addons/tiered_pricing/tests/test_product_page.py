"""The price grid on the product's page: there while tiered pricing is on, gone when off."""

from __future__ import annotations

from markupsafe import Markup

from addons.tiered_pricing import service
from core.web.templating import render_fragment


def test_the_product_page_shows_the_price_grid_only_while_the_app_is_on(
    facturo_app, wholesaler, in_tenant, product_id, web_client
):
    with in_tenant() as ctx:
        groothandel = service.segment_named(ctx, "Groothandel")
        service.set_breaks(ctx, product_id, groothandel.id, {24: "10.80"})
    client = web_client(wholesaler)
    page = client.get(f"/apps/products/{product_id}")
    assert page.status_code == 200
    assert f'href="/apps/tiered_pricing/products/{product_id}"' in page.text
    assert "Groothandel" in page.text and "10,80" in page.text
    facturo_app.addon_manager.switch_off(wholesaler.id, "tiered_pricing")
    page = client.get(f"/apps/products/{product_id}")
    assert page.status_code == 200
    assert "/apps/tiered_pricing/" not in page.text and "Groothandel" not in page.text


def test_a_fragment_is_rendered_with_the_tenants_templates_and_escaped(in_tenant, product_id):
    with in_tenant() as ctx:
        html = render_fragment(ctx, "tiered_pricing/price_grid.html",
                               product=type("P", (), {"id": product_id})(),
                               rows=[service.PriceRow("<b>VIP</b>", 1, 9)])
    assert isinstance(html, Markup)
    assert "&lt;b&gt;VIP&lt;/b&gt;" in html and "<b>VIP</b>" not in html
