"""Fixtures of the tiered pricing tests: a wholesaler with the app on, a customer, a product."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from addons.products.service import create_product
from core.contacts.service import create_customer


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Every test here reads messages in English (the kit's `english` fixture)."""


@pytest.fixture
def wholesaler(make_tenant: Callable[..., Any]) -> Any:
    """A drinks wholesaler with tiered pricing (and so products) on."""
    return make_tenant("Drankenhandel Peeters", addons=("tiered_pricing",))


@pytest.fixture
def tenant(wholesaler: Any) -> Any:
    """The tenant of the kit's `in_tenant()`: the wholesaler."""
    return wholesaler


@pytest.fixture
def customer_id(in_tenant: Callable[..., Any]) -> int:
    """A café, a customer without a segment."""
    with in_tenant() as ctx:
        return create_customer(ctx, {"name": "Café De Hoek"}).id


@pytest.fixture
def product_id(in_tenant: Callable[..., Any]) -> int:
    """A crate of pils, 12.00 for everyone without tiered prices."""
    with in_tenant() as ctx:
        return create_product(ctx, {"name": "Pils bak 24 x 25 cl", "sale_price": "12.00"}).id
