"""What a work order hands to the addons that follow its materials (stock, ...)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from addons.work_orders.models import LineKind, WorkOrder


@dataclass(frozen=True)
class MaterialUse:
    """A product used on a work order: positive when used, negative when given back."""

    line_id: int
    product_id: int
    quantity: Decimal
    description: str


def material_uses(order: WorkOrder, sign: int = 1) -> tuple[MaterialUse, ...]:
    """The order's material lines, quantities multiplied by `sign` (1 or -1)."""
    return tuple(
        MaterialUse(line.id, line.product_id, line.quantity * sign, line.description)
        for line in order.lines
        if line.kind == LineKind.MATERIAL and line.product_id is not None
    )
