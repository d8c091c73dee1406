"""Helpers of the account security tests: a real SMTP inbox, people, logged-in clients."""

from __future__ import annotations

import re
import socket
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlalchemy import select
from starlette.testclient import TestClient

from core.app import Facturo
from core.tenants.models import Membership, Role, Tenant, User
from core.tenants.service import add_member, create_user
from core.testing.plugin import TEST_PASSWORD
from core.testing.web import log_in

REPO = Path(__file__).resolve().parents[3]


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


def current_company(client: TestClient) -> str:
    """The company the session works in, as the tenant switcher marks it."""
    html = client.get("/").text
    match = re.search(r'<option value="\d+" selected>([^<]+)</option>', html)
    assert match, "no tenant switcher on the page"
    return match.group(1)
