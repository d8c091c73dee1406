"""One page of a contact search and how many match, from one statement.

A list, a picker or a merge page that searches contacts needs the first rows in the list's
order and a count up to its cap ("more than 100"). One statement answers both: the matches
in order, cut at a window of `cap + 1` rows (further when the page lies further), the page
taken from that window, and `count(*) OVER ()` on the window, which is the count up to the
window. A caller that needs no count asks for a cap of its page size.

- PostgreSQL: `facturo_contacts_search(...)` (migrations `core_0013_search_speed`,
  `core_0015_search_walk`) runs the windowed query on the search table as its owner and
  returns the page's ids in order, each with the count; the statement reads those few
  contacts by id. Sorted by name, it first walks the name index a bounded way, which fills
  the window of a common word; otherwise it sorts the trigram index's matches.
- SQLite: the FTS5 trigram table gives the candidates (`fts_query`) and `LIKE` checks every
  word on them. With few candidates (`FEW_CANDIDATES` at most) the statement sorts the
  matches; with more it walks the list's index in order and keeps the rows among the
  candidates, which finds a page of a common word without sorting thousands of rows. A
  capped count of the FTS5 table alone, which reads no contact, tells which case it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Boolean,
    Integer,
    Select,
    String,
    Text,
    bindparam,
    cast,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY

from core.contacts.models import Contact
from core.contacts.ordering import kind_clauses, order_by, sort_keys
from core.contacts.search_index import (
    MIN_WORD,
    fts_matches,
    fts_query,
    like_pattern,
)
from core.contacts.search_text import fold
from core.context import Context
from core.db.tenancy import tenant_param, tenant_rows

FEW_CANDIDATES = 2000
"""SQLite: up to this many FTS5 candidates, a search sorts its matches; beyond, it walks."""
UNLIMITED = 2**31 - 1


def search_page(
    ctx: Context,
    words: Sequence[str],
    *,
    kind: str | None,
    archived: bool | None,
    sort: str,
    page: int,
    per_page: int,
    count_limit: int | None,
    columns: tuple[Any, ...],
) -> tuple[list[tuple[Any, ...]], tuple[str, ...], int]:
    """The rows (of `columns`) of one page of the tenant's contacts whose search text holds
    every word (at least one of three characters or more), of a `kind` (customer/supplier,
    None: both), archived or not (None: both), in the order of the `sort` key; the rows'
    field names; and how many match: all of them without `count_limit`, else up to
    `count_limit + 1` (a total above `count_limit` means "more than that")."""
    offset = (page - 1) * per_page
    window = UNLIMITED if count_limit is None else max(count_limit + 1, offset + per_page + 1)
    statement, params = _statement(ctx, words, kind, archived, sort, columns)
    params.update(window=window, page_limit=per_page, page_offset=offset)
    result = tenant_rows(ctx.session, statement, params)
    fields = tuple(result.keys())[:-1]
    rows = result.all()
    if rows:
        counted = rows[0][-1]
    elif offset:  # past the last page: the first one tells the count
        params.update(page_limit=1, page_offset=0)
        first = tenant_rows(ctx.session, statement, params).first()
        counted = first[-1] if first else 0
    else:
        counted = 0
    total = counted if count_limit is None else min(counted, count_limit + 1)
    return [tuple(row[:-1]) for row in rows], fields, total


def _statement(
    ctx: Context, words: Sequence[str], kind: str | None, archived: bool | None, sort: str,
    columns: tuple[Any, ...],
) -> tuple[Select[Any], dict[str, Any]]:
    folded = [fold(word) for word in words]
    if ctx.app.db.dialect == "postgresql":
        return _postgresql_statement(columns), {
            "patterns": [like_pattern(w) for w in folded if len(w) >= MIN_WORD],
            "short_patterns": [like_pattern(w) for w in folded if len(w) < MIN_WORD],
            "archived": archived, "kind": kind, "sort": sort,
        }
    query = fts_query(w for w in folded if len(w) >= MIN_WORD)
    candidates = tenant_rows(ctx.session, _CANDIDATES,
                             {"fts": query, "few": FEW_CANDIDATES + 1}).scalar_one()
    params = {"fts": query, **{f"w{i}": like_pattern(w) for i, w in enumerate(folded)}}
    walk = candidates > FEW_CANDIDATES
    return _sqlite_statement(len(folded), kind, archived, sort, columns, walk), params


_CANDIDATES = select(func.count()).select_from(
    fts_matches(bindparam("fts", type_=String))
    .limit(bindparam("few", type_=Integer)).subquery())


@lru_cache(maxsize=256)
def _sqlite_statement(
    words: int, kind: str | None, archived: bool | None, sort: str, columns: tuple[Any, ...],
    walk: bool,
) -> Select[Any]:
    """SQLite: the windowed page of contacts among the FTS5 candidates whose text holds the
    `words` patterns (`w0`, `w1`, ...). `walk`: read the list's index in order, checking each
    row against the candidates (`id + 0` keeps the planner from driving by id)."""
    ident = Contact.id + literal_column("0") if walk else Contact.id
    clauses = [
        Contact.tenant_id == tenant_param(),
        ident.in_(fts_matches(bindparam("fts", type_=String))),
        *(Contact.search_text.like(bindparam(f"w{i}", type_=String), escape="\\")
          for i in range(words)),
        *kind_clauses(kind, archived),
    ]
    keys = sort_keys(sort)
    chosen = {column.key for column in columns}
    extra = [column for column, _descending in keys if column.key not in chosen]
    inner = (select(*columns, *extra).where(*clauses)
             .order_by(*order_by(sort, matches_first=not walk))
             .limit(bindparam("window", type_=Integer)).subquery("page_window"))
    order = [inner.c[column.key].desc() if descending else inner.c[column.key]
             for column, descending in keys]
    return (select(*(inner.c[column.key] for column in columns),
                   func.count().over().label("counted"))
            .order_by(*order)
            .limit(bindparam("page_limit", type_=Integer))
            .offset(bindparam("page_offset", type_=Integer)))


@lru_cache(maxsize=64)
def _postgresql_statement(columns: tuple[Any, ...]) -> Select[Any]:
    """PostgreSQL: the contacts of the page the owner's function returns, in its order."""
    found = func.facturo_contacts_search(
        cast(bindparam("patterns"), ARRAY(Text)),
        cast(bindparam("short_patterns"), ARRAY(Text)),
        cast(bindparam("archived"), Boolean),
        cast(bindparam("kind"), Text),
        cast(bindparam("sort"), Text),
        bindparam("window", type_=Integer),
        bindparam("page_limit", type_=Integer),
        bindparam("page_offset", type_=Integer),
    ).table_valued("id", "counted", with_ordinality="position").render_derived("page_ids")
    return (select(*columns, found.c.counted)
            .select_from(found.join(Contact, Contact.id == found.c.id))
            .where(Contact.tenant_id == tenant_param())
            .order_by(found.c.position))
