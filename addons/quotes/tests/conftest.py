"""Helpers for the quotes tests: a tenant with the addon on, a customer, a product."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from addons.products.service import create_product
from core.contacts.service import create_customer
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import create_document


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Every test here reads messages in English (the kit's `english` fixture)."""


@pytest.fixture
def office(make_tenant: Callable[..., Any]) -> Any:
    """A tenant with quotes (and so products) switched on."""
    return make_tenant("Schrijnwerkerij Claes", addons=("quotes",))


@pytest.fixture
def customer_id(facturo_app: Any, office: Any) -> int:
    """A French-speaking customer of the office."""
    with facturo_app.tenant_context(office.id) as ctx:
        return create_customer(ctx, {"name": "Menuiserie Lambert", "language": "fr"}).id


@pytest.fixture
def product_id(facturo_app: Any, office: Any) -> int:
    """A product priced 250 at 21 %."""
    with facturo_app.tenant_context(office.id) as ctx:
        product = create_product(
            ctx, {"name": "Deur", "names": {"fr": "Porte"}, "sale_price": 250}
        )
        return product.id


@pytest.fixture
def make_quote(customer_id: int, product_id: int) -> Callable[..., Any]:
    """`make_quote(ctx, posted=True)`: a quote for two doors and an hour of fitting."""

    def make(ctx: Any, posted: bool = True, kind: str = "quote") -> Any:
        quote = create_document(
            ctx,
            kind,
            customer_id,
            lines=[
                LineData(line_type="product", product_id=product_id, quantity=2),
                LineData(description="Plaatsing", quantity=1, unit_price="60"),
            ],
        )
        return post_document(ctx, quote) if posted else quote

    return make
