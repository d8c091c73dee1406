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
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, select

from addons.products.api import Product
from addons.stock.models import (
    Component,
    StockedProduct,
    UnitConversion,
)
from core.api import Context, LineRecord, tenant_param, tenant_rows

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
    """Turns document lines into quantities of followed products, in their own unit.

    One query reads what the lines need: each product's unit and whether it is followed,
    its components (and whether they are followed) and its other units. Posting applies
    the same rules in SQL (`addons.stock.posting`); this is what the editor asks.
    """

    def __init__(self, ctx: Context, product_ids: Iterable[int]) -> None:
        self.units: dict[int, str] = {}
        self.tracked: set[int] = set()
        self.components: dict[int, dict[int, Decimal]] = defaultdict(dict)
        self.factors: dict[tuple[int, str], Decimal] = {}
        ids = set(product_ids)
        if not ids:
            return
        rows = tenant_rows(ctx.session, _facts_query(), {"ids": list(ids)})
        for pid, unit, tracked, component, per, component_tracked, other, factor in rows:
            self.units[pid] = unit
            if tracked:
                self.tracked.add(pid)
            if component is not None:
                self.components[pid][component] = Decimal(per)
                if component_tracked:
                    self.tracked.add(component)
            if other is not None:
                self.factors[(pid, other)] = Decimal(factor)

    @property
    def follows_any(self) -> bool:
        """Whether any of the products (or their components) is followed."""
        return bool(self.tracked)

    def in_product_unit(self, product_id: int, quantity: Decimal, unit: str) -> Decimal:
        """A quantity typed in `unit` in the product's own unit (unchanged without a factor)."""
        if unit and unit != self.units.get(product_id):
            factor = self.factors.get((product_id, unit))
            if factor is not None:
                return quantity * factor
        return quantity

    def moves(self, line: LineRecord) -> list[LineMove]:
        """The followed products a line moves and how much of each."""
        if line.product_id is None or not line.quantity:
            return []
        quantity = self.in_product_unit(line.product_id, Decimal(line.quantity), line.unit)
        parts = self.components.get(line.product_id)
        if parts:
            return [LineMove(line.position, component, quantity * per)
                    for component, per in parts.items() if component in self.tracked]
        if line.product_id in self.tracked:
            return [LineMove(line.position, line.product_id, quantity)]
        return []


@cache
def _facts_query() -> Select[Any]:
    """The one query of `Expander`, built once: Core, every table filtered by tenant
    (parameter `ids`)."""
    tenant = tenant_param()
    product, followed, part = (Product.__table__, StockedProduct.__table__,
                               StockedProduct.__table__.alias("part"))
    component, unit = Component.__table__, UnitConversion.__table__
    return (
        select(product.c.id, product.c.unit, followed.c.tracked, component.c.component_id,
               component.c.quantity, part.c.tracked, unit.c.unit, unit.c.factor)
        .select_from(product)
        .outerjoin(followed, and_(followed.c.product_id == product.c.id,
                                  followed.c.tenant_id == tenant))
        .outerjoin(component, and_(component.c.product_id == product.c.id,
                                   component.c.tenant_id == tenant))
        .outerjoin(part, and_(part.c.product_id == component.c.component_id,
                              part.c.tenant_id == tenant))
        .outerjoin(unit, and_(unit.c.product_id == product.c.id, unit.c.tenant_id == tenant))
        .where(product.c.tenant_id == tenant,
               product.c.id.in_(bindparam("ids", expanding=True)))
    )


def expand(ctx: Context, lines: Iterable[LineRecord]) -> list[LineMove]:
    """The tracked quantities of some lines (composites as their components)."""
    chosen = [line for line in lines if line.product_id is not None]
    if not chosen:
        return []
    expander = Expander(ctx, {line.product_id for line in chosen if line.product_id})
    return [move for line in chosen for move in expander.moves(line)]


def moving_kind(kind: str) -> bool:
    """Whether documents of a kind can move stock in some mode."""
    return kind == CREDIT_NOTE or any(kind in kinds for kinds in OUT_KINDS.values())
