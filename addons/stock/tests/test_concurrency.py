"""Four users posting invoices of the same product at the same time never lose a move."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from addons.stock.api import move_stock
from addons.stock.ledger import level, verify
from addons.stock.tests.helpers import line, post

WRITERS = 4
INVOICES = 25
LINES = 10  # 25 invoices × 10 lines = 250 lines per writer


def test_four_writers_of_250_lines_leave_exactly_minus_1000(
    facturo_app, shop, in_tenant, customer_id, screws
):
    def writer(_number: int) -> None:
        for _ in range(INVOICES):
            with facturo_app.tenant_context(shop.id) as ctx:
                post(ctx, "invoice", customer_id, [line(screws, 1)] * LINES)

    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(writer, range(WRITERS)))
    with in_tenant() as ctx:
        assert level(ctx, screws) == Decimal(-WRITERS * INVOICES * LINES) == Decimal(-1000)
        assert verify(ctx) == []


def test_four_writers_moving_stock_outside_documents_lose_nothing(
    facturo_app, shop, in_tenant, screws
):
    """Without a document number to wait for, the balance row is what writers meet on."""
    def writer(_number: int) -> None:
        for _ in range(INVOICES):
            with facturo_app.tenant_context(shop.id) as ctx:
                for _ in range(LINES):
                    move_stock(ctx, screws, Decimal(-1), "Used on a work order", "work_orders")

    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(writer, range(WRITERS)))
    with in_tenant() as ctx:
        assert level(ctx, screws) == Decimal(-1000)
        assert verify(ctx) == []
