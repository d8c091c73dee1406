"""Incoming stock and counts: purchase receipts with cost prices, stock counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from addons.products.api import get_product
from addons.stock.errors import StockError
from addons.stock.ledger import NewMove, level, write_moves
from addons.stock.models import Count, CountLine, MoveSource, Receipt
from addons.stock.service import stocked, track
from addons.stock.translation import _
from core.api import Context


def receive(
    ctx: Context, supplier: str, receipt_date: date,
    lines: Iterable[tuple[int, Decimal, Decimal]], reference: str = "",
) -> Receipt:
    """A purchase receipt: (product id, quantity, cost price per unit) lines from a supplier
    on a date; each line becomes a move in. Nothing is written when a line is wrong."""
    chosen = list(lines)
    if not supplier.strip():
        raise StockError(_("Give the supplier of the receipt."))
    if not chosen:
        raise StockError(_("A receipt needs at least one line."))
    for product_id, quantity, cost in chosen:
        get_product(ctx, product_id)
        if quantity <= 0:
            raise StockError(_("A received quantity must be above zero."))
        if cost < 0:
            raise StockError(_("A cost price cannot be negative."))
    receipt = Receipt(supplier=supplier.strip(), receipt_date=receipt_date,
                      reference=reference.strip(), user_id=ctx.user_id)
    ctx.session.add(receipt)
    ctx.session.flush()
    for product_id, _quantity, _cost in chosen:
        if stocked(ctx, product_id) is None:
            track(ctx, product_id)
    write_moves(ctx, [NewMove(p, q, MoveSource.RECEIPT, receipt_date, receipt_id=receipt.id,
                              unit_cost=c, user_id=ctx.user_id) for p, q, c in chosen])
    return receipt


def start_count(ctx: Context, count_date: date, counted: Mapping[int, Decimal]) -> Count:
    """A count in progress: the counted quantity of each listed product."""
    for product_id, quantity in counted.items():
        get_product(ctx, product_id)
        if quantity < 0:
            raise StockError(_("A counted quantity cannot be negative."))
    if not counted:
        raise StockError(_("Count at least one product."))
    count = Count(count_date=count_date, user_id=ctx.user_id)
    ctx.session.add(count)
    ctx.session.flush()
    ctx.session.add_all(CountLine(count_id=count.id, product_id=p, counted=q)
                        for p, q in counted.items())
    ctx.session.flush()
    return count


def count_lines(ctx: Context, count_id: int) -> list[CountLine]:
    """The lines of a count of the tenant."""
    return list(ctx.session.scalars(
        select(CountLine).where(CountLine.count_id == count_id).order_by(CountLine.id)))


def get_count(ctx: Context, count_id: int) -> Count:
    """A count of the tenant; `StockError` for any other id."""
    count = ctx.session.scalar(select(Count).where(Count.id == count_id))
    if count is None:
        raise StockError(_("This count does not exist."))
    return count


def post_count(ctx: Context, count_id: int) -> int:
    """Post a count: each difference between counted and on hand becomes a move.
    Returns the number of moves; a count is posted once."""
    count = get_count(ctx, count_id)
    if count.posted:
        raise StockError(_("This count is already posted."))
    moves = []
    for line in count_lines(ctx, count_id):
        if stocked(ctx, line.product_id) is None:
            track(ctx, line.product_id)
        line.expected = level(ctx, line.product_id)
        difference = line.counted - line.expected
        moves.append(NewMove(line.product_id, difference, MoveSource.COUNT, count.count_date,
                             count_id=count.id, user_id=ctx.user_id))
    count.posted = True
    ctx.session.flush()
    return write_moves(ctx, moves)
