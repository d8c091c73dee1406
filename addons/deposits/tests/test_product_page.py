"""A product's deposits on its page, through the `product.detail.panels` slot."""

from __future__ import annotations


def test_the_product_page_shows_its_deposits_only_while_the_app_is_on(
    facturo_app, wholesaler, pils, web_client
):
    client = web_client(wholesaler)
    page = client.get(f"/apps/products/{pils}")
    assert page.status_code == 200
    assert f'href="/apps/deposits/products/{pils}"' in page.text
    assert "1 × Bak" in page.text
    facturo_app.addon_manager.switch_off(wholesaler.id, "deposits")
    page = client.get(f"/apps/products/{pils}")
    assert page.status_code == 200 and "/apps/deposits/" not in page.text
