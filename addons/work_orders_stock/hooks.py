"""The materials of a work order move the stock of the products whose stock is followed."""

from __future__ import annotations

from addons.stock.api import move_stock
from addons.work_orders.api import MaterialUse
from core.api import Context, hookimpl

SOURCE = "work_orders"


@hookimpl
def work_order_materials_used(
    ctx: Context, work_order_id: int, lines: tuple[MaterialUse, ...]
) -> None:
    """Used materials leave the stock; materials given back return to it."""
    reason = f"#{work_order_id}"
    for line in lines:
        if line.quantity:
            move_stock(ctx, line.product_id, -line.quantity, reason, source=SOURCE)
