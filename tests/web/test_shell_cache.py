"""Menus are kept per (active addons, language, role), yet every change shows on the next
request: a role changed, an addon switched off or on (also by another process), a user
switched off."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from starlette.testclient import TestClient

from core.tenants.models import Role, User
from core.tenants.service import add_member
from core.testing.plugin import TEST_PASSWORD
from core.testing.web import log_in

APPS_LINK = 'href="/settings/apps"'
SAMPLE_LINK = 'href="/apps/sample_web/hello"'


def test_a_changed_role_shows_on_the_next_request(shell_client, shell_app):
    client, tenant, user = shell_client(role=Role.OWNER)
    assert APPS_LINK in client.get("/").text
    add_member(shell_app, tenant.id, user.id, Role.MEMBER)
    page = client.get("/")
    assert page.status_code == 200 and APPS_LINK not in page.text
    assert client.get("/settings/apps").status_code == 403
    add_member(shell_app, tenant.id, user.id, Role.ADMIN)
    assert APPS_LINK in client.get("/").text


def test_an_addon_switched_off_leaves_the_menu_on_the_next_request(shell_client, shell_app):
    client, tenant, _user = shell_client(addons=("sample_web",))
    assert SAMPLE_LINK in client.get("/").text
    shell_app.addon_manager.switch_off(tenant.id, "sample_web")
    assert SAMPLE_LINK not in client.get("/").text
    assert client.get("/apps/sample_web/hello").status_code == 404
    shell_app.addon_manager.switch_on(tenant.id, "sample_web")
    assert SAMPLE_LINK in client.get("/").text


def test_a_switch_made_by_another_process_shows_on_the_next_request(
    shell_client, shell_app, make_sample_app
):
    client, tenant, _user = shell_client(addons=("sample_web",))
    assert SAMPLE_LINK in client.get("/").text
    # another app instance on the same database, as another worker process would be
    other = make_sample_app(*shell_app.catalogue.order)
    other.addon_manager.switch_off(tenant.id, "sample_web")
    assert SAMPLE_LINK not in client.get("/").text
    other.addon_manager.switch_on(tenant.id, "sample_web")
    assert SAMPLE_LINK in client.get("/").text


@pytest.mark.parametrize("language, label", [("nl", "Klanten"), ("fr", "Clients")])
def test_tenants_on_the_same_addons_share_menus_in_their_own_language(
    shell_client, language, label
):
    english, _tenant, _user = shell_client(language="en")
    other, _tenant, _user = shell_client(language=language)
    assert ">Customers</a>" in english.get("/").text
    assert f">{label}</a>" in other.get("/").text
    assert ">Customers</a>" in english.get("/").text


def test_a_user_switched_off_is_logged_out_on_the_next_request(
    shell_app, make_tenant, member_of
):
    tenant = make_tenant("Gone BV", slug="gone")
    user = member_of(shell_app, tenant, Role.OWNER)
    client = TestClient(shell_app.web)
    log_in(client, user.email, TEST_PASSWORD)
    assert client.get("/").status_code == 200
    with shell_app.db.session() as session:
        session.execute(update(User).where(User.id == user.id).values(is_active=False))
    answer = client.get("/", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
