"""Which documents move stock, and what each line of them moves.

The tenant's mode names the documents that take stock out: invoices, invoices and cash
receipts, or delivery notes. A credit note puts back what it credits, but only when its
invoice took stock. A document made from documents that already moved stock (an invoice
made from delivery notes) moves nothing, whatever the mode is now: so switching the mode
never moves the same goods twice. A line moves its product in the product's unit (a line in
another unit is converted through the product's units) and, for a composite product, its
components instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from addons.products.api import Product
from addons.stock.models import Component, Move, MoveSource, StockedProduct, UnitConversion
from core.api import Context, DocumentLink, DocumentRecord, LineRecord

ADDON = "stock"
INVOICES = "invoices"
INVOICES_CASH = "invoices_cash"
DELIVERY_NOTES = "delivery_notes"
OUT_KINDS = {
    INVOICES: frozenset({"invoice"}),
    INVOICES_CASH: frozenset({"invoice", "cash_receipt"}),
    DELIVERY_NOTES: frozenset({"delivery_note"}),
}
CREDIT_NOTE = "credit_note"
ORDER_CONFIRMATION = "order_confirmation"


def mode(ctx: Context) -> str:
    """The tenant's mode (`invoices`, `invoices_cash` or `delivery_notes`)."""
    return str(ctx.addon_settings(ADDON)["mode"])


@dataclass(frozen=True)
class LineMove:
    """What one line of a document moves: a product and a quantity (positive: out)."""

    position: int
    product_id: int
    quantity: Decimal


class Expander:
    """Turns document lines into quantities of tracked products, in their own unit."""

    def __init__(self, ctx: Context, product_ids: Iterable[int]) -> None:
        ids = set(product_ids)
        session = ctx.session
        self.components: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
        for row in session.execute(select(Component.product_id, Component.component_id,
                                          Component.quantity)
                                   .where(Component.product_id.in_(ids))):
            self.components[row[0]].append((row[1], Decimal(row[2])))
        everything = ids | {c for parts in self.components.values() for c, _ in parts}
        self.units = dict(session.execute(
            select(Product.id, Product.unit).where(Product.id.in_(ids))).all())
        self.factors = {(p, u): Decimal(f) for p, u, f in session.execute(
            select(UnitConversion.product_id, UnitConversion.unit, UnitConversion.factor)
            .where(UnitConversion.product_id.in_(ids)))}
        self.tracked = set(session.scalars(select(StockedProduct.product_id).where(
            StockedProduct.tracked.is_(True), StockedProduct.product_id.in_(everything))))

    def in_product_unit(self, product_id: int, quantity: Decimal, unit: str) -> Decimal:
        """A quantity typed in `unit` in the product's own unit (unchanged without a factor)."""
        if unit and unit != self.units.get(product_id):
            factor = self.factors.get((product_id, unit))
            if factor is not None:
                return quantity * factor
        return quantity

    def moves(self, line: LineRecord) -> list[LineMove]:
        """The tracked products a line moves and how much of each."""
        if line.product_id is None or not line.quantity:
            return []
        quantity = self.in_product_unit(line.product_id, Decimal(line.quantity), line.unit)
        parts = self.components.get(line.product_id)
        if parts:
            return [LineMove(line.position, component, quantity * per)
                    for component, per in parts if component in self.tracked]
        if line.product_id in self.tracked:
            return [LineMove(line.position, line.product_id, quantity)]
        return []


def expand(ctx: Context, lines: Iterable[LineRecord]) -> list[LineMove]:
    """The tracked quantities of some lines (composites as their components)."""
    chosen = [line for line in lines if line.product_id is not None]
    if not chosen:
        return []
    expander = Expander(ctx, {line.product_id for line in chosen if line.product_id})
    return [move for line in chosen for move in expander.moves(line)]


def sources_of(ctx: Context, document_id: int) -> list[int]:
    """Ids of the documents a document was made from (conversions and credited invoices)."""
    return list(ctx.session.scalars(
        select(DocumentLink.source_id).where(DocumentLink.target_id == document_id)))


def moved_stock(ctx: Context, document_ids: list[int]) -> bool:
    """Whether any of these documents has document moves."""
    if not document_ids:
        return False
    return ctx.session.scalar(select(Move.id).where(
        Move.document_id.in_(document_ids), Move.source == MoveSource.DOCUMENT).limit(1)
    ) is not None


def direction(ctx: Context, record: DocumentRecord, current_mode: str) -> int:
    """-1 when the posted document takes stock out, +1 when it puts back, 0 otherwise."""
    if record.kind == CREDIT_NOTE:
        return 1 if moved_stock(ctx, sources_of(ctx, record.id)) else 0
    if record.kind not in OUT_KINDS[current_mode]:
        return 0
    return 0 if moved_stock(ctx, sources_of(ctx, record.id)) else -1


def document_moves(
    ctx: Context, record: DocumentRecord, current_mode: str | None = None
) -> list[LineMove]:
    """The signed quantities a posted document moves under the mode (the tenant's one)."""
    sign = direction(ctx, record, current_mode or mode(ctx))
    if not sign:
        return []
    return [LineMove(m.position, m.product_id, m.quantity * sign)
            for m in expand(ctx, record.lines)]
