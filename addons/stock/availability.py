"""Real and virtual stock, and products under their minimum.

Real stock is what is on hand: the sum of the moves. Virtual stock also counts what is
promised: the quantities on posted order confirmations that were not converted yet (10 on
hand, 3 invoiced: real 7; an open order confirmation for 2: virtual 5).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import exists, select

from addons.products.api import Product
from addons.stock.ledger import ZERO, levels
from addons.stock.models import StockedProduct
from addons.stock.rules import ORDER_CONFIRMATION, expand
from core.api import Context, Document, DocumentLink, DocumentState, document_record


def reserved(ctx: Context) -> dict[int, Decimal]:
    """Quantities per followed product on open (posted, not cancelled, not converted) order
    confirmations."""
    open_orders = ctx.session.scalars(
        select(Document).where(
            Document.kind == ORDER_CONFIRMATION,
            Document.state.not_in((DocumentState.DRAFT, DocumentState.CANCELLED)),
            ~exists().where(DocumentLink.source_id == Document.id)))
    promised: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for document in open_orders:
        for move in expand(ctx, document_record(document).lines):
            promised[move.product_id] += move.quantity
    return dict(promised)


@dataclass(frozen=True)
class StockLine:
    """A followed product with its real and virtual stock and its minimum."""

    product_id: int
    code: str
    name: str
    unit: str
    real: Decimal
    reserved: Decimal
    minimum: Decimal | None

    @property
    def virtual(self) -> Decimal:
        """Real stock minus what open order confirmations promise."""
        return self.real - self.reserved

    @property
    def under_minimum(self) -> bool:
        """Whether the real stock is below the product's minimum."""
        return self.minimum is not None and self.real < self.minimum


def virtual_levels(ctx: Context, product_ids: list[int]) -> dict[int, Decimal]:
    """Virtual stock of some products."""
    real = levels(ctx, product_ids)
    promised = reserved(ctx)
    return {p: real.get(p, ZERO) - promised.get(p, ZERO) for p in product_ids}


def stock_lines(ctx: Context, search: str = "", limit: int = 200) -> list[StockLine]:
    """Followed products in name order with their levels (one query for all levels)."""
    query = (select(Product.id, Product.code, Product.name, Product.unit,
                    StockedProduct.minimum)
             .join(StockedProduct, StockedProduct.product_id == Product.id)
             .where(StockedProduct.tracked.is_(True))
             .order_by(Product.name, Product.id).limit(limit))
    if search:
        query = query.where(Product.search_text.contains(search.lower()))
    rows = ctx.session.execute(query).all()
    real = levels(ctx, [row[0] for row in rows])
    promised = reserved(ctx)
    return [StockLine(pid, code, name, unit, real.get(pid, ZERO), promised.get(pid, ZERO),
                      minimum)
            for pid, code, name, unit, minimum in rows]


def under_minimum(ctx: Context) -> list[StockLine]:
    """Followed products whose real stock is below their minimum."""
    query = (select(Product.id, Product.code, Product.name, Product.unit,
                    StockedProduct.minimum)
             .join(StockedProduct, StockedProduct.product_id == Product.id)
             .where(StockedProduct.tracked.is_(True), StockedProduct.minimum.is_not(None))
             .order_by(Product.name, Product.id))
    rows = ctx.session.execute(query).all()
    real = levels(ctx, [row[0] for row in rows])
    promised = reserved(ctx)
    found = [StockLine(pid, code, name, unit, real.get(pid, ZERO), promised.get(pid, ZERO),
                       minimum)
             for pid, code, name, unit, minimum in rows]
    return [line for line in found if line.under_minimum]
