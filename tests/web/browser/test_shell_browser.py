"""In Chromium, in Dutch and French, on a laptop (1366 px) and a phone (390 px): the menu
folds behind a button on the phone, lists fit the screen, the language switch sits in the
header, and the dashboard ends without a second copy of the menu."""

from __future__ import annotations

import pytest

from core.contacts.service import create_customer
from core.i18n import gettext
from core.tenants.models import Role
from core.testing.plugin import TEST_PASSWORD

pytestmark = [pytest.mark.sqlite_only, pytest.mark.browser]

PHONE, LAPTOP = 390, 1366
OTHER = {"nl": "fr", "fr": "nl"}


@pytest.mark.parametrize("width", [LAPTOP, PHONE])
@pytest.mark.parametrize("language", ["nl", "fr"])
def test_shell_menu_lists_and_language_switch(
    facturo_app, make_tenant, make_user, serve, page, language, width
):
    from playwright.sync_api import expect

    def t(message: str, lang: str = language) -> str:
        return gettext(message, lang)

    tenant = make_tenant("Bloemen Claes", addons=("products",))
    with facturo_app.tenant_context(tenant.id) as ctx:
        for number in range(12):
            create_customer(ctx, {"name": f"Klant met een vrij lange naam nummer {number}",
                                  "email": f"klant{number}@voorbeeld-van-een-lang-domein.be",
                                  "city": "Sint-Niklaas"})
    user = make_user(tenant, Role.OWNER, language=language)
    page.set_viewport_size({"width": width, "height": 844 if width == PHONE else 800})
    base = serve(facturo_app)

    page.goto(base + "/login")
    page.locator("#f-email").fill(user.email)  # the login page is in the browser's language
    page.locator("#f-password").fill(TEST_PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    expect(page).to_have_title(f"{t('Dashboard')} · Facturo")

    # the dashboard ends with its own content, not with a bare copy of the menu
    expect(page.locator("main a[href='/customers']:not(.card a)")).to_have_count(0)
    expect(page.locator("main nav")).to_have_count(0)

    toggle = page.get_by_role("button", name=t("Menu"), exact=True)
    menu = page.locator("nav.sidebar")
    if width == PHONE:
        # the first screen shows the page, the menu waits behind its button
        expect(toggle).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(menu).to_be_hidden()
        heading = page.locator("main h1").bounding_box()
        assert heading is not None and heading["y"] < 200
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(menu).to_be_visible()
    else:
        expect(toggle).to_be_hidden()
        expect(menu).to_be_visible()
    menu.locator("a[href='/customers']").click()
    expect(page).to_have_title(f"{t('Customers')} · Facturo")

    # the list fits the width: no sideways scrolling, every row's link in reach
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width
    first = page.locator("table.list tbody tr").first.get_by_role("link").first
    box = first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    if width == PHONE:
        assert box["height"] >= 40  # a thumb-sized target
        expect(menu).to_be_hidden()  # a new page starts with the menu folded again

    # the language switch is in the header, and keeps the page
    other = OTHER[language]
    switch = page.locator("header .language-switch")
    expect(switch).to_be_visible()
    switch.locator(f"button[value='{other}']").click()
    expect(page).to_have_title(f"{t('Customers', other)} · Facturo")
    assert page.url.endswith("/customers")
    expect(page.locator("html")).to_have_attribute("lang", other)
    expect(switch.locator(f"button[value='{other}']")).to_have_attribute("aria-current", "true")
    # remembered as the user's language
    page.goto(base + "/account")
    expect(page.locator("#f-language")).to_have_value(other)
