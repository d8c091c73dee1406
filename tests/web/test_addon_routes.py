"""Addon routes live under /apps/<id>/ and exist only for tenants where the addon is on."""

from __future__ import annotations

import pytest
from sample_child import hooks as child_hooks
from sample_web import hooks as web_hooks
from starlette.testclient import TestClient

pytestmark = pytest.mark.sqlite_only


def test_an_addon_page_is_404_when_off_and_200_when_on(shell_client, shell_app):
    client, tenant, _user = shell_client()
    off = client.get("/apps/sample_web/hello")
    assert off.status_code == 404 and "<title>Page not found" in off.text
    assert "/apps/sample_web/hello" not in client.get("/").text
    shell_app.addon_manager.switch_on(tenant.id, "sample_web")
    on = client.get("/apps/sample_web/hello")
    assert on.status_code == 200
    assert "Hello from the web sample, count 2, 1.234,50 €." in on.text.replace("\xa0", " ")
    assert 'href="/apps/sample_web/hello" aria-current="page"' in on.text
    assert client.get("/apps/sample_web/nothing-here").status_code == 404


def test_an_addon_page_needs_a_login(shell_app):
    client = TestClient(shell_app.web)
    response = client.get("/apps/sample_web/hello", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/apps/sample_web/hello"


def test_a_slot_that_raises_is_left_out_and_the_page_renders(shell_client):
    client, _tenant, _user = shell_client(addons=("sample_web", "sample_child", "sample_other"))
    page = client.get("/")
    assert "web sample card" in page.text and "child dashboard.cards" in page.text
    web_hooks.FAIL["ui_slot"] = True
    child_hooks.FAIL["ui_slot"] = True
    try:
        page = client.get("/")
    finally:
        web_hooks.FAIL["ui_slot"] = False
        child_hooks.FAIL["ui_slot"] = False
    assert page.status_code == 200
    assert "web sample card" not in page.text and "child dashboard.cards" not in page.text
    assert "other dashboard.cards" in page.text


def test_an_unexpected_error_shows_the_error_page_and_rolls_back(shell_client, shell_app):
    client, _tenant, _user = shell_client(addons=("sample_web",))
    quiet = TestClient(shell_app.web, raise_server_exceptions=False, cookies=client.cookies)
    response = quiet.get("/apps/sample_web/boom")
    assert response.status_code == 500
    assert "<title>Something went wrong · Facturo</title>" in response.text
    assert response.headers["x-frame-options"] == "DENY"


def test_htmx_gets_the_page_without_the_layout(shell_client):
    client, _tenant, _user = shell_client()
    full = client.get("/settings/apps/sample_base/on")
    fragment = client.get("/settings/apps/sample_base/on", headers={"HX-Request": "true"})
    boosted = client.get("/settings/apps/sample_base/on",
                         headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert 'class="sidebar"' in full.text and 'class="sidebar"' in boosted.text
    assert 'class="sidebar"' not in fragment.text
    assert "<title>Switch on Base? · Facturo</title>" in fragment.text
    assert 'action="/settings/apps/sample_base/on"' in fragment.text
