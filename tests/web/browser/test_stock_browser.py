"""In Chromium: the stock page, a count posted from it, and the editor's warning that follows
the lines of a draft without a reload."""

from __future__ import annotations

from decimal import Decimal

import pytest

from addons.products.service import create_product
from addons.stock import service as stock
from core.contacts.service import create_customer
from core.documents.lines import LineData
from core.documents.service import create_document
from core.tenants.models import Role
from core.testing.plugin import TEST_PASSWORD

pytestmark = [pytest.mark.sqlite_only, pytest.mark.browser]


@pytest.fixture
def hardware(facturo_app, make_tenant, make_user):
    """A shop with stock: 10 screws on hand, a draft invoice for 4 of them."""
    tenant = make_tenant("IJzerwaren Claes", addons=("stock",))
    user = make_user(tenant, Role.OWNER, language="en")
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        screws = create_product(ctx, {"name": "Screws M6", "sale_price": "0.20"})
        stock.track(ctx, screws.id)
        stock.correct(ctx, screws.id, Decimal(10), "Opening stock")
        builder = create_customer(ctx, {"name": "Bouw Janssens"})
        draft = create_document(ctx, "invoice", builder.id, language="en", lines=[
            LineData(line_type="product", product_id=screws.id, quantity=4)])
        return {"email": user.email, "draft": draft.id, "screws": screws.id}


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_count_on_the_stock_page_and_the_editor_warning(facturo_app, serve, page, hardware):
    from playwright.sync_api import expect

    base = serve(facturo_app)
    log_in(page, base, hardware["email"])
    page.goto(f"{base}/apps/stock/")
    row = page.locator("table.stock-levels tbody tr", has_text="Screws M6")
    expect(row.locator("td").nth(1)).to_have_text("10")
    page.get_by_role("link", name="Stock count").first.click()
    page.get_by_label("Screws M6").fill("7")
    page.get_by_role("button", name="Post the count").click()
    expect(page.locator("body")).to_contain_text("1 difference became a move")
    expect(row.locator("td").nth(1)).to_have_text("7")

    page.goto(f"{base}/documents/{hardware['draft']}")
    warning = page.locator("#stock-warning")
    expect(warning).not_to_contain_text("Screws M6")
    page.get_by_label("Quantity of line 1").fill("9")
    page.get_by_label("Quantity of line 1").press("Tab")
    expect(warning).to_contain_text("Screws M6: this document asks 9, 7 available.")  # no reload
