"""Finding documents: per kind, by state, customer, period, open or overdue; sorted, paged.

Sorting by date walks the index `(tenant_id, kind, issue_date)` backwards, so the first
pages of a kind with a hundred thousand documents stay fast; the count reads an index only.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select

from core.contacts.models import Contact
from core.contacts.search_text import fold
from core.context import Context
from core.documents.models import Document, DocumentState

CENT = Decimal("0.01")
OPEN_STATES = (DocumentState.POSTED, DocumentState.PARTIALLY_PAID)
STATE_FILTERS = (*DocumentState.ALL, "open", "overdue")
PERIODS = ("this_month", "last_month", "this_quarter", "this_year", "last_year")
MAX_PER_PAGE = 200

SORTS: dict[str, tuple[Any, ...]] = {
    "date": (Document.issue_date, Document.id),
    "-date": (Document.issue_date.desc(), Document.id.desc()),
    "number": (Document.number, Document.id),
    "-number": (Document.number.desc(), Document.id.desc()),
    "customer": (Contact.name, Document.id),
    "-customer": (Contact.name.desc(), Document.id.desc()),
    "total": (Document.total_incl_vat, Document.id),
    "-total": (Document.total_incl_vat.desc(), Document.id.desc()),
    "due": (Document.due_date, Document.id),
    "-due": (Document.due_date.desc(), Document.id.desc()),
}


@dataclass(frozen=True)
class DocumentRow:
    """A document as a list shows it: the document and its customer's name and number."""

    document: Document
    customer_name: str
    customer_number: str


@dataclass(frozen=True)
class DocumentPage:
    """One page of documents and where it stands in the whole."""

    items: list[DocumentRow]
    total: int
    page: int
    per_page: int
    exact: bool = True

    @property
    def pages(self) -> int:
        """How many pages there are (at least 1)."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        """Whether a later page exists."""
        return self.page < self.pages


def period_dates(period: str, today: date | None = None) -> tuple[date | None, date | None]:
    """(first day, last day) of a named period (`this_month`, `last_year`, ...)."""
    today = today or date.today()
    if period == "this_month":
        start = today.replace(day=1)
        return start, _month_end(start)
    if period == "last_month":
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    if period == "this_quarter":
        start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return start, _month_end(date(start.year, start.month + 2, 1))
    if period == "this_year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if period == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return None, None


def _month_end(first: date) -> date:
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def open_clause(today: date | None = None, *, overdue: bool = False) -> ColumnElement[bool]:
    """Posted documents with something left to pay (and past their due date, if `overdue`)."""
    clauses = [
        Document.state.in_(OPEN_STATES),
        Document.total_incl_vat - Document.amount_paid - Document.amount_credited >= CENT,
    ]
    if overdue:
        clauses += [Document.due_date.is_not(None), Document.due_date < (today or date.today())]
    return and_(*clauses)


def document_filters(
    *,
    kind: str | None = None,
    state: str | None = None,
    customer_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    search: str | None = None,
    today: date | None = None,
) -> list[ColumnElement[bool]]:
    """WHERE clauses: of a kind, in a state (or `open`, `overdue`), of a customer, issued in
    a period, whose number or customer matches every word of `search`."""
    clauses: list[ColumnElement[bool]] = []
    if kind:
        clauses.append(Document.kind == kind)
    if state == "open":
        clauses.append(open_clause(today))
    elif state == "overdue":
        clauses.append(open_clause(today, overdue=True))
    elif state in DocumentState.ALL:
        clauses.append(Document.state == state)
    if customer_id is not None:
        clauses.append(Document.customer_id == customer_id)
    if date_from is not None:
        clauses.append(Document.issue_date >= date_from)
    if date_to is not None:
        clauses.append(Document.issue_date <= date_to)
    for word in (search or "").split():
        pattern = f"%{_escape_like(fold(word))}%"
        clauses.append(
            Document.number.ilike(pattern, escape="\\")
            | Document.customer_id.in_(
                select(Contact.id).where(Contact.search_text.like(pattern, escape="\\"))
            )
        )
    return clauses


def _joins_customer(sort: str) -> bool:
    return sort.lstrip("-") == "customer"


def documents_query(
    filters: list[ColumnElement[bool]], sort: str = "-date"
) -> Select[Any]:
    """Documents with their customer's name and number, filtered and sorted."""
    order = SORTS.get(sort, SORTS["-date"])
    return (
        select(Document, Contact.name, Contact.number)
        .join(Contact, Contact.id == Document.customer_id)
        .where(*filters)
        .order_by(*order)
    )


def list_documents(
    ctx: Context,
    *,
    sort: str = "-date",
    page: int = 1,
    per_page: int = 50,
    count_limit: int | None = None,
    **filters: Any,
) -> DocumentPage:
    """One page of the tenant's documents; `filters` are those of `document_filters`.

    The page's ids are chosen first (from indexes only when the sort allows it), then their
    rows are read: a deep page costs an index walk, not a walk through every document. With
    `count_limit` the matches are counted up to that many only (`exact` is then False when
    there are more).
    """
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    sort = sort if sort in SORTS else "-date"
    clauses = document_filters(**filters)
    counted = select(Document.id).where(*clauses)
    if count_limit is not None:  # newest first: where open and recent documents are
        counted = counted.order_by(Document.issue_date.desc()).limit(count_limit + 1)
    total = ctx.session.scalar(select(func.count()).select_from(counted.subquery())) or 0
    exact = count_limit is None or total <= count_limit
    total = total if exact else count_limit or 0
    order = SORTS[sort]
    ids_query = select(Document.id).where(*clauses)
    if _joins_customer(sort):
        ids_query = ids_query.join(Contact, Contact.id == Document.customer_id)
    ids = list(ctx.session.scalars(
        ids_query.order_by(*order).limit(per_page).offset((page - 1) * per_page)
    ))
    if not ids:
        return DocumentPage([], total, page, per_page, exact)
    rows = ctx.session.execute(documents_query([Document.id.in_(ids)], sort)).all()
    items = [DocumentRow(doc, name, number) for doc, name, number in rows]
    return DocumentPage(items, total, page, per_page, exact)


def iter_documents(ctx: Context, *, sort: str = "-date", batch: int = 1000,
                   **filters: Any) -> Iterator[DocumentRow]:
    """Every document matching the filters, read in batches (exports)."""
    query = documents_query(document_filters(**filters), sort).execution_options(
        yield_per=batch)
    for doc, name, number in ctx.session.execute(query):
        yield DocumentRow(doc, name, number)
