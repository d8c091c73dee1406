"""Accounts, sessions, mail links and headers under attack: two companies, one attacker.

Mail is read from a real SMTP server on loopback (aiosmtpd); the throttle and the timing of
the forgot-password answer are checked against a real `facturo serve` (uvicorn) process.
"""

from __future__ import annotations

import dataclasses
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update
from starlette.testclient import TestClient

from core.app import Facturo
from core.config import PlatformMail
from core.db.base import utcnow
from core.mail.models import OutboxMessage
from core.mail.sender import drain
from core.mail.settings import save_mail_settings
from core.tenants.models import Invitation, Membership, Role, Tenant, User, UserSession
from core.tenants.service import add_member, create_tenant, create_user
from core.testing.plugin import TEST_PASSWORD
from core.testing.web import LoginFailed, csrf_from, csrf_token, log_in, post_form
from core.web.passwords import set_password

REPO = Path(__file__).resolve().parents[2]


class Mailbox:
    """An SMTP server's inbox: envelopes and parsed messages; can hold a message back."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.release = threading.Event()
        self.release.set()
        self.arrived = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.arrived.set()
        self.release.wait(timeout=20)
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 OK"

    def links(self) -> list[str]:
        """Every link of every message received."""
        return [link for _, message in self.received
                for link in re.findall(r"https?://\S+", message.get_content())]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[Callable[[], tuple[Mailbox, int]]]:
    """`smtp()` starts an SMTP server on loopback: its mailbox and port."""
    controllers: list[Controller] = []

    def start() -> tuple[Mailbox, int]:
        mailbox = Mailbox()
        controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        controllers.append(controller)
        return mailbox, controller.port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def platform(smtp: Callable[[], tuple[Mailbox, int]]) -> tuple[Mailbox, PlatformMail]:
    """The deployment's own mail server and its settings."""
    mailbox, port = smtp()
    return mailbox, PlatformMail(host="127.0.0.1", port=port,
                                 from_address="noreply@facturo.test")


@pytest.fixture
def make_app(facturo_settings, facturo_catalogue, facturo_registry,
             platform) -> Iterator[Callable[..., Facturo]]:
    """`make_app(**settings)`: the deployment with the platform sender and other settings."""
    apps: list[Facturo] = []

    def make(**overrides: Any) -> Facturo:
        settings = dataclasses.replace(facturo_settings, platform_mail=platform[1], **overrides)
        app = Facturo(settings, catalogue=facturo_catalogue, registry=facturo_registry)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.db.dispose()


def person(app: Facturo, tenant: Tenant, role: Role = Role.OWNER, email: str | None = None,
           language: str = "en") -> User:
    email = email or f"{role.value}{time.monotonic_ns()}@{tenant.slug}.example"
    user = create_user(app, email, TEST_PASSWORD, language=language)
    add_member(app, tenant.id, user.id, role)
    return user


def logged_in(app: Facturo, user: User, **kwargs: Any) -> TestClient:
    client = TestClient(app.web, headers={"accept-language": "en"}, **kwargs)
    log_in(client, user.email, TEST_PASSWORD)
    return client


def replay(app: Facturo, cookies: dict[str, str]) -> int:
    """The status of the dashboard for a browser holding copied cookies."""
    thief = TestClient(app.web, cookies=cookies)
    return thief.get("/", follow_redirects=False).status_code


def memberships(app: Facturo, user_id: int) -> set[int]:
    with app.db.session() as session:
        return set(session.scalars(select(Membership.tenant_id)
                                   .where(Membership.user_id == user_id)))


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
    assert _current_company(client) == "Bakkerij Zon"

    post_form(client, "/switch-tenant", {"tenant_id": str(other.id)})
    assert _current_company(client) == "AAA"
    post_form(client, "/logout")
    log_in(client, user.email, TEST_PASSWORD)
    assert _current_company(client) == "AAA"


def _current_company(client: TestClient) -> str:
    """The company the session works in, as the tenant switcher marks it."""
    html = client.get("/").text
    match = re.search(r'<option value="\d+" selected>([^<]+)</option>', html)
    assert match, "no tenant switcher on the page"
    return match.group(1)


