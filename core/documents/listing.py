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
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, func, select

from core.contacts.models import Contact
from core.contacts.search_index import words_clauses
from core.contacts.search_text import fold
from core.context import Context
from core.db.tenancy import TENANT_PARAM, tenant_param, tenant_rows
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


class DocumentSummary(NamedTuple):
    """What a list shows of a document, read without loading the whole record (a tuple:
    fifty of them are made per list page)."""

    id: int
    kind: str
    state: str
    number: str | None
    customer_id: int
    issue_date: date | None
    due_date: date | None
    currency: str
    total_incl_vat: Decimal
    amount_paid: Decimal
    amount_credited: Decimal

    @property
    def open_amount(self) -> Decimal:
        """What is still to be paid: total − paid − credited."""
        return self.total_incl_vat - self.amount_paid - self.amount_credited

    @property
    def is_draft(self) -> bool:
        """Whether the document is still a draft."""
        return self.state == DocumentState.DRAFT


SUMMARY_COLUMNS = tuple(getattr(Document, name) for name in DocumentSummary._fields)


class DocumentRow(NamedTuple):
    """A document as a list shows it: the document (or its summary) and its customer's name
    and number."""

    document: Document | DocumentSummary
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
        # without a due date, never overdue; written so that no planner walks the due-date
        # index through every document when the list is sorted by another column
        day = today or date.today()
        clauses.append(func.coalesce(Document.due_date, day) < day)
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
    dialect: str = "postgresql",
) -> list[ColumnElement[bool]]:
    """WHERE clauses: of a kind, in a state (or `open`, `overdue`), of a customer, issued in
    a period, whose number or customer matches every word of `search` (customers are found
    through the `dialect`'s contact search index). The clauses name the tenant as
    `tenant_param()`: run them with `tenant_rows`, or pass `t_id` yourself."""
    clauses: list[ColumnElement[bool]] = [Document.tenant_id == tenant_param()]
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
            | Document.customer_id.in_(select(Contact.id).where(
                Contact.tenant_id == tenant_param(), *words_clauses([word], dialect)))
        )
    return clauses


def _joins_customer(sort: str) -> bool:
    return sort.lstrip("-") == "customer"


def documents_query(
    filters: list[ColumnElement[bool]], sort: str = "-date", *, summary: bool = False
) -> Select[Any]:
    """Documents (or, with `summary`, the columns of a `DocumentSummary`) with their
    customer's name and number, filtered and sorted (the tenant is `tenant_param()`)."""
    order = SORTS.get(sort, SORTS["-date"])
    chosen = SUMMARY_COLUMNS if summary else (Document,)
    return (
        select(*chosen, Contact.name, Contact.number)
        .join(Contact, Contact.id == Document.customer_id)
        .where(Document.tenant_id == tenant_param(), Contact.tenant_id == tenant_param(),
               *filters)
        .order_by(*order)
    )


def list_documents(
    ctx: Context,
    *,
    sort: str = "-date",
    page: int = 1,
    per_page: int = 50,
    count_limit: int | None = None,
    summary: bool = False,
    **filters: Any,
) -> DocumentPage:
    """One page of the tenant's documents; `filters` are those of `document_filters`.

    The page's ids are chosen first (from indexes only when the sort allows it), then their
    rows are read, in one statement: a deep page costs an index walk, not a walk through
    every document. With `count_limit` the matches are counted up to that many only (`exact`
    is then False when there are more). With `summary` the rows hold a `DocumentSummary`
    instead of the whole document (what a list page shows).
    """
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    sort = sort if sort in SORTS else "-date"
    filters.setdefault("today", date.today())  # part of the cache key: overdue moves daily
    counted, query = _statements(tuple(sorted(filters.items())), sort, summary,
                                 count_limit is not None, ctx.app.db.dialect)
    limits = {"count_limit": (count_limit or 0) + 1, "page_limit": per_page,
              "page_offset": (page - 1) * per_page}
    total = tenant_rows(ctx.session, counted, limits).scalar() or 0
    exact = count_limit is None or total <= count_limit
    total = total if exact else count_limit or 0
    if summary:
        rows = tenant_rows(ctx.session, query, limits).all()
        items = [DocumentRow(DocumentSummary(*row[:-2]), row[-2], row[-1]) for row in rows]
    else:
        rows = ctx.session.execute(query, {**limits, TENANT_PARAM: ctx.tenant_id}).all()
        items = [DocumentRow(doc, name, number) for doc, name, number in rows]
    return DocumentPage(items, total, page, per_page, exact)


@lru_cache(maxsize=256)
def _statements(
    filters: tuple[tuple[str, Any], ...], sort: str, summary: bool, limited: bool, dialect: str
) -> tuple[Select[Any], Select[Any]]:
    """The count and page statements of a list, built once per list (building one costs as
    much as running it): the count's limit, the page's size and offset are parameters."""
    clauses = document_filters(**dict(filters), dialect=dialect)
    counted = select(Document.id).where(*clauses)
    if limited:  # newest first: where open and recent documents are
        counted = (counted.order_by(Document.issue_date.desc())
                   .limit(bindparam("count_limit", type_=Integer)))
    ids = select(Document.id).where(*clauses)
    if _joins_customer(sort):
        ids = (ids.join(Contact, Contact.id == Document.customer_id)
               .where(Contact.tenant_id == tenant_param()))
    ids = (ids.order_by(*SORTS[sort]).limit(bindparam("page_limit", type_=Integer))
           .offset(bindparam("page_offset", type_=Integer)))
    query = documents_query([Document.id.in_(ids.scalar_subquery())], sort, summary=summary)
    return select(func.count()).select_from(counted.subquery()), query


def iter_documents(ctx: Context, *, sort: str = "-date", batch: int = 1000,
                   **filters: Any) -> Iterator[DocumentRow]:
    """Every document matching the filters, read in batches (exports)."""
    clauses = document_filters(**filters, dialect=ctx.app.db.dialect)
    query = documents_query(clauses, sort).execution_options(
        yield_per=batch)
    for doc, name, number in ctx.session.execute(query, {TENANT_PARAM: ctx.tenant_id}):
        yield DocumentRow(doc, name, number)
