"""Automatic tenant scoping of ORM sessions.

A session is opened for one tenant (`session.info["tenant_id"]`) or, explicitly, for all of
them (`session.info["all_tenants"]`, for operator commands and jobs). Every ORM statement on a
`TenantOwned` model is filtered to the session's tenant; without one it raises.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Table, event, text
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.sql.util import find_tables

from core.db.base import TenantOwned

TENANT_KEY = "tenant_id"
ALL_TENANTS_KEY = "all_tenants"


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
    from core.db.base import Base
    from core.db.rls import tenant_tables

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
