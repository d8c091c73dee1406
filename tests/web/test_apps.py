"""Settings → Apps: the offered addons, switching on and off through a confirmation page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sample_base import hooks as base_hooks

from core.addons.registry_file import Registry
from core.tenants.models import Role
from core.tenants.service import create_tenant
from core.testing.web import log_in, post_form

# Most tests here do not depend on the database; the ones without the marker run on both.


def active(app, tenant_id):
    with app.tenant_context(tenant_id) as ctx:
        return set(ctx.active)


@pytest.mark.sqlite_only
def test_the_apps_page_lists_offered_addons_with_translated_names(shell_client):
    client, _tenant, _user = shell_client(language="nl")
    page = client.get("/settings/apps")
    assert page.status_code == 200
    assert "Webvoorbeeld" in page.text and "Brengt een pagina" in page.text
    assert "/settings/apps/sample_base/on" in page.text


@pytest.mark.sqlite_only
def test_addons_the_deployment_does_not_offer_are_not_listed(make_sample_app, member_of):
    from starlette.testclient import TestClient

    from core.testing.plugin import TEST_PASSWORD

    app = make_sample_app("sample_base", "sample_other", registry=Registry(
        offered=frozenset({"sample_other"}), bundles={}, default_bundle=None))
    tenant = create_tenant(app, "Picky")
    user = member_of(app, tenant, Role.OWNER)
    client = TestClient(app.web)
    log_in(client, user.email, TEST_PASSWORD)
    page = client.get("/settings/apps")
    assert "/settings/apps/sample_other/on" in page.text
    assert "sample_base" not in page.text
    assert client.get("/settings/apps/sample_base/on").status_code == 404


@pytest.mark.sqlite_only
def test_switching_on_explains_the_dependencies_then_switches(shell_client, shell_app):
    client, tenant, _user = shell_client()
    confirm = client.get("/settings/apps/sample_grandchild/on")
    assert confirm.status_code == 200
    assert "<title>Switch on Grandchild?" in confirm.text
    assert "<li>Base</li>" in confirm.text and "<li>Child</li>" in confirm.text
    assert active(shell_app, tenant.id) == set()  # asking changes nothing
    done = post_form(client, "/settings/apps/sample_grandchild/on")
    assert done.status_code == 303
    assert active(shell_app, tenant.id) == {"sample_base", "sample_child", "sample_grandchild"}
    assert "Switched on: Base, Child, Grandchild." in client.get(done.headers["location"]).text


def test_switching_off_names_the_dependents_that_go_too(shell_client, shell_app):
    client, tenant, _user = shell_client(addons=("sample_grandchild", "sample_other"))
    assert "sample_glue" in active(shell_app, tenant.id)
    confirm = client.get("/settings/apps/sample_base/off")
    assert "These apps need Base and are switched off too:" in confirm.text
    assert "<li>Child</li>" in confirm.text and "<li>Grandchild</li>" in confirm.text
    assert "These apps follow automatically" in confirm.text and "<li>Glue</li>" in confirm.text
    assert "Switch off 4 apps" in confirm.text
    assert 'name="cascade" value="1"' in confirm.text
    refused = post_form(client, "/settings/apps/sample_base/off")  # cascade not confirmed
    assert refused.status_code == 409
    assert active(shell_app, tenant.id) >= {"sample_base", "sample_child"}
    done = post_form(client, "/settings/apps/sample_base/off", {"cascade": "1"})
    assert done.status_code == 303
    assert active(shell_app, tenant.id) == {"sample_other"}


@pytest.mark.sqlite_only
def test_switching_off_and_on_again_keeps_the_settings(shell_client, shell_app):
    base_hooks.CALLS.clear()
    client, tenant, _user = shell_client(addons=("sample_base",))
    post_form(client, "/settings/apps/sample_base", {"greeting": "hi", "limit": "9"})
    post_form(client, "/settings/apps/sample_base/off")
    assert active(shell_app, tenant.id) == set()
    post_form(client, "/settings/apps/sample_base/on")
    page = client.get("/settings/apps/sample_base")
    assert 'value="hi"' in page.text and 'value="9"' in page.text
    assert [event for event, _ in base_hooks.CALLS] == ["activated", "deactivated", "activated"]


@pytest.mark.sqlite_only
def test_the_settings_form_shows_errors_next_to_fields_and_keeps_input(shell_client, shell_app):
    client, tenant, _user = shell_client(addons=("sample_web", "sample_base"))
    page = client.get("/settings/apps/sample_web")
    for name in ("enabled", "count", "rate", "mode", "title"):
        assert f'name="{name}"' in page.text
    bad = post_form(client, "/settings/apps/sample_web",
                    {"count": "many", "rate": "1,5", "mode": "weekly", "title": "Kept",
                     "enabled": "on"})
    assert bad.status_code == 422
    assert 'id="f-count-error">Enter a whole number.' in bad.text
    assert 'value="many"' in bad.text and 'value="Kept"' in bad.text
    assert '<option value="weekly" selected>' in bad.text
    with shell_app.tenant_context(tenant.id) as ctx:
        assert ctx.addon_settings("sample_web")["count"] == 2
    good = post_form(client, "/settings/apps/sample_web",
                     {"count": "5", "rate": "1.5", "mode": "weekly", "title": "Kept"})
    assert good.status_code == 303
    with shell_app.tenant_context(tenant.id) as ctx:
        assert ctx.addon_settings("sample_web") == {
            "enabled": False, "count": 5, "rate": Decimal("1.5"), "mode": "weekly",
            "title": "Kept"}
    addon_says_no = post_form(client, "/settings/apps/sample_base",
                              {"greeting": "hello", "limit": "1000"})
    assert addon_says_no.status_code == 422 and "at most 100" in addon_says_no.text


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("language", "typed", "refused", "example"), [
    ("nl", "10,5", "10.5", "10,5"), ("fr", "10,5", "1.234,5", "10,5"),
    ("en", "10.5", "10,5", "10.5"),
])
def test_settings_come_back_typed_and_numbers_are_read_in_the_users_language(
    shell_client, shell_app, language, typed, refused, example
):
    client, tenant, _user = shell_client(addons=("sample_web",), language=language)
    good = post_form(client, "/settings/apps/sample_web",
                     {"count": "12", "rate": typed, "mode": "weekly", "enabled": "on"})
    assert good.status_code == 303
    with shell_app.tenant_context(tenant.id) as ctx:
        settings = ctx.addon_settings("sample_web")
    assert settings["rate"] == Decimal("10.5") and type(settings["rate"]) is Decimal
    assert settings["count"] == 12 and type(settings["count"]) is int
    assert settings["enabled"] is True and settings["mode"] == "weekly"
    assert f'value="{typed}"' in client.get("/settings/apps/sample_web").text
    bad = post_form(client, "/settings/apps/sample_web",
                    {"count": "12", "rate": refused, "mode": "weekly"})
    assert bad.status_code == 422 and f'value="{refused}"' in bad.text
    assert example in bad.text.split('id="f-rate-error">', 1)[1].split("<", 1)[0]
    with shell_app.tenant_context(tenant.id) as ctx:
        assert ctx.addon_settings("sample_web")["rate"] == Decimal("10.5")
