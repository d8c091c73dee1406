"""Fixtures of the documents tests: an app with the documents sample addon, customers."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from document_helpers import add_customer

from core.app import Facturo
from core.tenants.service import create_tenant

sys.path.insert(0, str(Path(__file__).parent / "sample_addons"))

from sample_documents import hooks as sample_hooks

SAMPLE = "sample_documents"


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Every test here reads messages in English (the kit's `english` fixture)."""


@pytest.fixture
def sample_hooks_state() -> Iterator[Any]:
    """The sample addon's switches and call log, cleared around each test."""
    sample_hooks.BEHAVIOUR.clear()
    sample_hooks.CALLS.clear()
    yield sample_hooks
    sample_hooks.BEHAVIOUR.clear()
    sample_hooks.CALLS.clear()


@pytest.fixture
def app(make_sample_app: Callable[..., Facturo], sample_hooks_state: Any) -> Facturo:
    """An app whose catalogue holds the documents sample addon (off until switched on)."""
    return make_sample_app(SAMPLE)


@pytest.fixture
def tenant_id(app: Facturo) -> int:
    """A tenant without addons."""
    return create_tenant(app, "Bakkerij Janssens", slug="janssens").id


@pytest.fixture
def addon_tenant_id(app: Facturo) -> int:
    """A tenant with the documents sample addon on."""
    tenant = create_tenant(app, "Brouwerij Peeters", slug="peeters")
    app.addon_manager.switch_on(tenant.id, SAMPLE)
    return tenant.id


@pytest.fixture
def customer_id(app: Facturo, tenant_id: int) -> int:
    """A customer of the plain tenant."""
    with app.tenant_context(tenant_id) as ctx:
        return add_customer(ctx).id


@pytest.fixture
def addon_customer_id(app: Facturo, addon_tenant_id: int) -> int:
    """A customer of the tenant with the sample addon."""
    with app.tenant_context(addon_tenant_id) as ctx:
        return add_customer(ctx, "Café De Hoek").id
