"""A done work order takes its materials out of stock; reopening gives them back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from addons.products.api import create_product
from addons.stock.api import stock_level
from addons.stock.service import track
from addons.work_orders.service import add_material, cancel, create_order, finish, start
from core.api import create_customer


def test_materials_leave_the_stock_when_done_and_come_back_when_undone(
    facturo_app: Any, make_tenant: Callable[..., Any]
) -> None:
    tenant = make_tenant("Loodgieterij Maes", slug="maes", addons=("work_orders", "stock"))
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert ctx.is_active("work_orders_stock")  # glue: on by itself with both
        customer = create_customer(ctx, {"name": "Bakkerij Peeters"})
        pipe = create_product(ctx, {"name": "Koperen buis", "sale_price": "12.50",
                                    "vat_rate": "21", "unit": "MTR"})
        tape = create_product(ctx, {"name": "Tape", "sale_price": "2", "vat_rate": "21"})
        track(ctx, pipe.id)  # the tape's stock is not followed
        order = create_order(ctx, customer.id, description="Lek", planned_start=date(2026, 12, 2))
        add_material(ctx, order.id, pipe.id, "2.5")
        add_material(ctx, order.id, tape.id, "1")
        finish(ctx, order.id)
        assert stock_level(ctx, pipe.id) == Decimal("-2.5")
        start(ctx, order.id)  # reopened: given back
        assert stock_level(ctx, pipe.id) == 0
        finish(ctx, order.id)
        cancel(ctx, order.id)
        assert stock_level(ctx, pipe.id) == 0
        assert stock_level(ctx, tape.id) == 0


def test_without_stock_the_glue_stays_off(
    facturo_app: Any, make_tenant: Callable[..., Any]
) -> None:
    tenant = make_tenant("Schrijnwerkerij", slug="hout", addons=("work_orders",))
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert not ctx.is_active("work_orders_stock")