# --- 5. sessions are revocable and expire; a copied cookie is refused afterwards --------


def test_a_cookie_copied_before_logout_is_refused_after_it(make_app):
    app = make_app()
    user = person(app, create_tenant(app, "Company A", slug="company-a"))
    client = logged_in(app, user)
    copied = dict(client.cookies)
    assert replay(app, copied) == 200
    post_form(client, "/logout")
    assert replay(app, copied) == 303


def test_a_cookie_copied_before_a_password_change_is_refused_after_it(make_app):
    app = make_app()
    user = person(app, create_tenant(app, "Company A", slug="company-a"))
    client = logged_in(app, user)
    copied = dict(client.cookies)
    set_password(app, user.id, "another password")
    assert replay(app, copied) == 303
    with app.db.session() as session:
        assert session.scalars(select(UserSession)).all() == []


def test_a_cookie_copied_before_removal_from_the_company_is_refused_after_it(make_app):
    app = make_app()
    company = create_tenant(app, "Company A", slug="company-a")
    admin = logged_in(app, person(app, company))
    member = person(app, company, Role.MEMBER)
    copied = dict(logged_in(app, member).cookies)
    assert replay(app, copied) == 200
    asked = admin.get(f"/settings/users/{member.id}/remove")
    assert asked.status_code == 200 and f"Remove {member.email} from the company?" in asked.text
    assert memberships(app, member.id) == {company.id}  # asking changes nothing
    assert post_form(admin, f"/settings/users/{member.id}/remove").status_code == 303
    assert replay(app, copied) == 303
    assert memberships(app, member.id) == set()


def test_a_cookie_copied_before_sign_out_everywhere_is_refused_after_it(make_app):
    app = make_app()
    company = create_tenant(app, "Company A", slug="company-a")
    admin = logged_in(app, person(app, company))
    member = person(app, company, Role.MEMBER)
    phone, laptop = logged_in(app, member), logged_in(app, member)
    copies = [dict(phone.cookies), dict(laptop.cookies)]
    assert post_form(admin, f"/settings/users/{member.id}/sign-out").status_code == 303
    assert [replay(app, copied) for copied in copies] == [303, 303]
    assert admin.get("/", follow_redirects=False).status_code == 200  # the admin stays in

    again = logged_in(app, member)
    copied = dict(again.cookies)
    assert post_form(again, "/account/sign-out-everywhere").status_code == 303
    assert replay(app, copied) == 303


def test_a_session_ends_after_its_idle_and_its_absolute_lifetime(make_app):
    app = make_app(session_idle_seconds=3600, session_lifetime_seconds=7 * 86400)
    user = person(app, create_tenant(app, "Company A", slug="company-a"))
    idle, old = logged_in(app, user), logged_in(app, user)
    now = utcnow()
    with app.db.session() as session:
        rows = session.scalars(select(UserSession).order_by(UserSession.created_at)).all()
        rows[0].last_seen_at = now - timedelta(hours=2)
        rows[1].created_at = now - timedelta(days=8)
    assert idle.get("/", follow_redirects=False).status_code == 303
    assert old.get("/", follow_redirects=False).status_code == 303
    fresh = logged_in(app, user)
    with app.db.session() as session:  # in use within the idle time: still in
        session.execute(update(UserSession).values(last_seen_at=now - timedelta(minutes=50)))
    assert fresh.get("/", follow_redirects=False).status_code == 200


# --- 7. throttling per account and per real client address ------------------------------


def test_one_password_sprayed_over_many_accounts_is_limited(make_app):
    app = make_app()
    user = person(app, create_tenant(app, "Company A", slug="company-a"))
    client = TestClient(app.web, headers={"accept-language": "en"})
    for n in range(20):
        sprayed = post_form(client, "/login", {"email": f"person{n}@example.com",
                                               "password": "Summer2026!"})
        assert sprayed.status_code == 400
    blocked = post_form(client, "/login", {"email": user.email, "password": TEST_PASSWORD})
    assert blocked.status_code == 429 and "Too many failed attempts" in blocked.text
    with pytest.raises(LoginFailed):
        log_in(client, user.email, TEST_PASSWORD)
    log_in(TestClient(app.web, client=("192.0.2.1", 1)), user.email, TEST_PASSWORD)


