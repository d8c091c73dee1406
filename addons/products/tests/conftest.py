"""Helpers for the products tests: a tenant with the addon on and a customer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from core.contacts.service import create_customer


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Every test here reads messages in English (the kit's `english` fixture)."""


@pytest.fixture
def shop(make_tenant: Callable[..., Any]) -> Any:
    """A tenant with products switched on."""
    return make_tenant("Ijzerwaren Peeters", addons=("products",))


@pytest.fixture
def new_customer(facturo_app: Any) -> Callable[..., int]:
    """`new_customer(tenant, name, language="nl")` → the id of a new customer."""

    def make(tenant: Any, name: str = "Bouwbedrijf Janssens", language: str = "nl") -> int:
        with facturo_app.tenant_context(tenant.id) as ctx:
            return create_customer(ctx, {"name": name, "language": language}).id

    return make
