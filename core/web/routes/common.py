"""Helpers shared by the customer and document pages: filters in links, records or 404,
parsed query values and file downloads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any
from urllib.parse import quote, urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from core.contacts.models import Contact
from core.context import Context
from core.documents.kinds import DocumentKind, available
from core.documents.models import Document
from core.web.ids import owned
from core.web.listing import ListQuery


@dataclass(frozen=True)
class FilteredQuery:
    """A `ListQuery` plus the page's own filters, kept in every sort and page link.

    It offers what the `lists` macros read (`q`, `sort`, `descending`, `page`, `params`,
    `sort_params`), so a filtered list pages and sorts without losing its filters.
    """

    base: ListQuery
    filters: tuple[tuple[str, str], ...] = field(default=())

    @property
    def q(self) -> str:
        """The search text."""
        return self.base.q

    @property
    def sort(self) -> str:
        """The sort key (without direction)."""
        return self.base.sort

    @property
    def descending(self) -> bool:
        """Whether the sort is descending."""
        return self.base.descending

    @property
    def page(self) -> int:
        """The page number (from 1)."""
        return self.base.page

    @property
    def per_page(self) -> int:
        """Rows per page."""
        return self.base.per_page

    @property
    def sort_key(self) -> str:
        """The sort as services take it: `name` or `-name`."""
        return ("-" if self.base.descending else "") + self.base.sort

    @cached_property
    def _filter_string(self) -> str:
        return urlencode([(k, v) for k, v in self.filters if v != ""])

    def _with_filters(self, params: str) -> str:
        extra = self._filter_string
        if not extra:
            return params
        return params + ("&" if params != "?" else "") + extra

    def params(self, **changes: Any) -> str:
        """The query string with some values changed, filters kept."""
        return self._with_filters(self.base.params(**changes))

    def sort_params(self, key: str) -> str:
        """The query string sorting by a column (toggling if it is the current one)."""
        return self._with_filters(self.base.sort_params(key))

    def filter_params(self) -> str:
        """The filters and search alone (for exports)."""
        values = [("q", self.base.q)] if self.base.q else []
        values += [(k, v) for k, v in self.filters if v != ""]
        if self.base.sort:
            values.append(("sort", self.sort_key))
        return urlencode(values)


COUNT_LIMIT = 2000
"""Lists count their matches up to this many; beyond, they say "more than 2,000"."""
SEARCH_COUNT_LIMIT = 100
"""A search, typed a letter at a time, counts its matches up to this many ("more than 100"):
a page and a short count come from one statement."""


@dataclass(frozen=True)
class ServicePage:
    """A service's page of results in the shape the `lists` macros read."""

    items: list[Any]
    total: int
    query: FilteredQuery
    exact: bool = True  # False: `total` is a lower bound, there are more

    @classmethod
    def counted(cls, items: list[Any], total: int, query: FilteredQuery,
                limit: int) -> ServicePage:
        """A page whose total was counted up to `limit + 1` (see `COUNT_LIMIT`)."""
        return cls(items, min(total, limit), query, total <= limit)

    @property
    def pages(self) -> int:
        """How many pages there are (at least one; a lower bound when not `exact`)."""
        return max(1, -(-self.total // self.query.per_page))

    @property
    def has_previous(self) -> bool:
        """Whether there is a page before this one."""
        return self.query.page > 1

    @property
    def has_next(self) -> bool:
        """Whether there is a page after this one."""
        if not self.exact:
            return len(self.items) == self.query.per_page
        return self.query.page < self.pages


FRAGMENT_ATTR = "facturo_fragment"


def fragment(handler: Any) -> Any:
    """Mark a handler that answers a piece of a page (for htmx to swap in), not a page."""
    setattr(handler, FRAGMENT_ATTR, True)
    return handler


def int_or_none(text: str | None) -> int | None:
    """An integer from a query or form value, or None."""
    try:
        return int(text) if text not in (None, "") else None
    except (TypeError, ValueError):
        return None


def date_or_none(text: str | None) -> date | None:
    """A date from an ISO value (`2026-03-31`), or None."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def multi(request: Request, name: str) -> list[str]:
    """Every non-empty value of a repeated query parameter."""
    return [v for v in request.query_params.getlist(name) if v.strip()]


def contact_or_404(ctx: Context, contact_id: Any) -> Contact:
    """A contact of the tenant, or a 404 (another tenant's id included)."""
    return owned(ctx, Contact, contact_id)


def document_or_404(ctx: Context, document_id: Any) -> Document:
    """A document of the tenant whose kind is available to it, or a 404."""
    document = owned(ctx, Document, document_id)
    if document.kind not in kinds_by_id(ctx):
        raise HTTPException(404)
    return document


def kinds_by_id(ctx: Context) -> dict[str, DocumentKind]:
    """The document kinds the tenant can use, by id."""
    return {kind.id: kind for kind in available(ctx)}


def download(data: bytes, filename: str, content_type: str, *, inline: bool = False) -> Response:
    """A file for the browser to save (or show, with `inline`)."""
    disposition = "inline" if inline else "attachment"
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "")
    header = f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=content_type, headers={"content-disposition": header})


def options(pairs: Iterable[tuple[Any, str]], empty: str | None = None) -> list[tuple[str, str]]:
    """(value, label) options for the `select` macro, optionally led by an empty choice."""
    found = [(str(value), label) for value, label in pairs]
    return [("", empty), *found] if empty is not None else found


def first(values: Sequence[str], default: str = "") -> str:
    """The first value of a list, or a default."""
    return values[0] if values else default
