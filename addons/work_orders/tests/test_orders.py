"""Work orders: site address, employees, lines, states and rates, on both databases."""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from typing import Any

import pytest

from addons.work_orders.models import LineKind, OrderState
from addons.work_orders.rates import hourly_rate, set_rate
from addons.work_orders.service import (
    WorkOrderError,
    add_km,
    add_material,
    add_text,
    add_time,
    cancel,
    create_order,
    finish,
    load_order,
    set_assignees,
    start,
)
from addons.work_orders.tests.conftest import DAY
from core.api import create_customer


def test_the_site_is_the_customers_address_unless_given_and_is_kept_with_the_order(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        home = make_order(ctx)
        site = make_order(ctx, site={"street": "Werfstraat 9", "postal_code": "2018",
                                     "city": "Antwerpen"})
        assert (home.site_street, home.site_city) == ("Kerkstraat 1", "Antwerpen")
        assert (site.site_street, site.site_postal_code) == ("Werfstraat 9", "2018")
        assert home.state == OrderState.PLANNED


def test_employees_are_people_of_the_company_only(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any,
        make_tenant: Any, make_user: Any) -> None:
    stranger = make_user(make_tenant("Other BV", slug="other"))
    with facturo_app.tenant_context(tenant.id) as ctx:
        order = make_order(ctx, assignees=[shop["worker"]])
        assert [row.user_id for row in order.assignees] == [shop["worker"]]
        with pytest.raises(WorkOrderError, match="Only people of this company"):
            set_assignees(ctx, order, [shop["worker"], stranger.id])
        set_assignees(ctx, order, [])
        assert order.assignees == []


def test_lines_of_every_kind_and_their_checks(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        order = make_order(ctx)
        add_time(ctx, order, shop["worker"], DAY, start=time(8, 0), end=time(10, 5))
        add_time(ctx, order, shop["worker"], DAY, minutes=40)
        add_material(ctx, order, shop["product"], Decimal("3.5"))
        add_km(ctx, order, "42")
        add_text(ctx, order, "Sifon vervangen")
        kinds = [(line.kind, line.minutes, line.quantity) for line in order.lines]
        assert kinds == [(LineKind.TIME, 125, 0), (LineKind.TIME, 40, 0),
                         (LineKind.MATERIAL, 0, Decimal("3.5")), (LineKind.KM, 0, 42),
                         (LineKind.TEXT, 0, 0)]
        assert order.lines[2].description == "Koperen buis 15 mm"
        with pytest.raises(WorkOrderError, match="end time must be after"):
            add_time(ctx, order, shop["worker"], DAY, start=time(10, 0), end=time(9, 0))
        with pytest.raises(WorkOrderError, match="start and an end time, or a duration"):
            add_time(ctx, order, shop["worker"], DAY, start=time(10, 0))
        with pytest.raises(WorkOrderError, match="more than zero"):
            add_km(ctx, order, "0")
        with pytest.raises(WorkOrderError, match="product does not exist"):
            add_material(ctx, order, 999999, 1)
        assert len(order.lines) == 5


def test_states_move_forward_and_a_done_order_takes_no_lines(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        order = make_order(ctx)
        start(ctx, order)
        assert order.state == OrderState.IN_PROGRESS
        finish(ctx, order)
        assert order.state == OrderState.DONE
        with pytest.raises(WorkOrderError, match="can no longer change: it is done"):
            add_km(ctx, order, 10)
        start(ctx, order)  # reopened
        cancel(ctx, order)
        with pytest.raises(WorkOrderError, match="cancelled cannot become in progress"):
            start(ctx, order)


def test_another_tenants_work_order_is_not_found(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any,
        make_tenant: Any) -> None:
    other = make_tenant("Other BV", slug="other", addons=("work_orders",))
    with facturo_app.tenant_context(tenant.id) as ctx:
        order_id = make_order(ctx).id
    with facturo_app.tenant_context(other.id) as ctx:
        with pytest.raises(WorkOrderError, match="does not exist"):
            load_order(ctx, order_id)
        stranger = create_customer(ctx, {"name": "Elders"}).id
    with (facturo_app.tenant_context(tenant.id) as ctx,
          pytest.raises(WorkOrderError, match="Choose the customer")):
        create_order(ctx, stranger, planned_start=DAY)


def test_the_most_specific_hourly_rate_wins(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_user: Any) -> None:
    boss = make_user(tenant).id
    worker, customer = shop["worker"], shop["customer"]
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert hourly_rate(ctx, worker, customer) == Decimal("50.00")
        set_rate(ctx, Decimal("45"), user_id=worker)
        assert hourly_rate(ctx, worker, customer) == Decimal("45")
        assert hourly_rate(ctx, boss, customer) == Decimal("50.00")
        set_rate(ctx, Decimal("40"), customer_id=customer)
        assert hourly_rate(ctx, worker, customer) == Decimal("40")
        assert hourly_rate(ctx, boss, customer) == Decimal("40")
        assert hourly_rate(ctx, worker, None) == Decimal("45")
        set_rate(ctx, Decimal("42.50"), user_id=worker, customer_id=customer)
        assert hourly_rate(ctx, worker, customer) == Decimal("42.50")
        set_rate(ctx, None, user_id=worker, customer_id=customer)
        assert hourly_rate(ctx, worker, customer) == Decimal("40")
        with pytest.raises(ValueError, match="cannot be negative"):
            set_rate(ctx, Decimal("-1"), user_id=worker)
    facturo_app.addon_manager.configure(tenant.id, "work_orders", {"default_hourly_rate": "55"})
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert hourly_rate(ctx, boss, None) == Decimal("55")


def test_switched_off_its_pages_are_gone_and_its_data_stays(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any,
        web_client: Any) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        order_id = make_order(ctx).id
    client = web_client(tenant, language="en")
    assert client.get(f"/apps/work_orders/{order_id}").status_code == 200
    facturo_app.addon_manager.switch_off(tenant.id, "work_orders")
    for path in ("/apps/work_orders/", f"/apps/work_orders/{order_id}",
                 "/apps/work_orders/planning"):
        assert client.get(path).status_code == 404, path
    assert "/apps/work_orders/" not in client.get("/").text
    facturo_app.addon_manager.switch_on(tenant.id, "work_orders")
    page = client.get(f"/apps/work_orders/{order_id}")
    assert page.status_code == 200 and "Lek onder de gootsteen" in page.text
