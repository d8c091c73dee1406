"""The editor's warning: a draft asks more of a product than its virtual stock."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from addons.products.api import Product
from addons.stock.availability import virtual_levels
from addons.stock.rules import CREDIT_NOTE
from addons.stock.service import needed
from core.api import Context, DocumentRecord


@dataclass(frozen=True)
class Shortage:
    """A product a draft asks more of than is available."""

    product_id: int
    name: str
    asked: Decimal
    available: Decimal


def shortages(ctx: Context, record: DocumentRecord) -> list[Shortage]:
    """The followed products a draft asks more of than their virtual stock (a warning
    only: the document can still be posted)."""
    if not record.is_draft or record.kind == CREDIT_NOTE:
        return []
    asked = needed(ctx, record)
    if not asked:
        return []
    available = virtual_levels(ctx, list(asked))
    names = dict(ctx.session.execute(
        select(Product.id, Product.name).where(Product.id.in_(list(asked)))).all())
    return [Shortage(p, names.get(p, ""), asked[p], available[p])
            for p in sorted(asked, key=lambda p: names.get(p, ""))
            if asked[p] > available[p]]
