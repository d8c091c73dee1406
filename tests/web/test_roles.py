"""Roles: the accountant reads but never writes, only administrators reach the settings."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.mail.models import OutboxMessage
from core.tenants.models import Membership, Role, Tenant, User
from core.testing.web import post_form

pytestmark = pytest.mark.sqlite_only


def test_the_accountant_reads_but_gets_403_on_writes(shell_client, shell_app):
    client, tenant, _user = shell_client(Role.ACCOUNTANT, addons=("sample_web",))
    assert client.get("/").status_code == 200
    assert client.get("/apps/sample_web/hello").status_code == 200
    refused = post_form(client, "/apps/sample_web/record")
    assert refused.status_code == 403
    assert "change nothing" in refused.text
    assert post_form(client, "/settings/company", {"name": "Hacked", "language": "nl"}
                     ).status_code == 403
    with shell_app.db.session() as session:
        assert session.get(Tenant, tenant.id).name == tenant.name
    assert post_form(client, "/account", {"name": "Me", "language": "en"}).status_code == 303


def test_a_member_writes_but_cannot_open_the_settings(shell_client):
    client, _tenant, _user = shell_client(Role.MEMBER, addons=("sample_web",))
    assert post_form(client, "/apps/sample_web/record").status_code == 200
    for url in ("/settings/apps", "/settings/users", "/settings/company"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "<title>Access denied" in response.text
    menu = client.get("/").text
    assert "/settings/apps" not in menu


def test_an_admin_invites_a_new_person_who_gets_an_email(shell_client, shell_app,
                                                         facturo_mailbox):
    client, tenant, _user = shell_client(Role.ADMIN)
    response = post_form(client, "/settings/users/invite",
                         {"email": "New.Person@Example.com", "role": "member"})
    assert response.status_code == 303
    listing = client.get("/settings/users")
    assert "new.person@example.com" in listing.text
    [received] = facturo_mailbox.received  # platform mail, not the company's outbox
    assert received.recipients == ["new.person@example.com"]
    assert facturo_mailbox.links("/password/reset/")
    with shell_app.db.session(tenant.id) as session:
        assert session.scalars(select(OutboxMessage)).all() == []
    again = post_form(client, "/settings/users/invite",
                      {"email": "new.person@example.com", "role": "member"})
    assert again.status_code == 422 and "already a member" in again.text


def test_only_owners_grant_ownership_and_a_company_keeps_an_owner(shell_client, shell_app):
    client, tenant, owner = shell_client(Role.OWNER)
    post_form(client, "/settings/users/invite", {"email": "boss@example.com", "role": "admin"})
    with shell_app.db.session() as session:
        admin_id = session.scalar(
            select(Membership.user_id).where(Membership.role == Role.ADMIN,
                                             Membership.tenant_id == tenant.id))
    bad = post_form(client, "/settings/users/invite", {"email": "x@example.com",
                                                      "role": "emperor"})
    assert bad.status_code == 422 and "Choose one of the roles." in bad.text
    post_form(client, f"/settings/users/{owner.id}/role", {"role": "member"})
    with shell_app.db.session() as session:
        role = session.scalar(select(Membership.role).where(Membership.user_id == owner.id))
    assert role is Role.OWNER  # the last owner stays
    post_form(client, f"/settings/users/{admin_id}/role", {"role": "owner"})
    post_form(client, f"/settings/users/{owner.id}/role", {"role": "accountant"})
    with shell_app.db.session() as session:
        roles = dict(session.execute(
            select(Membership.user_id, Membership.role).where(Membership.tenant_id == tenant.id)
        ).all())
    assert roles == {owner.id: Role.ACCOUNTANT, admin_id: Role.OWNER}


def test_the_users_list_searches_sorts_and_pages(shell_client, shell_app):
    client, tenant, _user = shell_client(Role.OWNER)
    with shell_app.db.session() as session:  # people who never log in: no hashing needed
        for number in range(30):
            person = User(email=f"m{number:02d}@list.example", password_hash="-")
            session.add(person)
            session.flush()
            session.add(Membership(tenant_id=tenant.id, user_id=person.id, role=Role.MEMBER))
    first = client.get("/settings/users")
    assert first.text.count("@list.example</td>") == 25
    assert "Page 1 of 2" in first.text
    second = client.get("/settings/users?page=2")
    assert second.text.count("@list.example</td>") == 6 - 1  # 31 members, 25 on page one
    found = client.get("/settings/users?q=m07")
    assert found.text.count("@list.example</td>") == 1
    backwards = client.get("/settings/users?sort=-email&q=list")
    assert backwards.text.index("m29@") < backwards.text.index("m28@")
