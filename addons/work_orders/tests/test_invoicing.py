"""Done or signed work orders of one customer → one draft invoice; a credit note frees them."""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from typing import Any

import pytest

from addons.work_orders.invoicing import invoice_orders, is_free, orders_of_invoice, state_of
from addons.work_orders.models import OrderState, WorkOrder
from addons.work_orders.rates import set_rate
from addons.work_orders.service import (
    WorkOrderError,
    add_km,
    add_material,
    add_text,
    add_time,
    finish,
    start,
)
from addons.work_orders.tests.conftest import DAY
from core.api import create_credit_note, create_customer, post_document
from core.documents.service import delete_draft


def done_order(ctx: Any, make_order: Any, shop: dict[str, int], **fields: Any) -> Any:
    """An order with 2 h 05 and 40 min of work, 3 m of pipe and 42 km, marked done."""
    order = make_order(ctx, **fields)
    add_time(ctx, order, shop["worker"], DAY, start=time(8, 0), end=time(10, 5))
    add_time(ctx, order, shop["worker"], DAY, minutes=40)
    add_material(ctx, order, shop["product"], 3)
    add_km(ctx, order, 42)
    add_text(ctx, order, "Sifon vervangen")
    return finish(ctx, order)


def test_several_orders_become_one_invoice_grouped_per_order(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        set_rate(ctx, Decimal("48"), user_id=shop["worker"])
        first = done_order(ctx, make_order, shop)
        second = done_order(ctx, make_order, shop, description="Boiler ontkalken")
        invoice = invoice_orders(ctx, [second.id, first.id])
        rows = [(line.line_type, line.description, line.quantity, line.unit_price)
                for line in invoice.lines]
        # per order: 2 h 15 + 45 min per started quarter = 3 h at 48, 3 m pipe at 12.50, 42 km
        per_order = [
            ("product", "Koperen buis 15 mm", Decimal(3), Decimal("12.50")),
            ("free", "Werkuren – jan", Decimal(3), Decimal(48)),
            ("free", "Verplaatsing", Decimal(42), Decimal("0.45")),
        ]
        assert [row[0] for row in rows] == ["subtitle", *[r[0] for r in per_order]] * 2
        assert rows[0][1] == f"Werkbon {first.id} van 02/12/2026 – Lek onder de gootsteen"
        assert rows[4][1] == f"Werkbon {second.id} van 02/12/2026 – Boiler ontkalken"
        assert [row[1:] for row in rows[1:4]] == [r[1:] for r in per_order]
        assert invoice.total_excl_vat == 2 * (Decimal("37.50") + 144 + Decimal("18.90"))
        assert invoice.is_draft
        assert {first.state, second.state} == {OrderState.INVOICED}
        assert (first.invoice_id, second.invoice_id) == (invoice.id, invoice.id)
        assert orders_of_invoice(ctx, invoice.id) == [first, second]
        # the invoice's page lists its work orders
        shown = ctx.fragments("ui_slot", name="document.detail.panels", obj=invoice)
        assert f"/apps/work_orders/{first.id}" in shown[0][1]


def test_only_done_or_signed_orders_of_one_customer_and_never_twice(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        other = create_customer(ctx, {"name": "Slagerij Wouters"}).id
        ready = done_order(ctx, make_order, shop)
        elsewhere = done_order(ctx, make_order, shop, customer_id=other)
        busy = start(ctx, make_order(ctx))
        with pytest.raises(WorkOrderError, match="one customer"):
            invoice_orders(ctx, [ready.id, elsewhere.id])
        with pytest.raises(WorkOrderError, match="is in progress: only done or signed"):
            invoice_orders(ctx, [ready.id, busy.id])
        with pytest.raises(WorkOrderError, match="chosen twice"):
            invoice_orders(ctx, [ready.id, ready.id])
        with pytest.raises(WorkOrderError, match="at least one"):
            invoice_orders(ctx, [])
        invoice_orders(ctx, [ready.id])
        with pytest.raises(WorkOrderError, match="is invoiced"):
            invoice_orders(ctx, [ready.id])


def test_crediting_the_invoice_frees_its_orders(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        order = done_order(ctx, make_order, shop)
        invoice = post_document(ctx, invoice_orders(ctx, [order.id]))
        note = create_credit_note(ctx, invoice)
        assert order.state == OrderState.INVOICED
        post_document(ctx, note)
        assert (order.state, order.invoice_id) == (OrderState.DONE, None)
        again = invoice_orders(ctx, [order.id])
        assert order.invoice_id == again.id


def test_switched_off_the_addon_leaves_invoices_alone(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        order = done_order(ctx, make_order, shop)
        invoice = post_document(ctx, invoice_orders(ctx, [order.id]))
        order_id, invoice_id = order.id, invoice.id
    facturo_app.addon_manager.switch_off(tenant.id, "work_orders")
    with facturo_app.tenant_context(tenant.id) as ctx:
        note = post_document(ctx, create_credit_note(ctx, invoice_id))
        assert ctx.fragments("ui_slot", name="document.detail.panels", obj=note) == []
        assert ctx.session.get(WorkOrder, order_id).invoice_id == invoice_id


def test_deleting_the_draft_invoice_frees_its_orders(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        order_id = done_order(ctx, make_order, shop).id
        invoice_id = invoice_orders(ctx, [order_id]).id
    with facturo_app.tenant_context(tenant.id) as ctx:
        delete_draft(ctx, invoice_id)
    with facturo_app.tenant_context(tenant.id) as ctx:
        order = ctx.session.get(WorkOrder, order_id)
        assert order.invoice_id is None and is_free(order)
        assert state_of(order) == OrderState.DONE
        assert invoice_orders(ctx, [order_id]).id != invoice_id


@pytest.mark.parametrize(("rounding", "hours"), [
    ("none", Decimal("2.75")), ("quarter", Decimal(3)), ("half_hour", Decimal("3.5")),
    ("hour", Decimal(4))])
def test_the_tenants_rounding_and_the_customers_rate_reach_the_invoice(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any,
        rounding: str, hours: Decimal) -> None:
    facturo_app.addon_manager.configure(tenant.id, "work_orders", {"time_rounding": rounding})
    with facturo_app.tenant_context(tenant.id) as ctx:
        set_rate(ctx, Decimal("48"), user_id=shop["worker"])
        set_rate(ctx, Decimal("40"), customer_id=shop["customer"])
        order = done_order(ctx, make_order, shop)  # 2 h 05 and 40 min
        invoice = invoice_orders(ctx, [order.id])
        (labour,) = [line for line in invoice.lines if line.unit == "HUR"]
        assert (labour.quantity, labour.unit_price) == (hours, Decimal(40))
