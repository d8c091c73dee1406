"""Fixtures of the outbox tests: an app with the sample outbox addon, a local HTTP service."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.addons.catalogue import Catalogue
from core.addons.discovery import discover, locate
from core.app import Facturo
from core.config import Settings
from core.tenants.models import Tenant
from core.tenants.service import create_tenant

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "sample_addons"))
sys.path.insert(0, str(HERE))

from sample_outbox import hooks as sample_hooks  # noqa: E402
from service import CountingService  # noqa: E402

SAMPLE = "sample_outbox"


def outbox_catalogue() -> Catalogue:
    """Every installed addon and the sample outbox addon."""
    return Catalogue.load([*discover(), locate(SAMPLE, SAMPLE)])


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Messages in English."""


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """Loaded once per run."""
    return outbox_catalogue()


@pytest.fixture
def app(facturo_settings: Settings, catalogue: Catalogue, facturo_registry) -> Iterator[Facturo]:
    """An app whose catalogue holds the sample outbox addon."""
    sample_hooks.RECORDED.clear()
    app = Facturo(facturo_settings, catalogue=catalogue, registry=facturo_registry)
    yield app
    app.db.dispose()


@pytest.fixture
def make_company(app: Facturo) -> Callable[..., Tenant]:
    """`make_company(name)`: a tenant with the sample addon on."""

    def make(name: str) -> Tenant:
        tenant = create_tenant(app, name)
        app.addon_manager.switch_on(tenant.id, SAMPLE)
        return tenant

    return make


@pytest.fixture
def service() -> Iterator[CountingService]:
    """A local HTTP service that counts calls per idempotency key."""
    server = CountingService().start()
    yield server
    server.stop()
