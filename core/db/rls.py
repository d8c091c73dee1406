"""PostgreSQL row-level security: the second wall between tenants.

Every table of a `TenantOwned` model gets a policy that shows and accepts only rows of the
tenant named by the transaction's `facturo.tenant_id` setting (set by the session, see
`core.db.tenancy`), unless the session was opened for all tenants. The policies are applied
by `facturo db upgrade` after the migrations, so addon tables are covered without effort.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, text

from core.db.base import Base, TenantOwned

POLICY = "facturo_tenant_isolation"
_CONDITION = (
    "current_setting('facturo.all_tenants', true) = 'on' OR "
    "tenant_id = NULLIF(current_setting('facturo.tenant_id', true), '')::integer"
)


def tenant_tables() -> list[Table]:
    """The tables of every tenant-owned model known to the metadata."""
    tables = {
        mapper.local_table
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, TenantOwned) and isinstance(mapper.local_table, Table)
    }
    return sorted(tables, key=lambda t: t.name)


def apply_policies(connection: Connection) -> list[str]:
    """Enable and force row-level security with the tenant policy on every tenant table."""
    if connection.dialect.name != "postgresql":
        return []
    applied = []
    for table in tenant_tables():
        name = connection.dialect.identifier_preparer.quote(table.name)
        connection.execute(text(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY"))
        connection.execute(text(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY"))
        connection.execute(text(f"DROP POLICY IF EXISTS {POLICY} ON {name}"))
        connection.execute(
            text(
                f"CREATE POLICY {POLICY} ON {name} USING ({_CONDITION}) "
                f"WITH CHECK ({_CONDITION})"
            )
        )
        applied.append(table.name)
    return applied
