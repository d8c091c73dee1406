"""A user in several companies switches between them; never into a company of others."""

from __future__ import annotations

import pytest

from core.tenants.models import Role
from core.tenants.service import add_member, create_tenant
from core.testing.web import post_form

pytestmark = pytest.mark.sqlite_only


def test_the_switcher_moves_the_user_between_their_companies(shell_client, shell_app):
    client, first, user = shell_client(Role.OWNER)
    second = create_tenant(shell_app, "Another Company")
    add_member(shell_app, second.id, user.id, Role.ACCOUNTANT)
    stranger = create_tenant(shell_app, "Stranger Company")
    page = client.get("/")
    assert 'name="tenant_id"' in page.text and "Another Company" in page.text
    assert "Stranger Company" not in page.text
    response = post_form(client, "/switch-tenant", {"tenant_id": str(second.id)})
    assert response.status_code == 303
    dashboard = client.get("/")
    assert '<p class="subtitle">Another Company</p>' in dashboard.text
    assert client.get("/settings/apps").status_code == 403  # accountant there
    refused = post_form(client, "/switch-tenant", {"tenant_id": str(stranger.id)})
    assert refused.status_code == 303
    assert '<p class="subtitle">Another Company</p>' in client.get("/").text
    post_form(client, "/switch-tenant", {"tenant_id": str(first.id)})
    assert f'<p class="subtitle">{first.name}</p>' in client.get("/").text
