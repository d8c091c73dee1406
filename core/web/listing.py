"""List pages: search, sort and pagination from the query string, on a SQLAlchemy select.

A route module describes its list once (searchable columns, sortable columns, default sort)
and gets a `ListPage` to render with the `list` macros in `macros/lists.html`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from starlette.exceptions import HTTPException
from starlette.requests import Request

PER_PAGE = 25
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000
"""A page number beyond this is refused (400): its offset would not fit the database's
integers, and no list is that long."""


@dataclass(frozen=True)
class ListQuery:
    """What the user asked the list for: a search text, a sort key and a page."""

    q: str = ""
    sort: str = ""
    descending: bool = False
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def from_request(
        cls, request: Request, sortable: Sequence[str], default_sort: str,
        per_page: int = PER_PAGE,
    ) -> ListQuery:
        """Read `q`, `sort` (`-name` for descending) and `page`; unknown values fall back,
        a page number past `MAX_PAGE` is a 400."""
        params = request.query_params
        raw_sort = params.get("sort", default_sort)
        descending = raw_sort.startswith("-")
        key = raw_sort.lstrip("-")
        if key not in sortable:
            descending, key = default_sort.startswith("-"), default_sort.lstrip("-")
        try:
            page = max(1, int(params.get("page", "1")))
        except ValueError:
            page = 1
        if page > MAX_PAGE:
            raise HTTPException(400, "page")
        try:
            size = min(MAX_PER_PAGE, max(1, int(params.get("per_page", str(per_page)))))
        except ValueError:
            size = per_page
        return cls(params.get("q", "").strip()[:200], key, descending, page, size)

    def params(self, **changes: Any) -> str:
        """The query string of this list with some values changed (e.g. another page)."""
        q = changes.pop("q", self.q)
        sort = changes.pop("sort", self.sort)
        descending = changes.pop("descending", self.descending)
        page = changes.pop("page", self.page)
        per_page = changes.pop("per_page", self.per_page)
        if changes:
            raise TypeError(f"a list query has no {', '.join(changes)}")
        values: list[tuple[str, Any]] = []
        if q:
            values.append(("q", q))
        if sort:
            values.append(("sort", ("-" if descending else "") + sort))
        if page > 1:
            values.append(("page", page))
        if per_page != PER_PAGE:
            values.append(("per_page", per_page))
        return "?" + urlencode(values)

    def sort_params(self, key: str) -> str:
        """The query string that sorts by a column (toggling direction if it is the current)."""
        descending = not self.descending if key == self.sort else False
        return self.params(sort=key, descending=descending, page=1)


@dataclass(frozen=True)
class ListPage:
    """One page of results."""

    items: list[Any]
    total: int
    query: ListQuery

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, math.ceil(self.total / self.query.per_page))

    @property
    def has_previous(self) -> bool:
        """Whether there is a page before this one."""
        return self.query.page > 1

    @property
    def has_next(self) -> bool:
        """Whether there is a page after this one."""
        return self.query.page < self.pages


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_filter(text: str, columns: Sequence[ColumnElement[Any]]) -> ColumnElement[bool] | None:
    """Every word must appear (case-insensitively) in one of the columns."""
    words = text.split()
    if not words or not columns:
        return None
    return and_(
        *(
            or_(*(column.ilike(f"%{_escape_like(w)}%", escape="\\") for column in columns))
            for w in words
        )
    )


def paginate(
    session: Session,
    statement: Select[Any],
    query: ListQuery,
    *,
    search: Sequence[ColumnElement[Any]] = (),
    sort: Mapping[str, ColumnElement[Any]],
    scalars: bool = False,
) -> ListPage:
    """Apply the search, the sort and the page to a select, and count all matches."""
    condition = search_filter(query.q, search)
    if condition is not None:
        statement = statement.where(condition)
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    column = sort.get(query.sort)
    if column is not None:
        statement = statement.order_by(column.desc() if query.descending else column.asc())
    statement = statement.limit(query.per_page).offset((query.page - 1) * query.per_page)
    result = session.scalars(statement) if scalars else session.execute(statement)
    return ListPage(list(result), int(total or 0), query)
