"""Fixtures of the MailChimp tests: the local MailChimp server and a tenant wired to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from addons.mailchimp.tests.server import MailChimpServer, MailChimpState

API_KEY = "0123456789abcdef0123456789abcdef-us21"
AUDIENCE = "a1b2c3"


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Every test here reads messages in English (the kit's `english` fixture)."""


@pytest.fixture
def mailchimp(monkeypatch: pytest.MonkeyPatch) -> Iterator[MailChimpState]:
    """A local MailChimp server (the account of `API_KEY`), its state to look into."""
    state = MailChimpState(API_KEY)
    with MailChimpServer(state) as server:
        monkeypatch.setenv("FACTURO_MAILCHIMP_URL", server.url)
        yield state


@pytest.fixture
def shop(make_tenant: Callable[..., Any], facturo_app: Any, mailchimp: MailChimpState) -> Any:
    """A tenant with MailChimp on, its key and audience set."""
    tenant = make_tenant("Bakkerij Peeters", addons=("mailchimp",))
    facturo_app.addon_manager.configure(tenant.id, "mailchimp",
                                        {"api_key": API_KEY, "audience": AUDIENCE})
    return tenant
