"""Helpers for the payments tests: a tenant with payments on, customers, posted invoices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from core.contacts.service import create_customer
from core.documents.posting import post_document
from core.documents.service import create_document


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Every test here reads messages in English (the kit's `english` fixture)."""


@pytest.fixture
def shop(make_tenant: Callable[..., Any]) -> Any:
    """A tenant with payments switched on."""
    return make_tenant("Bakkerij Peeters", addons=("payments",))


@pytest.fixture
def new_customer(facturo_app: Any) -> Callable[..., int]:
    """`new_customer(tenant, name, **fields)` → the id of a new customer."""

    def make(tenant: Any, name: str = "Bouwbedrijf Janssens", **fields: Any) -> int:
        with facturo_app.tenant_context(tenant.id) as ctx:
            data = {"name": name, "language": "nl", "email": "boekhouding@janssens.example"}
            data.update(fields)
            return create_customer(ctx, data).id

    return make


@pytest.fixture
def post_invoice(facturo_app: Any) -> Callable[..., int]:
    """`post_invoice(tenant, customer_id, amount_excl_vat, issue_date=..., vat_rate=21)` →
    the id of a posted invoice with one line."""

    def make(
        tenant: Any,
        customer_id: int,
        amount: str | Decimal = "100.00",
        *,
        issue_date: date = date(2026, 3, 2),
        vat_rate: str = "21",
        **header: Any,
    ) -> int:
        with facturo_app.tenant_context(tenant.id, write=True) as ctx:
            doc = create_document(
                ctx,
                "invoice",
                customer_id,
                issue_date=issue_date,
                lines=[
                    {
                        "description": "Brood en banket",
                        "quantity": "1",
                        "unit_price": str(amount),
                        "vat_rate": vat_rate,
                    }
                ],
                **header,
            )
            post_document(ctx, doc)
            return doc.id

    return make
