"""Fixtures of the deposits tests: a drinks wholesaler, a café, crates and a crate of pils."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from addons.deposits import service
from addons.products.service import create_product
from core.contacts.service import create_customer


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Every test here reads messages in English (the kit's `english` fixture)."""


@pytest.fixture
def wholesaler(make_tenant: Callable[..., Any]) -> Any:
    """A drinks wholesaler with deposits (and so products) on."""
    return make_tenant("Drankenhandel Peeters", addons=("deposits",))


@pytest.fixture
def tenant(wholesaler: Any) -> Any:
    """The tenant of the kit's `in_tenant()`: the wholesaler."""
    return wholesaler


@pytest.fixture
def customer_id(in_tenant: Callable[..., Any]) -> int:
    """A café."""
    with in_tenant() as ctx:
        return create_customer(ctx, {"name": "Café De Hoek"}).id


@pytest.fixture
def crate(in_tenant: Callable[..., Any]) -> int:
    """The id of a €5 crate, kept out of the VAT base."""
    with in_tenant() as ctx:
        return service.create_article(ctx, "Bak", "5.00", names={"fr": "Casier"}).id


@pytest.fixture
def pils(in_tenant: Callable[..., Any], crate: int) -> int:
    """A crate of pils at 12.00 (21 %) that carries one crate."""
    with in_tenant() as ctx:
        product = create_product(ctx, {"name": "Pils bak 24 x 25 cl", "sale_price": "12.00"})
        service.set_product_deposits(ctx, product.id, {crate: 1})
        return product.id
