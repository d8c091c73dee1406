"""Fixtures of the work orders tests: a tenant with the addon on, its people, a customer and
a product."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PIL import Image, ImageDraw

from addons.products.api import create_product
from addons.work_orders.service import create_order
from core.api import create_customer
from core.tenants.models import Role

DAY = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Every test here reads messages in English (the kit's `english` fixture)."""


@pytest.fixture
def tenant(make_tenant: Callable[..., Any]) -> Any:
    """A plumber with work orders (and so products) switched on."""
    return make_tenant("Loodgieterij Maes", slug="maes", addons=("work_orders",))


@pytest.fixture
def worker(tenant: Any, make_user: Callable[..., Any]) -> Any:
    """An employee of the plumber."""
    return make_user(tenant, Role.MEMBER,
                     email="jan@maes.example")


@pytest.fixture
def shop(facturo_app: Any, tenant: Any, worker: Any) -> dict[str, int]:
    """Ids of a customer (in Dutch, with an address) and of a product (copper pipe, 12.50)."""
    with facturo_app.tenant_context(tenant.id) as ctx:
        customer = create_customer(ctx, {"name": "Bakkerij Peeters", "language": "nl",
                                         "street": "Kerkstraat 1", "postal_code": "2000",
                                         "city": "Antwerpen"})
        product = create_product(ctx, {"name": "Koperen buis 15 mm", "sale_price": "12.50",
                                       "vat_rate": "21", "unit": "MTR"})
        return {"customer": customer.id, "product": product.id, "worker": worker.id}


@pytest.fixture
def make_order(shop: dict[str, int]) -> Callable[..., Any]:
    """`make_order(ctx, **fields)`: a work order for the customer, planned on DAY."""

    def make(ctx: Any, **fields: Any) -> Any:
        fields.setdefault("planned_start", DAY)
        fields.setdefault("description", "Lek onder de gootsteen")
        return create_order(ctx, fields.pop("customer_id", shop["customer"]), **fields)

    return make


@pytest.fixture
def signature_png_bytes() -> bytes:
    """A PNG with a stroke on a transparent background, as a canvas gives it."""
    image = Image.new("RGBA", (200, 80), (0, 0, 0, 0))
    ImageDraw.Draw(image).line((10, 60, 80, 20, 190, 50), fill=(0, 0, 0, 255), width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
