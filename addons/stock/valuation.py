"""Stock value at cost on a date: weighted average cost from purchase receipts.

Each receipt of a product changes its average cost: (on hand × average + received × cost)
÷ (on hand + received); what goes out leaves the average as it is. The value of a product is
what is on hand at the date times its average cost then (nothing when on hand is negative).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from addons.products.api import Product
from addons.stock.ledger import ZERO
from addons.stock.models import Move
from addons.stock.translation import _
from core.api import Context, export_table

CENT = Decimal("0.01")
COST = Decimal("0.000001")


@dataclass(frozen=True)
class Valued:
    """A product's quantity on hand, average cost and value at a date."""

    product_id: int
    code: str
    name: str
    quantity: Decimal
    average_cost: Decimal
    value: Decimal


def valuation(ctx: Context, on: date) -> list[Valued]:
    """Every product with moves up to `on`, valued at its weighted average cost then."""
    names = {pid: (code, name) for pid, code, name in ctx.session.execute(
        select(Product.id, Product.code, Product.name))}
    state: dict[int, tuple[Decimal, Decimal]] = {}
    moves = ctx.session.execute(
        select(Move.product_id, Move.quantity, Move.unit_cost)
        .where(Move.move_date <= on).order_by(Move.move_date, Move.id))
    for product_id, quantity, cost in moves:
        on_hand, average = state.get(product_id, (ZERO, ZERO))
        quantity = Decimal(quantity)
        if cost is not None and quantity > 0:
            base = max(on_hand, ZERO)
            average = ((base * average + quantity * Decimal(cost)) / (base + quantity)
                       ).quantize(COST, ROUND_HALF_UP)
        state[product_id] = (on_hand + quantity, average)
    result = []
    for product_id, (on_hand, average) in state.items():
        code, name = names.get(product_id, ("", ""))
        value = (max(on_hand, ZERO) * average).quantize(CENT, ROUND_HALF_UP)
        result.append(Valued(product_id, code, name, on_hand, average, value))
    return sorted(result, key=lambda item: (item.name, item.product_id))


def total_value(items: list[Valued]) -> Decimal:
    """The value of the whole stock."""
    return sum((item.value for item in items), ZERO)


def valuation_file(ctx: Context, on: date, fmt: str) -> tuple[bytes, str, str]:
    """The valuation at a date as a CSV or XLSX file: (bytes, content type, extension)."""
    items = valuation(ctx, on)
    headers = [_("Code"), _("Product"), _("Quantity"), _("Average cost"), _("Value")]
    rows = [[i.code, i.name, i.quantity, i.average_cost, i.value] for i in items]
    rows.append(["", _("Total"), "", "", total_value(items)])
    return export_table(fmt, headers, rows)


def _move_rows(ctx: Context) -> Iterator[list[object]]:
    names = {pid: (code, name) for pid, code, name in ctx.session.execute(
        select(Product.id, Product.code, Product.name))}
    for move in ctx.session.scalars(select(Move).order_by(Move.move_date, Move.id)):
        code, name = names.get(move.product_id, ("", ""))
        yield [move.move_date, code, name, move.quantity, move.source,
               move.document_id or "", move.line_position or "", move.receipt_id or "",
               move.count_id or "", move.unit_cost if move.unit_cost is not None else "",
               move.reason]


def moves_file(ctx: Context, fmt: str) -> tuple[bytes, str, str]:
    """Every move as a CSV or XLSX file: (bytes, content type, extension)."""
    headers = [_("Date"), _("Code"), _("Product"), _("Quantity"), _("Source"),
               _("Document"), _("Line"), _("Receipt"), _("Count"), _("Cost price"),
               _("Reason")]
    return export_table(fmt, headers, _move_rows(ctx))
