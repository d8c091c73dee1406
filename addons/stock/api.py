"""The public API of the stock addon, for addons that build on it (e.g. work orders that use
materials).

    from addons.stock.api import move_stock, stock_level
    move_stock(ctx, product_id, Decimal(-2), "Work order WO-12", source="work_orders")
"""

from __future__ import annotations

from decimal import Decimal

from addons.stock.errors import StockError
from addons.stock.ledger import NewMove, write_moves
from addons.stock.ledger import level as _level
from addons.stock.models import MoveSource
from addons.stock.service import stocked
from addons.stock.translation import _
from core.api import Context


def stock_level(ctx: Context, product_id: int) -> Decimal:
    """The real stock of a product of the tenant (0 when it has no moves)."""
    return _level(ctx, product_id)


def is_stocked(ctx: Context, product_id: int) -> bool:
    """Whether the tenant follows the stock of this product."""
    row = stocked(ctx, product_id)
    return row is not None and row.tracked


def move_stock(
    ctx: Context, product_id: int, quantity: Decimal, reason: str, source: str = "",
    document_id: int | None = None,
) -> bool:
    """Move `quantity` (signed, in the product's unit; negative takes stock out) of a
    followed product, in the caller's transaction, naming the reason and the calling addon
    (`source`). Returns False, writing nothing, when the product's stock is not followed."""
    if not reason.strip():
        raise StockError(_("Give the reason of the correction."))
    if not is_stocked(ctx, product_id):
        return False
    text = f"{source}: {reason.strip()}" if source else reason.strip()
    write_moves(ctx, [NewMove(product_id, Decimal(quantity), MoveSource.EXTERNAL,
                              document_id=document_id, reason=text, user_id=ctx.user_id)])
    return True


__all__ = ["StockError", "is_stocked", "move_stock", "stock_level"]
