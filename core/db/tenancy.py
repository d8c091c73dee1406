"""Automatic tenant scoping of ORM sessions.

A session is opened for one tenant (`session.info["tenant_id"]`) or, explicitly, for all of
them (`session.info["all_tenants"]`, for operator commands and jobs). Every ORM statement on a
`TenantOwned` model is filtered to the session's tenant; without one it raises.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Table, bindparam, event, text
from sqlalchemy.engine import Result
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.sql import operators, visitors
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, ClauseElement
from sqlalchemy.sql.selectable import FromClause, Join, Select, SelectBase
from sqlalchemy.sql.util import find_tables

from core.db.base import Base, TenantOwned
from core.db.rls import tenant_tables

TENANT_KEY = "tenant_id"
ALL_TENANTS_KEY = "all_tenants"
TENANT_PARAM = "t_id"


class TenantContextMissing(RuntimeError):
    """A tenant-owned model was queried or written in a session that has no tenant."""


class TenantMismatch(RuntimeError):
    """A row of one tenant was about to be written through another tenant's session."""


def session_tenant(session: Session) -> int | None:
    """The tenant a session is bound to, or None."""
    return session.info.get(TENANT_KEY)


def _touches_tenant_data(state: ORMExecuteState) -> bool:
    if any(issubclass(mapper.class_, TenantOwned) for mapper in state.all_mappers):
        return True
    tables = find_tables(state.statement, include_aliases=True, include_joins=True)
    return any(isinstance(t, Table) and t.name in _tenant_table_names() for t in tables)


_known: dict[int, frozenset[str]] = {}


def _tenant_table_names() -> frozenset[str]:
    """Names of tenant-owned tables, recomputed only when new models were mapped."""
    count = len(Base.registry.mappers)
    if count not in _known:
        _known.clear()
        _known[count] = frozenset(table.name for table in tenant_tables())
    return _known[count]


@lru_cache(maxsize=4096)
def _criteria_for(tenant_id: int) -> Any:
    """The tenant's criterion, built once per tenant instead of once per statement.

    The lambda's closure value becomes a bound parameter when a statement is executed, so
    every tenant's statement has the same cache key and SQLAlchemy's compiled cache is hit.
    The value travels with the option: loads that it propagates to (lazy, deferred,
    refresh) and the session synchronisation of ORM updates and deletes see the tenant too.
    """
    return with_loader_criteria(
        TenantOwned,
        lambda cls: cls.tenant_id == tenant_id,
        include_aliases=True,
    )


@event.listens_for(Session, "do_orm_execute")
def _scope_statement(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    session = state.session
    if session.info.get(ALL_TENANTS_KEY) or state.execution_options.get("all_tenants"):
        return
    tenant_id = session_tenant(session)
    if tenant_id is None:
        if not _touches_tenant_data(state):
            return
        raise TenantContextMissing(
            "a tenant-owned model was queried in a session without a tenant; open the session "
            "with Database.session(tenant_id=...) or, for operator work, all_tenants=True"
        )
    state.statement = state.statement.options(_criteria_for(tenant_id))


@event.listens_for(Session, "before_flush")
def _stamp_new_rows(session: Session, _flush_context: Any, _instances: Any) -> None:
    tenant_id = session_tenant(session)
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, TenantOwned):
            continue
        if tenant_id is None:
            if session.info.get(ALL_TENANTS_KEY) and obj.tenant_id is not None:
                continue
            raise TenantContextMissing(
                f"{type(obj).__name__} written in a session without a tenant"
            )
        if obj.tenant_id is None:
            obj.tenant_id = tenant_id
        elif obj.tenant_id != tenant_id:
            raise TenantMismatch(
                f"{type(obj).__name__} of tenant {obj.tenant_id} written in tenant {tenant_id}"
            )


@event.listens_for(Session, "after_begin")
def _set_database_tenant(session: Session, _transaction: Any, connection: Any) -> None:
    """On PostgreSQL, tell the row-level security policies who is asking."""
    _tell_database(session, connection)


