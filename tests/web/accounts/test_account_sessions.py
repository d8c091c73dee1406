"""Sessions that end, throttled logins, proxy headers and response headers, under attack.

The throttle and the timing of the forgot-password answer are checked against a real
`facturo serve` (uvicorn) process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from account_support import REPO, free_port, logged_in, memberships, person, replay
from sqlalchemy import select, update
from starlette.testclient import TestClient

from core.db.base import utcnow
from core.tenants.models import Role, UserSession
from core.tenants.service import create_tenant
from core.testing.plugin import TEST_PASSWORD
from core.testing.web import LoginFailed, csrf_from, log_in, post_form
from core.web.passwords import set_password

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
