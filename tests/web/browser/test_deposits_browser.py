"""In Chromium: the deposit panel of a draft follows its lines without a reload, and changing
the customer asks whether to re-price the lines with a segment price."""

from __future__ import annotations

from decimal import Decimal

import pytest

from addons.deposits import service as deposits
from addons.products.service import create_product
from addons.tiered_pricing import service as tiered
from core.contacts.service import create_customer
from core.documents.lines import LineData
from core.documents.models import Document
from core.documents.service import create_document
from core.tenants.models import Role
from core.testing.plugin import TEST_PASSWORD
from core.web.formatting import format_currency

pytestmark = [pytest.mark.sqlite_only, pytest.mark.browser]


def money(amount: str) -> str:
    return format_currency(Decimal(amount), "EUR", "en")


@pytest.fixture
def drinks(facturo_app, make_tenant, make_user):
    """A wholesaler with deposits and tiered prices, a draft of 2 crates of pils for a café,
    a hotel in the segment "Horeca" that pays 10.50 a crate; logged-in user's e-mail."""
    tenant = make_tenant("Drankenhandel Peeters", addons=("deposits", "tiered_pricing"))
    user = make_user(tenant, Role.OWNER, language="en")
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        crate = deposits.create_article(ctx, "Crate", "5.00")
        pils = create_product(ctx, {"name": "Pils crate", "sale_price": "12.00"})
        deposits.set_product_deposits(ctx, pils.id, {crate.id: 1})
        horeca = tiered.create_segment(ctx, "Horeca")
        tiered.set_breaks(ctx, pils.id, horeca.id, {1: "10.50"})
        cafe = create_customer(ctx, {"name": "Café De Hoek"})
        hotel = create_customer(ctx, {"name": "Hotel Zeezicht"})
        tiered.set_customer_segment(ctx, hotel.id, horeca.id)
        draft = create_document(ctx, "invoice", cafe.id, language="en", lines=[
            LineData(line_type="product", product_id=pils.id, quantity=2)])
        return {"tenant": tenant, "email": user.email, "draft": draft.id}


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_the_deposit_panel_of_a_draft_follows_its_lines(facturo_app, serve, page, drinks):
    from playwright.sync_api import expect

    base = serve(facturo_app)
    log_in(page, base, drinks["email"])
    page.goto(f"{base}/documents/{drinks['draft']}")
    panel = page.locator("#deposits-panel")
    expect(panel).to_contain_text(money("10.00"))
    page.get_by_label("Quantity of line 1").fill("5")
    page.get_by_label("Quantity of line 1").press("Tab")
    expect(page.locator("#total-outside-base")).to_have_text(money("25.00"))
    expect(panel).to_contain_text(money("25.00"))  # no reload
    expect(panel).not_to_contain_text(money("10.00"))


def test_changing_the_customer_asks_before_re_pricing(facturo_app, serve, page, drinks):
    from playwright.sync_api import expect

    base = serve(facturo_app)
    log_in(page, base, drinks["email"])
    page.goto(f"{base}/documents/{drinks['draft']}")
    page.locator("#f-customer_q").press_sequentially("Zeezicht", delay=30)
    page.get_by_label("Hotel Zeezicht").check()  # the header saves as it changes
    expect(page.locator("#confirm-message")).to_contain_text("1 line has another price")
    expect(page.locator("ul.changes")).to_contain_text(money("10.50"))
    page.get_by_role("button", name="Re-price").click()
    expect(page.locator("#total-excl")).to_have_text(money("21.00"))
    with facturo_app.tenant_context(drinks["tenant"].id) as ctx:
        draft = ctx.session.get(Document, drinks["draft"])
        assert draft.lines[0].unit_price == Decimal("10.50")
