"""PostgreSQL row-level security and roles: the walls between tenants and around the schema.

Every table of a `TenantOwned` model gets a policy that shows and accepts only rows of the
tenant named by the transaction's `facturo.tenant_id` setting (set by the session, see
`core.db.tenancy`). A second policy, for the role that owns the tables only, lets a session
opened for all tenants (`facturo.all_tenants`) through: the application's role can set that
switch, but no policy of its own reads it. The policies are applied by `facturo db upgrade`
after the migrations, so addon tables are covered without effort, and the application's role
then gets the row privileges it needs and nothing more (no TRUNCATE, no DDL: it owns nothing).
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, text

from core.db.base import Base, TenantOwned

POLICY = "facturo_tenant_isolation"
OPERATOR_POLICY = "facturo_all_tenants"
_CONDITION = "tenant_id = NULLIF(current_setting('facturo.tenant_id', true), '')::integer"
_ALL_TENANTS = "current_setting('facturo.all_tenants', true) = 'on'"
# Tables the application's role reads but never writes, and tables it never reaches itself
# (the contact search index is read and kept through functions that run as the owner).
READ_ONLY_TABLES = ("alembic_version",)
UNREACHABLE_TABLES = ("contacts_search",)


def tenant_tables() -> list[Table]:
    """The tables of every tenant-owned model known to the metadata."""
    tables = {
        mapper.local_table
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, TenantOwned) and isinstance(mapper.local_table, Table)
    }
    return sorted(tables, key=lambda t: t.name)


def apply_policies(connection: Connection) -> list[str]:
    """Enable and force row-level security with the tenant policy on every tenant table,
    plus the all-tenants policy for the table's owner."""
    if connection.dialect.name != "postgresql":
        return []
    applied = []
    quote = connection.dialect.identifier_preparer.quote
    for table in tenant_tables():
        name = quote(table.name)
        owner = connection.execute(
            text("SELECT pg_get_userbyid(relowner) FROM pg_class "
                 "WHERE oid = to_regclass(:name)"), {"name": name}
        ).scalar_one()
        connection.execute(text(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY"))
        connection.execute(text(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY"))
        connection.execute(text(f"DROP POLICY IF EXISTS {POLICY} ON {name}"))
        connection.execute(text(f"DROP POLICY IF EXISTS {OPERATOR_POLICY} ON {name}"))
        connection.execute(
            text(f"CREATE POLICY {POLICY} ON {name} USING ({_CONDITION}) "
                 f"WITH CHECK ({_CONDITION})")
        )
        connection.execute(
            text(f"CREATE POLICY {OPERATOR_POLICY} ON {name} TO {quote(owner)} "
                 f"USING ({_ALL_TENANTS}) WITH CHECK ({_ALL_TENANTS})")
        )
        applied.append(table.name)
    return applied


def grant_application_role(connection: Connection, role: str) -> None:
    """Give the application's role the row privileges on every table and sequence.

    Not TRUNCATE (it skips the triggers and the policies), not REFERENCES nor TRIGGER; the
    role owns nothing, so it cannot alter, disable or drop a table, a trigger or a policy.
    """
    if connection.dialect.name != "postgresql":
        return
    role = connection.dialect.identifier_preparer.quote(role)
    schema = connection.dialect.identifier_preparer.quote(
        connection.execute(text("SELECT current_schema()")).scalar_one()
    )
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    ]
    present = set(connection.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    )).scalars())
    for table in READ_ONLY_TABLES:
        if table in present:
            statements.append(f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {role}")
    for table in UNREACHABLE_TABLES:
        if table in present:
            statements.append(f"REVOKE ALL ON {table} FROM {role}")
    for statement in statements:
        connection.execute(text(statement))
