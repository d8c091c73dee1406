"""In Chromium: log in, switch an app on through its confirmation, use it, switch it off."""

from __future__ import annotations

import pytest

from core.tenants.models import Role
from core.tenants.service import create_tenant
from core.testing.plugin import TEST_PASSWORD

pytestmark = [pytest.mark.sqlite_only, pytest.mark.browser]


def test_log_in_and_switch_an_app_on_and_off(shell_app, member_of, serve, page):
    from playwright.sync_api import expect

    tenant = create_tenant(shell_app, "Browser BV")
    user = member_of(shell_app, tenant, Role.OWNER, language="en")
    base = serve(shell_app)

    page.goto(base + "/")
    expect(page).to_have_title("Log in · Facturo")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_title("Dashboard · Facturo")
    expect(page.locator(".subtitle")).to_have_text("Browser BV")

    page.get_by_role("link", name="Apps").click()
    expect(page).to_have_title("Apps · Facturo")
    page.locator("#app-sample_web").get_by_role("link", name="Switch on").click()
    expect(page).to_have_title("Switch on Web sample? · Facturo")
    page.get_by_role("button", name="Switch on").click()
    expect(page.locator(".flash-success")).to_have_text("Switched on: Web sample.")
    with shell_app.tenant_context(tenant.id) as ctx:
        assert ctx.is_active("sample_web")

    page.get_by_role("link", name="Web sample page").click()
    expect(page.locator(".hello")).to_contain_text("Hello from the web sample")

    page.get_by_role("link", name="Apps").click()
    page.locator("#app-sample_web").get_by_role("link", name="Switch off").click()
    expect(page).to_have_title("Switch off Web sample? · Facturo")
    expect(page.locator(".note")).to_contain_text("All data is kept")
    page.get_by_role("button", name="Switch off").click()
    expect(page.locator(".flash-success")).to_have_text(
        "Switched off: Web sample. Their data is kept.")
    expect(page.get_by_role("link", name="Web sample page")).to_have_count(0)
    with shell_app.tenant_context(tenant.id) as ctx:
        assert not ctx.is_active("sample_web")
