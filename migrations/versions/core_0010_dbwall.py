"""database walls: posted documents never deleted, ids never reused, purging for the owner

SQLite: `documents`, `document_lines` and `document_files` are rebuilt with AUTOINCREMENT
(an id is never given twice) and get DELETE triggers like their UPDATE ones: a posted
document, its lines and its stored files cannot be deleted.

PostgreSQL: the purge switch (`facturo.purge`) only counts for a role that owns the table
(`facturo_purging`), never for the application's role; stored files cannot be deleted
either. The contact search index is kept and read through functions that run as its owner,
so the application's role never reaches the table itself (see `core.db.rls`).

Revision ID: core_0010_dbwall
Revises: core_0009
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "core_0010_dbwall"
down_revision: str | Sequence[str] | None = "core_0010_discounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSTED_MESSAGE = "a posted document cannot be changed; correct it with a credit note"
STORED_MESSAGE = "a stored document file is never changed"
TABLES = ("documents", "document_lines", "document_files")

SQLITE_DELETE_TRIGGERS = (
    f"""
    CREATE TRIGGER documents_kept BEFORE DELETE ON documents
    WHEN OLD.state <> 'draft'
    BEGIN SELECT RAISE(ABORT, '{POSTED_MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER document_files_kept BEFORE DELETE ON document_files
    WHEN (SELECT state FROM documents WHERE id = OLD.document_id) <> 'draft'
    BEGIN SELECT RAISE(ABORT, '{STORED_MESSAGE}'); END
    """,
)

OLD_PURGE = "current_setting('facturo.purge', true) = 'on'"
NEW_PURGE = "facturo_purging(TG_RELID)"
PURGED_FUNCTIONS = ("facturo_documents_frozen", "facturo_document_lines_frozen")

PG_PURGING = """
CREATE FUNCTION facturo_purging(relation oid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT current_setting('facturo.purge', true) = 'on'
     AND pg_has_role((SELECT relowner FROM pg_class WHERE oid = relation), 'MEMBER')
$$
"""

PG_FILES_STORED = f"""
CREATE OR REPLACE FUNCTION facturo_document_files_stored() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF {NEW_PURGE} THEN
    RETURN COALESCE(NEW, OLD);
  END IF;
  IF TG_OP = 'DELETE' AND NOT EXISTS (
    SELECT 1 FROM documents WHERE id = OLD.document_id AND state <> 'draft'
  ) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '{STORED_MESSAGE} (document %)', OLD.document_id
    USING ERRCODE = 'integrity_constraint_violation';
END $$
"""

# The search index, reached only as its owner: the triggers on `contacts` keep it, and a
# search asks for the ids of the transaction tenant's contacts whose text holds every
# pattern. The index gets the tenant of each row for that (no join through `contacts`);
# `ROWS 10` lets the planner join the few matches by key instead of walking the tenant.
PG_SEARCH = (
    "SELECT set_config('facturo.all_tenants', 'on', true)",
    "ALTER TABLE contacts_search ADD COLUMN tenant_id integer",
    "UPDATE contacts_search s SET tenant_id = c.tenant_id FROM contacts c WHERE c.id = s.id",
    "SELECT set_config('facturo.all_tenants', 'off', true)",
    "ALTER TABLE contacts_search ALTER COLUMN tenant_id SET NOT NULL",
    "CREATE OR REPLACE FUNCTION contacts_search_insert() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN INSERT INTO contacts_search (id, tenant_id, search_text) "
    "SELECT id, tenant_id, coalesce(search_text, '') FROM new_contacts; RETURN NULL; END $$",
    *(f"ALTER FUNCTION contacts_search_{event}() SECURITY DEFINER "
      "SET search_path FROM CURRENT" for event in ("insert", "update", "delete")),
    """
    CREATE FUNCTION facturo_contacts_matching(patterns text[]) RETURNS SETOF integer
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 10 SET search_path FROM CURRENT AS $$
    BEGIN
      RETURN QUERY EXECUTE
        'SELECT id FROM contacts_search WHERE tenant_id = '
        'NULLIF(current_setting(''facturo.tenant_id'', true), '''')::integer'
        || coalesce((SELECT string_agg(format(' AND search_text LIKE $1[%s]', i), '')
                     FROM generate_subscripts(patterns, 1) AS i), '')
      USING patterns;
    END $$
    """,
    # after a bulk import the application asks for fresh planner statistics: ANALYZE is
    # the owner's, so it runs here as the owner, for one table of the schema
    """
    CREATE FUNCTION facturo_analyze(relation regclass) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
      IF (SELECT relnamespace FROM pg_class WHERE oid = relation)
         <> current_schema()::regnamespace THEN
        RAISE EXCEPTION 'facturo_analyze: % is not a Facturo table', relation;
      END IF;
      EXECUTE format('ANALYZE %s', relation);
    END $$
    """,
)


def _rewrite_purge(old: str, new: str) -> None:
    bind = op.get_bind()
    for name in PURGED_FUNCTIONS:
        body = bind.execute(
            text("SELECT pg_get_functiondef(to_regproc(:name))"), {"name": name}
        ).scalar_one()
        assert old in body, f"{name} does not read the purge switch as expected"
        op.execute(body.replace(old, new))


def _sqlite_rebuild(autoincrement: bool) -> None:
    """Rebuild the tables (keeping their rows and ids) and put their triggers back."""
    bind = op.get_bind()
    # every trigger that names one of the tables, also those on other tables that look
    # into them (SQLite checks them when a rebuilt table is renamed into place)
    triggers = [
        (name, sql) for name, table, sql in bind.execute(text(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
        )).all()
        if table in TABLES or any(t in sql for t in TABLES)
    ]
    for name, _sql in triggers:
        op.execute(f'DROP TRIGGER "{name}"')
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
    for _name, sql in triggers:
        op.execute(sql)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_rebuild(autoincrement=True)
        for statement in SQLITE_DELETE_TRIGGERS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(PG_PURGING)
        _rewrite_purge(OLD_PURGE, NEW_PURGE)
        op.execute(PG_FILES_STORED)
        op.execute("DROP TRIGGER document_files_stored ON document_files")
        op.execute("CREATE TRIGGER document_files_stored BEFORE UPDATE OR DELETE "
                   "ON document_files FOR EACH ROW "
                   "EXECUTE FUNCTION facturo_document_files_stored()")
        for statement in PG_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER documents_kept")
        op.execute("DROP TRIGGER document_files_kept")
        _sqlite_rebuild(autoincrement=False)
    elif dialect == "postgresql":
        op.execute("DROP FUNCTION facturo_analyze(regclass)")
        op.execute("DROP FUNCTION facturo_contacts_matching(text[])")
        for event in ("insert", "update", "delete"):
            op.execute(f"ALTER FUNCTION contacts_search_{event}() SECURITY INVOKER "
                       "RESET search_path")
        op.execute("CREATE OR REPLACE FUNCTION contacts_search_insert() RETURNS trigger "
                   "LANGUAGE plpgsql AS $$ BEGIN INSERT INTO contacts_search (id, search_text) "
                   "SELECT id, coalesce(search_text, '') FROM new_contacts; RETURN NULL; END $$")
        op.execute("ALTER TABLE contacts_search DROP COLUMN tenant_id")
        op.execute("DROP TRIGGER document_files_stored ON document_files")
        op.execute("CREATE TRIGGER document_files_stored BEFORE UPDATE ON document_files "
                   "FOR EACH ROW EXECUTE FUNCTION facturo_document_files_stored()")
        op.execute(
            f"""
            CREATE OR REPLACE FUNCTION facturo_document_files_stored() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '{STORED_MESSAGE} (document %)', OLD.document_id
                USING ERRCODE = 'integrity_constraint_violation';
            END $$
            """
        )
        _rewrite_purge(NEW_PURGE, OLD_PURGE)
        op.execute("DROP FUNCTION facturo_purging(oid)")
