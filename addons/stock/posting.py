"""The moves of a posted document, written by one statement.

Posting is the hot path of stock: a shop posts invoice after invoice. The rules of
`addons.stock.rules` (which documents move stock, units, composites, followed products)
are applied here in SQL, so that a posting costs one `INSERT … SELECT`, whatever the number
of lines (the database adds the moves to their balances). What a line moves:

- a line of a composite product moves its followed components, `quantity × per unit`;
- any other line moves its product when it is followed;
- a line typed in another unit of the product is converted through the product's units
  (a box of 24 → 24 pieces), as `Expander.in_product_unit` does for the editor's warning.

`tests/test_posting_matches_warning.py` checks that a posting moves exactly what the editor's
warning (`Expander`) said it would ask.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    Insert,
    and_,
    bindparam,
    exists,
    func,
    insert,
    literal,
    not_,
    select,
)

from addons.products.api import Product
from addons.stock.models import (
    Component,
    Location,
    Move,
    MoveSource,
    StockedProduct,
    UnitConversion,
)
from addons.stock.rules import CREDIT_NOTE, OUT_KINDS, mode
from core.api import (
    Context,
    DocumentLine,
    DocumentLink,
    DocumentRecord,
    tenant_param,
    tenant_rows,
    utcnow,
)

#: Whether the documents a document was made from moved stock: decides a credit note
#: (moves back only then) and an invoice made from delivery notes (moves nothing then).
SOURCES_MOVED = "sources_moved"
SOURCES_DID_NOT_MOVE = "sources_did_not_move"


def direction(record: DocumentRecord, current_mode: str) -> tuple[int, str] | None:
    """The sign of a document's moves (−1 out, +1 back) and the condition on its sources,
    or None when a document of its kind moves nothing in the mode."""
    if record.kind == CREDIT_NOTE:
        return 1, SOURCES_MOVED
    if record.kind in OUT_KINDS[current_mode]:
        return -1, SOURCES_DID_NOT_MOVE
    return None


def write_document_moves(
    ctx: Context, record: DocumentRecord, current_mode: str | None = None,
    only_products: set[int] | None = None,
) -> int:
    """Write the moves of a posted document under the mode (the tenant's one); a product
    the document already moved is skipped. `only_products`
    limits the moves to some products (catching up after a product was switched on).
    Returns how many moves were written."""
    found = direction(record, current_mode or mode(ctx))
    if found is None:
        return 0
    sign, condition = found
    params: dict[str, Any] = {
        "document_id": record.id, "sign": sign, "move_date": record.issue_date or date.today(),
        "created_at": utcnow(),
    }
    if only_products is not None:
        if not only_products:
            return 0
        params["only"] = sorted(only_products)
    statement = _insert_moves(condition, only_products is not None)
    return tenant_rows(ctx.session, statement, params).rowcount


@cache
def _insert_moves(condition: str, limited: bool) -> Insert:
    """The one statement of `write_document_moves`, built once per variant: Core, every
    table filtered by tenant (parameters `document_id`, `sign`, `move_date`, `created_at`
    and, when `limited`, `only`)."""
    tenant = tenant_param()
    line, product = DocumentLine.__table__, Product.__table__
    component, unit = Component.__table__, UnitConversion.__table__
    followed, link, move = StockedProduct.__table__, DocumentLink.__table__, Move.__table__
    earlier = move.alias("earlier")
    location_t = Location.__table__
    target = func.coalesce(component.c.component_id, line.c.product_id)
    quantity = (line.c.quantity * func.coalesce(unit.c.factor, 1)
                * func.coalesce(component.c.quantity, 1) * bindparam("sign"))
    location = (select(location_t.c.id)
                .where(location_t.c.tenant_id == tenant, location_t.c.is_default.is_(True))
                .order_by(location_t.c.id).limit(1).scalar_subquery())
    sources = select(link.c.source_id).where(
        link.c.target_id == bindparam("document_id"), link.c.tenant_id == tenant)
    sources_moved = exists().where(
        move.c.tenant_id == tenant, move.c.document_id.in_(sources),
        move.c.source == MoveSource.DOCUMENT)
    already = target.in_(select(earlier.c.product_id).where(
        earlier.c.tenant_id == tenant, earlier.c.document_id == bindparam("document_id"),
        earlier.c.source == MoveSource.DOCUMENT))
    conditions = [
        line.c.tenant_id == tenant, line.c.document_id == bindparam("document_id"),
        line.c.product_id.is_not(None), line.c.quantity != 0,
        followed.c.tracked.is_(True), not_(already),
        sources_moved if condition == SOURCES_MOVED else not_(sources_moved),
    ]
    if limited:
        conditions.append(target.in_(bindparam("only", expanding=True)))
    rows = (
        select(
            tenant, location, target, func.round(quantity, 4),
            literal(MoveSource.DOCUMENT), bindparam("move_date", type_=Move.move_date.type),
            bindparam("document_id"), line.c.position, literal(""),
            bindparam("created_at", type_=Move.created_at.type),
        )
        .select_from(line)
        .join(product, and_(product.c.id == line.c.product_id, product.c.tenant_id == tenant))
        .outerjoin(unit, and_(unit.c.product_id == line.c.product_id,
                              unit.c.unit == line.c.unit, unit.c.unit != product.c.unit,
                              unit.c.tenant_id == tenant))
        .outerjoin(component, and_(component.c.product_id == line.c.product_id,
                                   component.c.tenant_id == tenant))
        .join(followed, and_(followed.c.product_id == target, followed.c.tenant_id == tenant))
        .where(*conditions)
        .order_by(target, line.c.position)
    )
    columns = ["tenant_id", "location_id", "product_id", "quantity", "source", "move_date",
               "document_id", "line_position", "reason", "created_at"]
    return insert(move).from_select(columns, rows, include_defaults=False)


__all__ = ["direction", "write_document_moves"]
