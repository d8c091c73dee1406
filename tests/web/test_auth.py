"""Logging in and out, bad passwords, throttling, CSRF, security headers, password reset."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from core.mail.models import OutboxMessage
from core.tenants.models import Role
from core.testing.plugin import TEST_PASSWORD
from core.testing.web import csrf_token, log_in, post_form

# Most tests here do not depend on the database; the ones without the marker run on both.


def test_login_lands_on_the_dashboard_and_logout_ends_the_session(
    facturo_app, tenant, web_client
):
    client = web_client(tenant)
    page = client.get("/")
    assert page.status_code == 200
    assert "Tenant A" in page.text and "<title>" in page.text
    response = post_form(client, "/logout")
    assert response.status_code == 303 and response.headers["location"] == "/login"
    again = client.get("/", follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"].startswith("/login?next=/")


@pytest.mark.sqlite_only
def test_login_goes_back_where_the_user_was_going_but_never_off_site(
    facturo_app, tenant, make_user
):
    user = make_user(tenant)
    client = TestClient(facturo_app.web)
    first = client.get("/settings/apps", follow_redirects=False)
    assert first.headers["location"] == "/login?next=/settings/apps"
    response = post_form(client, "/login", {"email": user.email, "password": TEST_PASSWORD,
                                            "next": "/settings/apps"})
    assert response.headers["location"] == "/settings/apps"
    post_form(client, "/logout")
    response = post_form(client, "/login", {"email": user.email, "password": TEST_PASSWORD,
                                            "next": "//evil.example/"})
    assert response.headers["location"] == "/"


@pytest.mark.sqlite_only
def test_a_bad_password_is_refused_and_keeps_the_email(facturo_app, tenant, make_user):
    user = make_user(tenant)
    client = TestClient(facturo_app.web, headers={"accept-language": "en"})
    response = post_form(client, "/login", {"email": user.email, "password": "wrong one"})
    assert response.status_code == 400
    assert "The e-mail address or the password is wrong." in response.text
    assert f'value="{user.email}"' in response.text
    assert client.get("/", follow_redirects=False).status_code == 303


@pytest.mark.sqlite_only
def test_login_is_throttled_after_five_failures(facturo_app, tenant, make_user):
    user = make_user(tenant)
    other = make_user(tenant)
    client = TestClient(facturo_app.web, headers={"accept-language": "en"})
    for _ in range(5):
        response = post_form(client, "/login", {"email": user.email, "password": "nope"})
        assert response.status_code == 400
    blocked = post_form(client, "/login", {"email": user.email, "password": TEST_PASSWORD})
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.text
    assert client.get("/", follow_redirects=False).status_code == 303
    log_in(client, other.email, TEST_PASSWORD)  # another account from the same address


@pytest.mark.sqlite_only
def test_a_state_change_without_the_csrf_token_is_refused(facturo_app, tenant, web_client):
    client = web_client(tenant, language="en")
    refused = client.post("/logout", follow_redirects=False)
    assert refused.status_code == 403
    assert "This form has expired" in refused.text
    wrong = client.post("/logout", data={"csrf_token": "forged"}, follow_redirects=False)
    assert wrong.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 200
    token = csrf_token(client)
    by_header = client.post("/logout", headers={"X-CSRF-Token": token}, follow_redirects=False)
    assert by_header.status_code == 303


@pytest.mark.sqlite_only
def test_login_itself_needs_the_csrf_token(facturo_app, tenant, make_user):
    user = make_user(tenant)
    client = TestClient(facturo_app.web)
    refused = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD},
                          follow_redirects=False)
    assert refused.status_code == 403


@pytest.mark.sqlite_only
def test_security_headers_are_on_every_response(facturo_app, tenant, web_client):
    client = web_client(tenant)
    for url in ("/", "/login", "/no/such/page", "/static/facturo.css"):
        response = client.get(url)
        headers = response.headers
        assert "default-src 'self'" in headers["content-security-policy"], url
        assert "frame-ancestors 'none'" in headers["content-security-policy"], url
        assert headers["x-frame-options"] == "DENY", url
        assert headers["x-content-type-options"] == "nosniff", url
        assert headers["referrer-policy"] == "same-origin", url
    page = client.get("/")
    assert page.headers["cache-control"] == "private, no-store"
    cookie = TestClient(facturo_app.web).get("/login").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


@pytest.mark.sqlite_only
def test_password_reset_by_email_link_works_once(facturo_app, tenant, make_user,
                                                 facturo_mailbox):
    user = make_user(tenant, language="en")
    client = TestClient(facturo_app.web)
    asked = post_form(client, "/password/forgot", {"email": user.email})
    assert asked.status_code == 303
    unknown = post_form(client, "/password/forgot", {"email": "nobody@example.com"})
    assert unknown.status_code == 303  # the answer does not tell who has an account
    assert [item.recipients for item in facturo_mailbox.received] == [[user.email]]
    [link] = facturo_mailbox.links("/password/reset/")
    link = link.removeprefix("http://testserver")
    assert client.get(link).status_code == 200
    short = post_form(client, link, {"password": "short", "password_again": "short"})
    assert short.status_code == 422 and "at least 8 characters" in short.text
    done = post_form(client, link, {"password": "a brand new secret",
                                    "password_again": "a brand new secret"})
    assert done.status_code == 303
    used = client.get(link)
    assert used.status_code == 400 and "no longer works" in used.text
    log_in(client, user.email, "a brand new secret")
    with pytest.raises(AssertionError):
        log_in(TestClient(facturo_app.web), user.email, TEST_PASSWORD)


@pytest.mark.sqlite_only
def test_changing_the_password_ends_other_sessions(facturo_app, tenant, make_user):
    from core.web.passwords import set_password

    user = make_user(tenant, Role.MEMBER)
    client = TestClient(facturo_app.web)
    log_in(client, user.email, TEST_PASSWORD)
    assert client.get("/", follow_redirects=False).status_code == 200
    set_password(facturo_app, user.id, "another password")
    assert client.get("/", follow_redirects=False).status_code == 303


@pytest.mark.sqlite_only
def test_password_links_are_not_sent_in_a_flood(facturo_app, tenant, make_user,
                                                facturo_mailbox):
    user = make_user(tenant)
    client = TestClient(facturo_app.web)
    for _ in range(8):
        assert post_form(client, "/password/forgot", {"email": user.email}).status_code == 303
    assert len(facturo_mailbox.received) == 5
    with facturo_app.db.session(tenant.id) as session:
        assert session.scalars(select(OutboxMessage)).all() == []
