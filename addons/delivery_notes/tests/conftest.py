"""Helpers for the delivery notes tests: a tenant with the addon on and its customers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from core.contacts.service import create_customer
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import create_document


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Every test here reads messages in English (the kit's `english` fixture)."""


@pytest.fixture
def depot(make_tenant: Callable[..., Any]) -> Any:
    """A tenant with delivery notes (and so products) switched on."""
    return make_tenant("Drankencentrale Wouters", addons=("delivery_notes",))


@pytest.fixture
def customer_id(facturo_app: Any, depot: Any) -> int:
    """A Dutch-speaking customer of the depot."""
    with facturo_app.tenant_context(depot.id) as ctx:
        return create_customer(ctx, {"name": "Café De Kroon", "language": "nl"}).id


@pytest.fixture
def make_note(customer_id: int) -> Callable[..., Any]:
    """`make_note(ctx, day, quantity, customer=None, posted=True)`: a note for crates of beer."""

    def make(ctx: Any, day: date, quantity: int, customer: int | None = None,
             posted: bool = True) -> Any:
        note = create_document(
            ctx,
            "delivery_note",
            customer or customer_id,
            issue_date=day,
            lines=[LineData(description="Bak pils", quantity=quantity, unit_price="18.50")],
        )
        return post_document(ctx, note) if posted else note

    return make
