"""In Chromium, in English and in French: a customer, a product and a three-line invoice made
through the pages, posted, its PDF downloaded; then apps switched off and on again."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from core.i18n import Domain, gettext
from core.tenants.models import Role
from core.testing.plugin import TEST_PASSWORD
from core.web.formatting import format_currency

pytestmark = [pytest.mark.sqlite_only, pytest.mark.browser]


def money(amount: str, language: str) -> str:
    return format_currency(Decimal(amount), "EUR", language)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_invoice_flow_and_apps_switched_off_and_on(
    facturo_app, make_tenant, make_user, serve, page, language
):
    from playwright.sync_api import expect

    def t(message: str, **values: object) -> str:
        text = gettext(message, language)
        return text % values if values else text

    def app_t(addon: str, message: str) -> str:  # an app's own wording, core's as fallback
        return Domain(addon).gettext(message, language)

    def settled() -> None:
        # a locator, not `wait_for_function`: the page's CSP forbids evaluating strings
        expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")) \
            .to_have_count(0)

    tenant = make_tenant("Schrijnwerkerij Maes", addons=("products", "deposits"))
    user = make_user(tenant, Role.OWNER, language=language)
    base = serve(facturo_app)

    page.goto(base + "/")
    if language == "fr":  # the visitor picks the login page's language
        page.get_by_role("button", name="Français").click()
        expect(page).to_have_title("Se connecter · Facturo")
    page.get_by_label(t("E-mail address")).fill(user.email)
    page.get_by_label(t("Password")).fill(TEST_PASSWORD)
    page.get_by_role("button", name=t("Log in")).click()
    expect(page).to_have_title(f"{t('Dashboard')} · Facturo")
    if language == "fr":
        expect(page).to_have_title("Tableau de bord · Facturo")

    menu = page.locator("nav.sidebar")
    # a customer
    menu.get_by_role("link", name=t("Customers"), exact=True).click()
    page.get_by_role("link", name=t("New customer")).click()
    page.locator("#f-name").fill("Bakkerij Peeters")
    page.locator("#f-email").fill("info@peeters.be")
    page.locator("#f-city").fill("Gent")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.locator("h1")).to_have_text("Bakkerij Peeters")
    customer_url = page.url

    # a product, on the products app's pages
    menu.get_by_role("link", name=t("Products"), exact=True).click()
    page.get_by_role("link", name=app_t("products", "New product")).click()
    page.locator("#f-name").fill("Keukenkast")
    page.locator("#f-sale_price").fill("450")
    page.locator("#f-vat_rate").select_option("21")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.locator("#f-name")).to_have_value("Keukenkast")

    # an invoice with three lines
    page.goto(customer_url)
    page.get_by_role("link", name=t("New invoice")).click()
    page.get_by_role("button", name=t("Create the draft")).click()
    expect(page).to_have_title(f"{t('Draft %(kind)s', kind=t('Invoice').lower())} · Facturo")
    page.locator("#new-description").fill("Plaatsing")
    page.locator("#new-quantity").fill("3")
    page.locator("#new-unit_price").fill("45")
    page.get_by_role("button", name=t("Add the line")).click()
    expect(page.locator("#total-excl")).to_have_text(money("135", language))
    page.locator("#new-description").fill("Transport")
    page.locator("#new-unit_price").fill("60")
    page.get_by_role("button", name=t("Add the line")).click()
    expect(page.locator("#total-excl")).to_have_text(money("195", language))
    page.locator("#new-quantity").fill("2")
    page.locator("#new-description").press_sequentially("kast", delay=30)
    page.get_by_role("button", name="Keukenkast").click()
    expect(page.locator("form.line:not(.new-line)")).to_have_count(3)
    expect(page.locator("#total-incl")).to_have_text(money("1324.95", language))

    # the totals follow a changed quantity; a line moves
    page.get_by_label(t("Quantity of line %(number)d", number=2)).fill("2")
    page.get_by_label(t("Quantity of line %(number)d", number=2)).press("Tab")
    expect(page.locator("#total-excl")).to_have_text(money("1155", language))
    page.get_by_role("button", name=t("Move line %(number)d up", number=3)).click()
    expect(page.locator("form.line").nth(1).locator("textarea")).to_have_value("Keukenkast")
    settled()

    # posted, with a confirmation
    page.get_by_role("button", name=t("Post"), exact=True).click()
    page.get_by_role("button", name=t("Post"), exact=True).click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("h1")).to_contain_text(t("Invoice") + " F20")
    invoice_url = page.url
    with page.expect_download() as info:
        page.get_by_role("link", name=t("Download PDF")).click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    expect(page.get_by_text(app_t("deposits", "No deposits on this document."))).to_be_visible()

    def switch(addon_id: str, on: bool) -> None:
        menu.get_by_role("link", name=t("Apps"), exact=True).click()
        label = t("Switch on") if on else t("Switch off")
        page.locator(f"#app-{addon_id}").get_by_role("link", name=label).click()
        page.get_by_role("button", name=label, exact=True).click()
        expect(page.locator(".flash-success")).to_be_visible()

    switch("deposits", on=False)
    deposits_link = menu.get_by_role("link", name=app_t("deposits", "Deposits"), exact=True)
    expect(deposits_link).to_have_count(0)
    page.goto(invoice_url)
    expect(page.get_by_text(app_t("deposits", "No deposits on this document."))).to_have_count(0)
    switch("products", on=False)
    expect(menu.get_by_role("link", name=t("Products"), exact=True)).to_have_count(0)
    switch("products", on=True)
    menu.get_by_role("link", name=t("Products"), exact=True).click()
    expect(page.get_by_role("cell", name="Keukenkast")).to_be_visible()  # its data is back
    switch("deposits", on=True)
    expect(deposits_link).to_have_count(1)
    page.goto(invoice_url)
    expect(page.get_by_text(app_t("deposits", "No deposits on this document."))).to_be_visible()
