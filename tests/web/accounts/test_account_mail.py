"""Password and invitation mails are platform mail, with links from the public URL only;
invitations need consent; a login lands in the last company used.

Mail is read from a real SMTP server on loopback (aiosmtpd).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from account_support import current_company, logged_in, memberships, person
from sqlalchemy import select, update
from starlette.testclient import TestClient

from core.mail.models import OutboxMessage
from core.mail.sender import drain
from core.mail.settings import save_mail_settings
from core.tenants.models import Invitation, Membership, Role, Tenant, User
from core.tenants.service import add_member, create_tenant
from core.testing.plugin import TEST_PASSWORD
from core.testing.web import csrf_token, log_in, post_form

# --- 1. password and invitation mails are platform mail ---------------------------------


def test_a_password_link_never_goes_through_a_companys_mail_settings(make_app, smtp,
                                                                      platform):
    app = make_app()
    company_a = create_tenant(app, "Company A", slug="company-a")
    company_b = create_tenant(app, "Company B", slug="company-b")
    admin_a = person(app, company_a)
    victim = person(app, company_a, Role.MEMBER)  # first company A, also owner of B
    add_member(app, company_b.id, victim.id, Role.OWNER)
    company_server, company_port = smtp()
    with app.tenant_context(company_a.id) as ctx:  # A's admin copies every mail to himself
        save_mail_settings(ctx.session, host="127.0.0.1", port=company_port, security="none",
                           from_address="billing@company-a.example",
                           default_bcc=[admin_a.email], default_cc=[admin_a.email])

    client = TestClient(app.web)
    assert post_form(client, "/password/forgot", {"email": victim.email}).status_code == 303
    drain(app)  # whatever the company's outbox holds is sent too

    mailbox = platform[0]
    assert [recipients for recipients, _ in mailbox.received] == [[victim.email]]
    message = mailbox.received[0][1]
    assert message["From"] == "noreply@facturo.test" and message["Cc"] is None
    assert company_server.received == []
    with app.db.session(company_a.id) as session:
        assert session.scalars(select(OutboxMessage)).all() == []


def test_an_invitation_of_a_new_person_is_platform_mail(make_app, smtp, platform):
    app = make_app()
    company = create_tenant(app, "Company A", slug="company-a")
    admin = person(app, company)
    company_server, company_port = smtp()
    with app.tenant_context(company.id) as ctx:
        save_mail_settings(ctx.session, host="127.0.0.1", port=company_port, security="none",
                           from_address="billing@company-a.example", default_bcc=[admin.email])
    client = logged_in(app, admin)
    answer = post_form(client, "/settings/users/invite",
                       {"email": "new.person@example.com", "role": "member"})
    assert answer.status_code == 303
    drain(app)
    assert [recipients for recipients, _ in platform[0].received] == [["new.person@example.com"]]
    assert company_server.received == []
    link = platform[0].links()[0]
    assert link.startswith("http://testserver/password/reset/")


# --- 2. links come from the configured public URL, forwarded headers from proxies only --


def test_mail_links_use_the_public_url_whatever_the_host_header(make_app, platform):
    app = make_app(public_url="https://facturo.example")
    company = create_tenant(app, "Company A", slug="company-a")
    user = person(app, company)
    client = TestClient(app.web)
    token = csrf_token(client)
    answer = client.post("/password/forgot", data={"email": user.email, "csrf_token": token},
                         headers={"host": "evil.example", "x-forwarded-proto": "https",
                                  "x-forwarded-host": "evil.example"},
                         follow_redirects=False)
    assert answer.status_code == 303
    links = platform[0].links()
    assert len(links) == 1 and links[0].startswith("https://facturo.example/password/reset/")


def test_without_a_public_url_no_link_is_mailed(make_app, platform):
    app = make_app(public_url=None)
    company = create_tenant(app, "Company A", slug="company-a")
    user = person(app, company)
    client = TestClient(app.web, headers={"accept-language": "en"})
    answer = post_form(client, "/password/forgot", {"email": user.email})
    assert answer.status_code == 503 and "FACTURO_PUBLIC_URL" in answer.text
    admin = logged_in(app, user)
    invite = post_form(admin, "/settings/users/invite",
                       {"email": "someone@example.com", "role": "member"})
    assert invite.status_code == 503 and "FACTURO_PUBLIC_URL" in invite.text
    assert platform[0].received == []
    with app.db.session() as session:
        assert session.scalar(select(User.id).where(User.email == "someone@example.com")) is None


@pytest.mark.sqlite_only
def test_forwarded_for_counts_only_from_a_trusted_proxy(make_app):
    app = make_app(trusted_proxies=("10.0.0.1",))
    company = create_tenant(app, "Company A", slug="company-a")
    user = person(app, company)

    def spray(client_address: str, forwarded: Callable[[int], str]) -> int:
        client = TestClient(app.web, client=(client_address, 1234))
        token = csrf_token(client)
        for n in range(20):
            client.post("/login", data={"email": f"nobody{n}@example.com", "password": "x",
                                        "csrf_token": token},
                        headers={"x-forwarded-for": forwarded(n)})
        return client.post("/login", data={"email": user.email, "password": TEST_PASSWORD,
                                           "csrf_token": token},
                           headers={"x-forwarded-for": forwarded(99)},
                           follow_redirects=False).status_code

    # an arbitrary client rotating the header is still one address
    assert spray("192.0.2.7", lambda n: f"198.51.100.{n}") == 429
    # behind the trusted proxy, every forwarded address is a client of its own
    assert spray("10.0.0.1", lambda n: f"203.0.113.{n}") == 303


# --- 4. invitations need the invitee's consent; logins land in the last company used ----


def test_inviting_an_existing_user_waits_for_their_acceptance(make_app, platform):
    app = make_app()
    company_a = create_tenant(app, "Company A", slug="company-a")
    company_b = create_tenant(app, "Company B", slug="company-b")
    admin_a = person(app, company_a)
    invitee = person(app, company_b)
    client = logged_in(app, admin_a)
    answer = post_form(client, "/settings/users/invite",
                       {"email": invitee.email, "role": "admin"})
    assert answer.status_code == 303
    assert memberships(app, invitee.id) == {company_b.id}  # not a member without consent
    assert platform[0].links() == ["http://testserver/invitations"]

    stranger = logged_in(app, person(app, company_a, Role.MEMBER))
    with app.db.session() as session:
        invitation_id = session.scalar(select(Invitation.id))
    assert post_form(stranger, f"/invitations/{invitation_id}/accept").status_code == 404

    own = TestClient(app.web, headers={"accept-language": "en"})
    landing = log_in(own, invitee.email, TEST_PASSWORD)
    assert "A company invites you: answer under My account" in landing.text
    listing = own.get("/invitations")
    assert "Company A" in listing.text and "Administrator" in listing.text
    accepted = post_form(own, f"/invitations/{invitation_id}/accept")
    assert accepted.status_code == 303
    assert memberships(app, invitee.id) == {company_a.id, company_b.id}
    assert "Company A" in own.get("/").text
    with app.db.session() as session:
        assert session.scalar(select(Membership.role).where(
            Membership.user_id == invitee.id, Membership.tenant_id == company_a.id)) is Role.ADMIN
        assert session.scalars(select(Invitation)).all() == []


def test_a_declined_invitation_changes_nothing(make_app, platform):
    app = make_app()
    company_a = create_tenant(app, "Company A", slug="company-a")
    company_b = create_tenant(app, "Company B", slug="company-b")
    invitee = person(app, company_b)
    post_form(logged_in(app, person(app, company_a)), "/settings/users/invite",
              {"email": invitee.email, "role": "member"})
    own = logged_in(app, invitee)
    with app.db.session() as session:
        invitation_id = session.scalar(select(Invitation.id))
    assert post_form(own, f"/invitations/{invitation_id}/decline").status_code == 303
    assert memberships(app, invitee.id) == {company_b.id}
    assert post_form(own, f"/invitations/{invitation_id}/accept").status_code == 404


def test_an_invitation_withdrawn_by_the_company_cannot_be_accepted(make_app, platform):
    app = make_app()
    company_a = create_tenant(app, "Company A", slug="company-a")
    company_b = create_tenant(app, "Company B", slug="company-b")
    invitee = person(app, company_b)
    admin_a = logged_in(app, person(app, company_a))
    admin_b = logged_in(app, person(app, company_b))
    post_form(admin_a, "/settings/users/invite", {"email": invitee.email, "role": "member"})
    assert invitee.email in admin_a.get("/settings/users").text
    with app.db.session() as session:
        invitation_id = session.scalar(select(Invitation.id))
    url = f"/settings/users/invitations/{invitation_id}/withdraw"
    assert post_form(admin_b, url).status_code == 404  # another company's invitation
    assert post_form(admin_a, url).status_code == 303
    own = logged_in(app, invitee)
    assert post_form(own, f"/invitations/{invitation_id}/accept").status_code == 404
    assert memberships(app, invitee.id) == {company_b.id}


def test_a_login_lands_in_the_last_company_used_never_one_picked_by_name(make_app):
    app = make_app()
    home = create_tenant(app, "Bakkerij Zon", slug="bakkerij-zon")
    other = create_tenant(app, "Other", slug="other")
    user = person(app, home)
    add_member(app, other.id, user.id, Role.MEMBER)
    with app.db.session() as session:  # the other company renames itself to sort first
        session.execute(update(Tenant).where(Tenant.id == other.id).values(name="AAA"))
    client = logged_in(app, user)
    assert current_company(client) == "Bakkerij Zon"

    post_form(client, "/switch-tenant", {"tenant_id": str(other.id)})
    assert current_company(client) == "AAA"
    post_form(client, "/logout")
    log_in(client, user.email, TEST_PASSWORD)
    assert current_company(client) == "AAA"
