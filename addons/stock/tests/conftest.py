"""Fixtures of the stock tests: a shop with stock, delivery notes and quotes on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from addons.products.service import create_product
from addons.stock import service
from core.contacts.service import create_customer


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Every test here reads messages in English."""


@pytest.fixture
def shop(make_tenant: Callable[..., Any]) -> Any:
    """A hardware shop with stock (and so products), delivery notes and quotes."""
    return make_tenant("IJzerwaren Claes", addons=("stock", "delivery_notes", "quotes"))


@pytest.fixture
def tenant(shop: Any) -> Any:
    """The tenant of the kit's `in_tenant()`: the shop."""
    return shop


@pytest.fixture
def customer_id(in_tenant: Callable[..., Any]) -> int:
    """A builder."""
    with in_tenant() as ctx:
        return create_customer(ctx, {"name": "Bouw Janssens"}).id


@pytest.fixture
def screws(in_tenant: Callable[..., Any]) -> int:
    """A product whose stock is followed (none on hand)."""
    with in_tenant() as ctx:
        product = create_product(ctx, {"name": "Screws M6", "sale_price": "0.20"})
        service.track(ctx, product.id)
        return product.id