@pytest.fixture
def served(facturo_settings, facturo_app, platform, tmp_path) -> Iterator[str]:
    """`facturo serve` in a process of its own, on loopback, as `make run` starts it."""
    port = free_port()
    mail = platform[1]
    env = {**os.environ,
           "FACTURO_DATABASE_URL": facturo_settings.database_url,
           "FACTURO_SECRET_KEY": "test-secret",
           "FACTURO_VAR_DIR": str(tmp_path / "served"),
           "FACTURO_PUBLIC_URL": f"http://127.0.0.1:{port}",
           "FACTURO_MAIL_HOST": mail.host, "FACTURO_MAIL_PORT": str(mail.port),
           "FACTURO_MAIL_FROM": mail.from_address}
    for name in ("FACTURO_TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS"):
        env.pop(name, None)
    (tmp_path / "served").mkdir()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "facturo"), "serve", "--port", str(port)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise AssertionError(process.stderr.read().decode() if process.stderr else "")
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _served_login(client: httpx.Client, email: str, password: str, forwarded: str) -> int:
    token = csrf_from(client.get("/login").text)
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token},
                       headers={"x-forwarded-for": forwarded}).status_code


def test_rotating_x_forwarded_for_does_not_reset_the_throttle(facturo_app, tenant, make_user,
                                                              served):
    user = make_user(tenant)
    with httpx.Client(base_url=served, timeout=30) as client:
        for n in range(5):
            assert _served_login(client, user.email, "guess", f"198.51.100.{n}") == 400
        assert _served_login(client, user.email, TEST_PASSWORD, "198.51.100.77") == 429


def test_the_forgot_password_answer_comes_before_any_mail(facturo_app, tenant, make_user,
                                                          served, platform):
    user = make_user(tenant)
    mailbox = platform[0]
    with httpx.Client(base_url=served, timeout=30) as client:
        token = csrf_from(client.get("/password/forgot").text)
        for email in ("nobody@example.com", user.email):
            mailbox.release.clear()
            answer = client.post("/password/forgot", data={"email": email, "csrf_token": token})
            assert answer.status_code == 303
            assert mailbox.received == []  # answered, and no mail delivered yet
            mailbox.release.set()
        assert mailbox.arrived.wait(timeout=20)
        for _ in range(200):
            if mailbox.received:
                break
            time.sleep(0.05)
    assert [recipients for recipients, _ in mailbox.received] == [[user.email]]


# --- 11. HSTS and no storing of files ---------------------------------------------------


def test_hsts_is_sent_only_when_configured(make_app):
    plain = TestClient(make_app().web).get("/login")
    assert "strict-transport-security" not in plain.headers
    secure = TestClient(make_app(hsts_seconds=31536000).web).get("/login")
    assert secure.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"


def test_pdfs_and_exports_are_never_stored(make_app):
    from decimal import Decimal

    from core.contacts.service import create_customer
    from core.documents.service import create_document

    app = make_app()
    company = create_tenant(app, "Company A", slug="company-a")
    app.addon_manager.switch_on(company.id, "products")
    client = logged_in(app, person(app, company))
    with app.tenant_context(company.id) as ctx:
        customer = create_customer(ctx, {"name": "Bakkerij Peeters"})
        document = create_document(ctx, "invoice", customer.id, lines=[
            {"description": "Werk", "quantity": 1, "unit_price": Decimal("100")}])
        document_id = document.id
    for url in (f"/documents/{document_id}/pdf", f"/documents/{document_id}/pdf?inline=1",
                "/apps/products/export"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["cache-control"] == "private, no-store", url
    assert client.get("/").headers["cache-control"] == "private, no-store"
