"""Fixtures of the Twikey tests: the local Twikey server and a tenant connected to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from addons.twikey.client import TwikeyClient
from addons.twikey.tests.twikey_server import TwikeyServer
from core.api import create_customer

API_KEY = "test-api-key"


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Every test here reads messages in English."""


@pytest.fixture
def twikey() -> Iterator[TwikeyServer]:
    """A local Twikey, on a free port, for the test alone."""
    server = TwikeyServer(API_KEY).start()
    yield server
    server.stop()


@pytest.fixture
def shop(make_tenant: Callable[..., Any], facturo_app: Any, twikey: TwikeyServer) -> Any:
    """A tenant with Twikey on, connected to the local server (CORE template 1, B2B 2)."""
    tenant = make_tenant("Fietsen Peeters", addons=("twikey",))
    facturo_app.addon_manager.configure(tenant.id, "twikey", {
        "api_key": API_KEY, "api_url": twikey.url, "core_template": "1", "b2b_template": "2"})
    return tenant


@pytest.fixture
def client(twikey: TwikeyServer) -> Iterator[TwikeyClient]:
    """A client of the local server's account."""
    with TwikeyClient(API_KEY, twikey.url, timeout=2) as made:
        yield made


@pytest.fixture
def customer(facturo_app: Any, shop: Any) -> int:
    """A company customer of the shop."""
    with facturo_app.tenant_context(shop.id) as ctx:
        return create_customer(ctx, {"name": "Garage Claes BV", "is_company": True,
                                     "email": "boekhouding@claes.test",
                                     "vat_number": "BE0403019261"}).id
