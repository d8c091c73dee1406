"""Finding contacts: search, tag and kind filters, sorting and pages."""

from __future__ import annotations

import math
from collections import namedtuple
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, func, select

from core.contacts.models import Contact, ContactTag, Tag
from core.contacts.ordering import KINDS, SORTS, kind_clauses, order_by
from core.contacts.search_index import MIN_WORD, words_clauses
from core.contacts.search_page import search_page
from core.contacts.search_text import fold
from core.contacts.vat import InvalidVatNumber, normalise_vat
from core.context import Context
from core.db.tenancy import TENANT_PARAM, tenant_param, tenant_rows

T = TypeVar("T")

FEW_MATCHES = 2000
LIST_COLUMNS = (Contact.id, Contact.number, Contact.name, Contact.vat_number, Contact.email,
                Contact.postal_code, Contact.city, Contact.archived, Contact.is_customer,
                Contact.is_supplier)
"""What a list of contacts shows of each (see `list_contacts(columns=...)`)."""


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results and where it stands in the whole."""

    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least 1)."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        """Whether a later page exists."""
        return self.page < self.pages


def _vat_term(word: str) -> str | None:
    try:
        return normalise_vat(word) if sum(ch.isdigit() for ch in word) >= 9 else None
    except InvalidVatNumber:
        return None


def _search_clause(term: str, dialect: str) -> ColumnElement[bool]:
    clauses = []
    words = []
    for word in term.split():
        vat = _vat_term(word)
        if vat is not None:  # a VAT number: an index look-up
            clauses.append(Contact.vat_number == vat)
        else:
            words.append(word)
    clauses.extend(words_clauses(words, dialect))  # a trigram index look-up
    return and_(*clauses)


def contact_filters(
    search: str | None = None,
    tags: Iterable[str] = (),
    kind: str | None = None,
    archived: bool | None = False,
    dialect: str = "postgresql",
) -> list[ColumnElement[bool]]:
    """WHERE clauses for contacts matching every word of `search`, carrying every tag in
    `tags`, of a `kind` (customer/supplier), archived or not (None: both); `dialect` is the
    database's (`sqlite` or `postgresql`), whose search index differs. The clauses name the
    tenant as `tenant_param()`: run them with `tenant_rows`, or pass `t_id` yourself."""
    clauses: list[ColumnElement[bool]] = [Contact.tenant_id == tenant_param()]
    if search and search.strip():
        clauses.append(_search_clause(search.strip(), dialect))
    for name in tags:
        tagged = (
            select(ContactTag.contact_id)
            .join(Tag, Tag.id == ContactTag.tag_id)
            .where(ContactTag.tenant_id == tenant_param(), Tag.tenant_id == tenant_param(),
                   func.lower(Tag.name) == name.strip().lower())
        )
        clauses.append(Contact.id.in_(tagged))
    clauses.extend(kind_clauses(kind, archived))
    return clauses


def contacts_query(
    search: str | None = None,
    tags: Iterable[str] = (),
    kind: str | None = None,
    archived: bool | None = False,
    sort: str = "name",
    dialect: str = "postgresql",
    columns: Sequence[Any] | None = None,
    matches_first: bool | None = None,
) -> Select[Any]:
    """The statement selecting filtered, sorted contacts (the caller's session scopes it):
    whole contacts, or only `columns` when given. `matches_first` (see `order_by`) is by
    default on while searching on SQLite, whose planner cannot weigh the FTS table."""
    if matches_first is None:
        matches_first = bool(search and search.strip()) and dialect == "sqlite"
    order = order_by(sort, matches_first)
    filters = contact_filters(search, tags, kind, archived, dialect)
    chosen = select(*columns) if columns else select(Contact)
    return chosen.where(*filters).order_by(*order)


def list_contacts(
    ctx: Context,
    *,
    search: str | None = None,
    tags: Sequence[str] = (),
    kind: str | None = None,
    archived: bool | None = False,
    sort: str = "name",
    page: int = 1,
    per_page: int = 50,
    count_limit: int | None = None,
    columns: Sequence[Any] | None = None,
) -> Page[Any]:
    """One page of the tenant's contacts. `sort` is a key of `SORTS` (`-` for descending).

    With `count_limit`, matches are counted up to `count_limit + 1` only (a total above
    `count_limit` means "more than that"): a list of a hundred thousand need not be counted.
    With `columns` (e.g. `LIST_COLUMNS`) the items are rows of those columns instead of
    contacts: what a list shows, without loading whole records. A search the trigram index
    serves (`searched_words`) reads its page and count with one statement (`search_page`);
    a small `count_limit` keeps it short.
    """
    per_page = max(1, min(per_page, 500))
    page = max(1, page)
    words = searched_words(search, tags)
    if words is not None:  # one statement for the page and its count
        rows, fields, total = search_page(
            ctx, words, kind=kind if kind in KINDS else None, archived=archived,
            sort=sort if sort in SORTS else "name", page=page, per_page=per_page,
            count_limit=count_limit, columns=tuple(columns) if columns else (Contact.id,))
        if columns:
            row_type = _row_type(fields)
            return Page([row_type(*row) for row in rows], total, page, per_page)
        return Page(_contacts_in_order(ctx, [row[0] for row in rows]), total, page, per_page)
    counted, query, few_query = _statements(
        search, tuple(tags), kind, archived, sort, ctx.app.db.dialect,
        tuple(columns) if columns else None, count_limit is not None)
    limits = {"count_limit": (count_limit or 0) + 1, "page_limit": per_page,
              "page_offset": (page - 1) * per_page}
    total = tenant_rows(ctx.session, counted, limits).scalar() or 0
    if total <= FEW_MATCHES and (count_limit is None or total <= count_limit):
        query = few_query
    if columns:
        result = tenant_rows(ctx.session, query, limits)
        row_type = _row_type(tuple(result.keys()))
        items = [row_type(*row) for row in result.all()]  # one fetch, not one per row
    else:
        items = list(ctx.session.scalars(query, {**limits, TENANT_PARAM: ctx.tenant_id}))
    return Page(items=items, total=total, page=page, per_page=per_page)


def searched_words(search: str | None, tags: Sequence[str] = ()) -> list[str] | None:
    """The words of a search that `search_page` answers: one with a word of three characters
    or more (the trigram index serves it), no VAT number and no tag filter (those take the
    general statements)."""
    if tags or not search:
        return None
    words = search.split()
    if any(_vat_term(word) is not None for word in words):
        return None
    return words if any(len(fold(word)) >= MIN_WORD for word in words) else None


def _contacts_in_order(ctx: Context, ids: list[int]) -> list[Contact]:
    """The tenant's contacts of these ids, in this order."""
    if not ids:
        return []
    found = {c.id: c for c in ctx.session.scalars(select(Contact).where(Contact.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


@lru_cache(maxsize=256)
def _statements(
    search: str | None, tags: tuple[str, ...], kind: str | None, archived: bool | None,
    sort: str, dialect: str, columns: tuple[Any, ...] | None, limited: bool,
) -> tuple[Select[Any], Select[Any], Select[Any]]:
    """The count and page statements of a list, built once per list (building one costs as
    much as running it): the count's limit, the page's size and offset are parameters.

    The third is the page statement for a search with few matches (`FEW_MATCHES` at most):
    on PostgreSQL it finds the matches first, then sorts them; with many matches, walking the
    sort's index finds a page of them sooner. The count tells which case it is.
    """
    counted = select(Contact.id).where(*contact_filters(search, tags, kind, archived, dialect))
    if limited:
        counted = counted.limit(bindparam("count_limit", type_=Integer))
    pages = []
    for matches_first in (None, bool(search and search.strip()) or None):
        query = contacts_query(search, tags, kind, archived, sort, dialect, columns,
                               matches_first)
        pages.append(query.limit(bindparam("page_limit", type_=Integer))
                     .offset(bindparam("page_offset", type_=Integer)))
    return select(func.count()).select_from(counted.subquery()), pages[0], pages[1]


@cache
def _row_type(fields: tuple[str, ...]) -> Any:
    """A plain named tuple of these fields: a template reads it several times faster than a
    result row."""
    return namedtuple("ContactRow", fields)  # type: ignore[misc]


def iter_contacts(ctx: Context, *, batch: int = 1000, **filters: Any) -> Iterator[Contact]:
    """Every contact matching the filters of `contacts_query`, read in batches (exports)."""
    query = contacts_query(**filters, dialect=ctx.app.db.dialect)
    query = query.execution_options(yield_per=batch)
    yield from ctx.session.scalars(query, {TENANT_PARAM: ctx.tenant_id})
