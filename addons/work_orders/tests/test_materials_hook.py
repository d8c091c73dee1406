"""Materials move through the published hook `work_order_materials_used`, once per state
change, reversed on reopen, unlock and cancel; a small addon stands in for stock."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from addons.products.api import create_product
from addons.work_orders.service import (
    add_material,
    add_time,
    cancel,
    create_order,
    finish,
    start,
)
from addons.work_orders.signing import sign, unlock
from addons.work_orders.tests.conftest import DAY
from core.addons.catalogue import Catalogue
from core.addons.discovery import discover, locate
from core.api import create_customer
from core.app import Facturo
from core.tenants.models import Role
from core.tenants.service import add_member, create_tenant, create_user

sys.path.insert(0, str(Path(__file__).parent / "stock_probe"))

from wo_stock_probe import hooks as probe


@pytest.fixture
def probe_app(facturo_settings: Any, facturo_registry: Any) -> Iterator[Facturo]:
    """The installed addons plus the probe that follows materials."""
    catalogue = Catalogue.load([*discover(), locate("wo_stock_probe", "wo_stock_probe")])
    app = Facturo(facturo_settings, catalogue=catalogue, registry=facturo_registry)
    probe.MOVES.clear()
    yield app
    probe.MOVES.clear()
    app.db.dispose()


def test_done_books_the_materials_once_and_undoing_gives_them_back(
        probe_app: Facturo, shop_in: Any) -> None:
    tenant_id, order_id, product_id, png = shop_in(probe_app)
    moves = []
    with probe_app.tenant_context(tenant_id) as ctx:
        finish(ctx, order_id)
        moves.append(list(probe.MOVES))
        start(ctx, order_id)  # reopened: given back
        moves.append(list(probe.MOVES[1:]))
        sign(ctx, order_id, name="Piet Peeters", png=png, ip="192.0.2.7")  # booked again
        unlock(ctx, order_id)  # given back
        finish(ctx, order_id)
        cancel(ctx, order_id)  # given back
    used = (tenant_id, order_id, product_id, "2.000")
    back = (tenant_id, order_id, product_id, "-2.000")
    assert moves == [[used], [back]]
    assert [used, back, used, back, used, back] == probe.MOVES


def test_switched_off_nobody_hears_of_materials(probe_app: Facturo, shop_in: Any) -> None:
    tenant_id, order_id, _product, _png = shop_in(probe_app)
    probe_app.addon_manager.switch_off(tenant_id, "wo_stock_probe")
    with probe_app.tenant_context(tenant_id) as ctx:
        finish(ctx, order_id)
    assert probe.MOVES == []


@pytest.fixture
def shop_in(signature_png_bytes: bytes) -> Any:
    """`make(app)`: a tenant with the probe on and an order with 2 of a product."""

    def make(app: Facturo) -> tuple[int, int, int, bytes]:
        tenant = create_tenant(app, "Loodgieterij Maes", slug="maes-probe")
        app.addon_manager.switch_on(tenant.id, "wo_stock_probe")
        user = create_user(app, "jan@probe.example", "a-long-password-1", name="Jan")
        add_member(app, tenant.id, user.id, Role.MEMBER)
        with app.tenant_context(tenant.id) as ctx:
            customer = create_customer(ctx, {"name": "Bakkerij Peeters"}).id
            product = create_product(ctx, {"name": "Kraan", "sale_price": "30"}).id
            order = create_order(ctx, customer, planned_start=DAY)
            add_material(ctx, order, product, 2)
            add_time(ctx, order, user.id, DAY, minutes=30)
            start(ctx, order)
            return tenant.id, order.id, product, signature_png_bytes

    return make
