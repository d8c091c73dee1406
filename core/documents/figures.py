"""Key figures of a tenant: receivables, revenue per month and year, the latest documents.

Revenue counts like a customer's revenue (`core.contacts.revenue`): invoices and cash
receipts add, credit notes subtract, amounts without VAT and without what is kept out of the
taxable base (deposits), drafts left out. Receivables are
the open amounts (total − paid − credited) of posted documents that ask payment; the
payments addon keeps `amount_paid` up to date, so these figures hold with it on or off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import case, extract, func, select

from core.contacts.models import Contact
from core.contacts.revenue import NOT_COUNTED_STATES, REVENUE_SIGNS, turnover
from core.documents.kinds import registered
from core.documents.listing import DocumentRow, open_clause
from core.documents.models import Document, DocumentLine

if TYPE_CHECKING:
    from core.context import Context

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Receivables:
    """What customers still owe: open and overdue documents, how many and how much."""

    open_count: int
    open_total: Decimal
    overdue_count: int
    overdue_total: Decimal


@dataclass(frozen=True)
class MonthRevenue:
    """The revenue of one calendar month (`month` is its first day)."""

    month: date
    amount: Decimal


def payable_kinds(ctx: Context) -> list[str]:
    """The kinds of document that ask payment."""
    return [kind.id for kind in registered(ctx.app.catalogue).values() if kind.payable]


def _money(value: object) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def receivables(ctx: Context, today: date | None = None) -> Receivables:
    """Open and overdue receivables of the tenant (counts and sums of open amounts)."""
    today = today or date.today()
    open_amount = Document.total_incl_vat - Document.amount_paid - Document.amount_credited
    overdue = (Document.due_date.is_not(None)) & (Document.due_date < today)
    row = ctx.session.execute(
        select(
            func.count(Document.id),
            func.sum(open_amount),
            func.sum(case((overdue, 1), else_=0)),
            func.sum(case((overdue, open_amount), else_=0)),
        ).where(Document.kind.in_(payable_kinds(ctx)), open_clause(today))
    ).one()
    return Receivables(int(row[0] or 0), _money(row[1]), int(row[2] or 0), _money(row[3]))


def _signed_total():  # type: ignore[no-untyped-def]
    sign = case(*[(Document.kind == kind, s) for kind, s in REVENUE_SIGNS.items()], else_=0)
    return func.sum(turnover(Document.__table__, DocumentLine.__table__) * sign)


def _counted() -> list:  # type: ignore[type-arg]
    return [Document.kind.in_(list(REVENUE_SIGNS)),
            Document.state.not_in(list(NOT_COUNTED_STATES))]


def revenue_between(ctx: Context, first: date, last: date) -> Decimal:
    """Revenue (without VAT) of documents issued from `first` to `last`, both included."""
    total = ctx.session.scalar(
        select(_signed_total()).where(
            *_counted(), Document.issue_date >= first, Document.issue_date <= last)
    )
    return _money(total)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def revenue_by_month(ctx: Context, last_month: date, count: int = 12) -> list[MonthRevenue]:
    """Revenue of `count` months up to and including the month of `last_month`, oldest first;
    months without documents count zero."""
    end = _add_months(last_month.replace(day=1), 1)
    start = _add_months(end, -count)
    year, month = extract("year", Document.issue_date), extract("month", Document.issue_date)
    rows = ctx.session.execute(
        select(year, month, _signed_total())
        .where(*_counted(), Document.issue_date >= start, Document.issue_date < end)
        .group_by(year, month)
    ).all()
    found = {(int(y), int(m)): _money(amount) for y, m, amount in rows}
    months = [_add_months(start, i) for i in range(count)]
    return [MonthRevenue(m, found.get((m.year, m.month), ZERO)) for m in months]


def latest_documents(
    ctx: Context, limit: int = 8, kinds: list[str] | None = None
) -> list[DocumentRow]:
    """The documents created last (of the given kinds, or of every kind), newest first."""
    query = (
        select(Document, Contact.name, Contact.number)
        .join(Contact, Contact.id == Document.customer_id)
        .order_by(Document.id.desc())
        .limit(limit)
    )
    if kinds is not None:
        query = query.where(Document.kind.in_(kinds))
    return [DocumentRow(doc, name, number) for doc, name, number in ctx.session.execute(query)]
