"""Fixtures of the business pages' tests: clients in English, records made with the services."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from core.contacts.service import create_customer
from core.documents.service import create_document
from core.tenants.models import Tenant


@pytest.fixture
def make_customer(work: Callable[..., Any]) -> Callable[..., int]:
    """`make_customer(tenant, name, **fields)`: a customer's id."""

    def make(tenant: Tenant, name: str = "Bakkerij Peeters", **fields: Any) -> int:
        with work(tenant) as ctx:
            return create_customer(ctx, {"name": name, **fields}).id

    return make


@pytest.fixture
def make_invoice(work: Callable[..., Any]) -> Callable[..., int]:
    """`make_invoice(tenant, customer_id, lines=3, post=False, kind="invoice")`: a document id."""

    def make(tenant: Tenant, customer_id: int, lines: int = 2, *, post: bool = False,
             kind: str = "invoice", **header: Any) -> int:
        from core.documents.posting import post_document

        with work(tenant) as ctx:
            doc = create_document(ctx, kind, customer_id, lines=[
                {"description": f"Werk {n}", "quantity": n, "unit_price": Decimal("100")}
                for n in range(1, lines + 1)], **header)
            if post:
                post_document(ctx, doc)
            return doc.id

    return make

