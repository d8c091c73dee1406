"""Revenue of a customer: invoices and cash receipts minus credit notes (excl. VAT).

Read from the tables `documents` (kind, state, customer_id, issue_date, total_excl_vat) and
`document_lines` (document_id, product_id, description, quantity, net_amount), looked up in
the metadata at call time. Amounts are stored positive; `REVENUE_SIGNS` says which kinds add
and which subtract (an addon with another receipt kind adds it there). Drafts and cancelled
documents do not count. Amounts kept out of the taxable base (`vat.OUTSIDE_BASE`, such as
deposits on returnable packaging) are no turnover and lines without an amount (headings,
texts) no sale: both are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Table, case, extract, func, select

from core.context import Context
from core.db.base import Base
from core.documents.vat import OUTSIDE_BASE

REVENUE_SIGNS: dict[str, int] = {"invoice": 1, "cash_receipt": 1, "credit_note": -1}
NOT_COUNTED_STATES: set[str] = {"draft", "cancelled"}
ZERO = Decimal("0.00")
SOLD_LINE_TYPES = ("product", "free")  # lines with an amount (`LineType.PRICED`)


@dataclass(frozen=True)
class Revenue:
    """A customer's revenue in total and per year; `available` is False without documents."""

    total: Decimal = ZERO
    by_year: dict[int, Decimal] = field(default_factory=dict)
    available: bool = True


@dataclass(frozen=True)
class ProductSales:
    """What a customer bought of one product (or of one free-text line description)."""

    product_id: int | None
    description: str
    quantity: Decimal
    amount: Decimal


def _tables() -> tuple[Table, Table] | None:
    documents = Base.metadata.tables.get("documents")
    lines = Base.metadata.tables.get("document_lines")
    if documents is None or lines is None:
        return None
    return documents, lines


def _sign(documents: Table):  # type: ignore[no-untyped-def]
    return case(
        *[(documents.c.kind == kind, sign) for kind, sign in REVENUE_SIGNS.items()], else_=0
    )


def turnover(documents: Table, lines: Table):  # type: ignore[no-untyped-def]
    """A document's turnover as an SQL expression: its total without VAT less the lines kept
    out of the taxable base."""
    outside = (
        select(func.coalesce(func.sum(lines.c.net_amount), 0))
        .where(lines.c.document_id == documents.c.id, lines.c.vat_category == OUTSIDE_BASE)
        .correlate(documents)
        .scalar_subquery()
    )
    return documents.c.total_excl_vat - outside


def _counted(ctx: Context, documents: Table, contact_id: int) -> list:  # type: ignore[type-arg]
    return [
        documents.c.tenant_id == ctx.tenant_id,
        documents.c.customer_id == contact_id,
        documents.c.kind.in_(list(REVENUE_SIGNS)),
        documents.c.state.not_in(list(NOT_COUNTED_STATES)),
    ]


def _money(value: object) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def customer_revenue(ctx: Context, contact_id: int) -> Revenue:
    """The customer's revenue in total and per year of issue."""
    tables = _tables()
    if tables is None:
        return Revenue(available=False)
    documents, lines = tables
    year = extract("year", documents.c.issue_date)
    rows = ctx.session.execute(
        select(year, func.sum(turnover(documents, lines) * _sign(documents)))
        .where(*_counted(ctx, documents, contact_id))
        .group_by(year)
        .order_by(year)
    ).all()
    by_year = {int(y): _money(amount) for y, amount in rows if y is not None}
    return Revenue(total=_money(sum(by_year.values(), ZERO)), by_year=by_year)


def products_sold(
    ctx: Context, contact_id: int, *, year: int | None = None
) -> list[ProductSales]:
    """What the customer bought, per product (free-text lines per description), by amount."""
    tables = _tables()
    if tables is None:
        return []
    documents, lines = tables
    sign = _sign(documents)
    key = case((lines.c.product_id.is_(None), lines.c.description), else_=None)
    query = (
        select(
            lines.c.product_id,
            func.min(lines.c.description),
            func.sum(lines.c.quantity * sign),
            func.sum(lines.c.net_amount * sign),
        )
        .join(documents, documents.c.id == lines.c.document_id)
        .where(*_counted(ctx, documents, contact_id), lines.c.line_type.in_(SOLD_LINE_TYPES),
               lines.c.vat_category != OUTSIDE_BASE)
        .group_by(lines.c.product_id, key)
    )
    if year is not None:
        query = query.where(extract("year", documents.c.issue_date) == year)
    sales = [
        ProductSales(product_id, description or "", Decimal(str(quantity or 0)), _money(amount))
        for product_id, description, quantity, amount in ctx.session.execute(query)
    ]
    return sorted(sales, key=lambda s: (-s.amount, s.description))
