"""Open and overdue receivables: what customers still owe, per invoice and in total.

An invoice is open while it is posted or partially paid with an amount left to pay (total −
paid − credited); it is overdue when it is open and its due date has passed. The due date
already reflects the customer's own payment term.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, select

from addons.payments.accounts import CENT
from addons.payments.models import ZERO
from core.api import Document, DocumentState
from core.api import registered_kinds as registered

if TYPE_CHECKING:
    from core.api import Context

OPEN_STATES = (DocumentState.POSTED, DocumentState.PARTIALLY_PAID)


class PaymentStatus:
    """How an invoice stands with its payment."""

    NOT_DUE = "draft"  # a draft asks nothing yet
    OPEN = "open"
    PARTLY_PAID = "partly_paid"  # open, not due yet, with a part paid
    OVERDUE = "overdue"
    PAID = "paid"
    CREDITED = "credited"


def payable_kinds(ctx: Context) -> list[str]:
    """The document kinds that ask payment (invoices and those addons declare)."""
    return [kind.id for kind in registered(ctx.app.catalogue).values() if kind.payable]


def is_open(doc: Document) -> bool:
    """Whether a posted document still waits for (part of) its payment."""
    return doc.state in OPEN_STATES and doc.open_amount >= CENT


def is_overdue(doc: Document, today: date) -> bool:
    """Whether a document is open and its due date has passed."""
    return is_open(doc) and doc.due_date is not None and doc.due_date < today


def days_overdue(doc: Document, today: date) -> int:
    """How many days past its due date an open document is (0 when not overdue)."""
    if not is_overdue(doc, today) or doc.due_date is None:
        return 0
    return (today - doc.due_date).days


def is_partly_paid(doc: Document) -> bool:
    """Whether a part of the invoice is paid (or credited) and a part is still open."""
    settled = (doc.amount_paid or 0) + (doc.amount_credited or 0)
    return settled > 0 and is_open(doc)


def payment_status(doc: Document, today: date) -> str:
    """`draft`, `open`, `partly_paid`, `overdue`, `paid` or `credited`."""
    if doc.state == DocumentState.DRAFT:
        return PaymentStatus.NOT_DUE
    if doc.state == DocumentState.CREDITED:
        return PaymentStatus.CREDITED
    if is_overdue(doc, today):
        return PaymentStatus.OVERDUE
    if is_open(doc):
        return PaymentStatus.PARTLY_PAID if is_partly_paid(doc) else PaymentStatus.OPEN
    return PaymentStatus.PAID


def open_query(ctx: Context, customer_id: int | None = None) -> Select[tuple[Document]]:
    query = select(Document).where(
        Document.kind.in_(payable_kinds(ctx)),
        Document.state.in_(OPEN_STATES),
        Document.open_amount >= CENT,
    )
    if customer_id is not None:
        query = query.where(Document.customer_id == customer_id)
    return query


def open_invoices(ctx: Context, *, customer_id: int | None = None) -> list[Document]:
    """Every open invoice (of a customer, when given), oldest due date first."""
    query = open_query(ctx, customer_id).order_by(
        Document.due_date, Document.issue_date, Document.id
    )
    return list(ctx.session.scalars(query))


def overdue_invoices(
    ctx: Context, today: date | None = None, *, customer_id: int | None = None
) -> list[Document]:
    """Every open invoice whose due date has passed, the longest overdue first."""
    today = today or date.today()
    query = (
        open_query(ctx, customer_id)
        .where(Document.due_date.is_not(None), Document.due_date < today)
        .order_by(Document.due_date, Document.id)
    )
    return list(ctx.session.scalars(query))


def find_open_by_reference(ctx: Context, structured_ref: str) -> Document | None:
    """The open invoice carrying a structured communication (12 digits), if any."""
    return ctx.session.scalars(
        open_query(ctx).where(Document.structured_ref == structured_ref)
    ).first()


@dataclass(frozen=True)
class ReceivablesSummary:
    """Totals for a dashboard: open and overdue invoices, how many and how much."""

    open_count: int
    open_total: Decimal
    overdue_count: int
    overdue_total: Decimal

    @property
    def not_yet_due_total(self) -> Decimal:
        """What is open but not due yet."""
        return self.open_total - self.overdue_total


def _totals(ctx: Context, query: Select[tuple[Document]]) -> tuple[int, Decimal]:
    sub = query.with_only_columns(Document.open_amount.label("open")).subquery()
    count, total = ctx.session.execute(
        select(func.count(), func.sum(sub.c.open)).select_from(sub)
    ).one()
    return int(count or 0), Decimal(total or 0).quantize(CENT)


def receivables_summary(ctx: Context, today: date | None = None) -> ReceivablesSummary:
    """How many invoices are open and overdue, and for how much (for the dashboard)."""
    today = today or date.today()
    query = open_query(ctx)
    open_count, open_total = _totals(ctx, query)
    overdue = query.where(Document.due_date.is_not(None), Document.due_date < today)
    overdue_count, overdue_total = _totals(ctx, overdue)
    return ReceivablesSummary(open_count, open_total, overdue_count, overdue_total)


def total_open(documents: list[Document]) -> Decimal:
    """The sum of the open amounts of the given documents."""
    return sum((doc.open_amount for doc in documents), ZERO)
