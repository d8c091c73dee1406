"""Helpers for the cash receipts tests: a shop with the addon on, its walk-in customer and a
receipt maker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from addons.cash_receipts.service import set_method
from core.contacts.service import create_customer
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import create_document


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Every test here reads messages in English (the kit's `english` fixture)."""


@pytest.fixture
def shop(make_tenant: Callable[..., Any]) -> Any:
    """A hardware shop selling over the counter, without the payments app."""
    return make_tenant("Doe-het-zelf Peeters", addons=("cash_receipts",))


@pytest.fixture
def walk_in(facturo_app: Any) -> Callable[[Any], int]:
    """`walk_in(tenant)`: the tenant's customer at the counter, a plain Dutch contact."""

    def make(tenant: Any) -> int:
        with facturo_app.tenant_context(tenant.id) as ctx:
            return create_customer(ctx, {"name": "Toevallige klant", "is_company": False,
                                         "language": "nl"}).id

    return make


@pytest.fixture
def make_receipt() -> Callable[..., Any]:
    """`make_receipt(ctx, customer, amount="10.00", method=None, posted=True, day=None)`: a
    receipt of one line at 21 % (posted unless told), paid with `method` when given."""

    def make(ctx: Any, customer: int, amount: str = "10.00", method: str | None = None,
             posted: bool = True, day: date | None = None, kind: str = "cash_receipt") -> Any:
        document = create_document(
            ctx, kind, customer, issue_date=day or date.today(),
            lines=[LineData(description="Houtlijm", quantity=1, unit_price=amount,
                            vat_rate="21")],
        )
        if method is not None:
            set_method(ctx, document, method)
        return post_document(ctx, document) if posted else document

    return make
