"""Amounts typed in forms are read in the user's language, the same way on every form:
`1.234,50` in Dutch, `1,234.50` in English (the product form and the tier-price grid); the
English spelling typed in Dutch is refused, not misread."""

from __future__ import annotations

from decimal import Decimal

import pytest

from addons.products.service import create_product, get_product
from addons.tiered_pricing import service
from core.testing.web import csrf_from, post_form

TYPED = {"nl": "1.234,50", "en": "1,234.50"}
WRONG_WAY = "1,234.50"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_product_form_reads_a_price_in_the_users_language(
    facturo_app, wholesaler, in_tenant, web_client, language
):
    client = web_client(wholesaler, language=language)
    saved = post_form(client, "/apps/products/new", {
        "name": "Fust pils 50 l", "sale_price": TYPED[language], "vat_rate": "21",
        "unit": "C62", "code": "FUST", "category_id": ""})
    assert saved.status_code == 303
    product_id = int(saved.headers["location"].rstrip("/").rsplit("/", 1)[1])
    with in_tenant() as ctx:
        assert get_product(ctx, product_id).sale_price == Decimal("1234.50")
    if language == "nl":
        refused = post_form(client, "/apps/products/new", {
            "name": "Fust bruin", "sale_price": WRONG_WAY, "vat_rate": "21",
            "unit": "C62", "code": "BRUIN", "category_id": ""})
        assert refused.status_code == 422 and WRONG_WAY in refused.text


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_tier_price_grid_reads_a_price_in_the_users_language(
    facturo_app, wholesaler, in_tenant, web_client, language
):
    with in_tenant() as ctx:
        product_id = create_product(ctx, {"code": "PILS", "name": "Pils", "sale_price": 13}).id
    client = web_client(wholesaler, language=language)
    url = f"/apps/tiered_pricing/products/{product_id}"
    grid = client.get(url)
    saved = client.post(url, data={
        "csrf_token": csrf_from(grid.text), "rows": "1",
        "segment_0": "", "quantity_0": "", "price_0": TYPED[language],
    }, follow_redirects=False)
    assert saved.status_code == 303
    with in_tenant() as ctx:
        assert service.breaks_of(ctx, product_id)[None] == [(Decimal("1"), Decimal("1234.50"))]
    if language == "nl":
        refused = client.post(url, data={
            "csrf_token": csrf_from(grid.text), "rows": "1",
            "segment_0": "", "quantity_0": "", "price_0": WRONG_WAY,
        }, follow_redirects=False)
        assert refused.status_code == 422