def _tell_database(session: Session, connection: Any) -> None:
    if connection.dialect.name != "postgresql":
        return
    tenant_id = session_tenant(session)
    connection.execute(
        text(
            "SELECT set_config('facturo.tenant_id', :tenant, true), "
            "set_config('facturo.all_tenants', :all, true)"
        ),
        {
            "tenant": "" if tenant_id is None else str(tenant_id),
            "all": "on" if session.info.get(ALL_TENANTS_KEY) else "off",
        },
    )


def bind_tenant(session: Session, tenant_id: int) -> None:
    """Give a session opened without a tenant its tenant, once: for a unit of work that must
    read who is asking (system tables) before it knows the tenant. From here on the session
    is that tenant's, as if opened for it (and, on PostgreSQL, so is its transaction)."""
    if session_tenant(session) is not None or session.info.get(ALL_TENANTS_KEY):
        raise TenantMismatch("the session already has its tenant")
    session.info[TENANT_KEY] = tenant_id
    if session.in_transaction():
        _tell_database(session, session.connection())


# --- Core reads on hot paths -----------------------------------------------------------------


def tenant_param() -> BindParameter[int]:
    """The tenant id in a Core statement: filter every tenant table with `tenant_id == this`."""
    return bindparam(TENANT_PARAM, type_=Integer)


def unfiltered_tables(statement: ClauseElement) -> list[str]:
    """Tenant tables that some SELECT of the statement reads without `tenant_id = :t_id`
    (in its WHERE or a join's ON); subqueries are looked at one by one."""
    tenant_names = _tenant_table_names()
    missing = []
    for element in visitors.iterate(statement):
        if not isinstance(element, Select):
            continue
        froms = element.get_final_froms()
        read = [t.name for t in _direct_tables(froms)]
        filtered = _filtered(element.whereclause)
        for source in froms:
            filtered |= _join_filters(source)
        missing.extend(n for n in read if n in tenant_names and n not in filtered)
    return sorted(set(missing))


def _direct_tables(froms: Any) -> list[Table]:
    tables = []
    for source in froms:
        if isinstance(source, Join):
            tables.extend(_direct_tables((source.left, source.right)))
        elif isinstance(source, Table):
            tables.append(source)
    return tables


def _join_filters(source: Any) -> set[str]:
    if not isinstance(source, Join):
        return set()
    return _filtered(source.onclause) | _join_filters(source.left) | _join_filters(source.right)


def _filtered(clause: Any) -> set[str]:
    """Tables compared on `tenant_id` with the tenant parameter in this clause, not looking
    into subqueries (their filters protect their own reads only)."""
    found: set[str] = set()
    stack = [clause] if clause is not None else []
    while stack:
        element = stack.pop()
        if isinstance(element, SelectBase | FromClause):
            continue
        if isinstance(element, BinaryExpression) and element.operator is operators.eq:
            for column, other in ((element.left, element.right), (element.right, element.left)):
                table = getattr(column, "table", None)
                if (isinstance(other, BindParameter) and other.key == TENANT_PARAM
                        and getattr(column, "name", None) == "tenant_id" and table is not None):
                    found.add(table.name)
        stack.extend(element.get_children())
    return found


_checked: dict[int, ClauseElement] = {}


def tenant_rows(
    session: Session, statement: Any, params: dict[str, Any] | None = None
) -> Result[Any]:
    """Run a Core SELECT for the session's tenant on its connection, without the ORM's
    per-statement work (for list pages and other hot reads).

    The statement must filter every tenant table it reads with `tenant_param()`; this is
    checked the first time a statement is seen, and a statement that does not is refused.
    Pending ORM changes are flushed first, as an ORM query would. On PostgreSQL the row-level
    security policies apply as to any statement of the session.
    """
    tenant_id = session_tenant(session)
    if tenant_id is None:
        raise TenantContextMissing("tenant_rows needs a session opened for one tenant")
    if _checked.get(id(statement)) is not statement:
        missing = unfiltered_tables(statement)
        if missing:
            raise TenantContextMissing(
                "a Core statement reads tenant tables without the tenant filter: "
                + ", ".join(missing)
            )
        if len(_checked) > 4096:
            _checked.clear()
        _checked[id(statement)] = statement
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, {**(params or {}), TENANT_PARAM: tenant_id})
