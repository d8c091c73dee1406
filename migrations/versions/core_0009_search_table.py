"""search table: contact search and the newest-first list read an index on PostgreSQL too

Row-level security keeps PostgreSQL from using the `pg_trgm` index on `contacts.search_text`:
`LIKE` is not leakproof, so under a policy it is only ever checked row by row after the scan.
The trigram index moves to a table of its own, `contacts_search` (contact id and search
text, no policy), kept in step by triggers on `contacts` like SQLite's FTS table; a search
only uses it to narrow a query on `contacts`, which the policy still scopes (see
`core.contacts.search_index`). Both engines get an index for the newest-first sort.

Revision ID: core_0009
Revises: core_0008
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "core_0009"
down_revision: str | Sequence[str] | None = "core_0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CREATED_INDEX = ("ix_contacts_tenant_archived_created",
                 ["tenant_id", "archived", "created_at", "id"])

POSTGRESQL_SEARCH = (
    "DROP INDEX ix_contacts_search_trgm",
    "CREATE TABLE contacts_search (id integer PRIMARY KEY, search_text text NOT NULL)",
    # every tenant's contacts are copied: the policy on `contacts` lets this one read through
    "SELECT set_config('facturo.all_tenants', 'on', true)",
    "INSERT INTO contacts_search (id, search_text) "
    "SELECT id, coalesce(search_text, '') FROM contacts",
    "SELECT set_config('facturo.all_tenants', 'off', true)",
    "CREATE INDEX ix_contacts_search_trgm ON contacts_search "
    "USING gin (search_text gin_trgm_ops)",
    "CREATE FUNCTION contacts_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO contacts_search (id, search_text) "
    "SELECT id, coalesce(search_text, '') FROM new_contacts; RETURN NULL; END $$",
    "CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts "
    "REFERENCING NEW TABLE AS new_contacts FOR EACH STATEMENT "
    "EXECUTE FUNCTION contacts_search_insert()",
    "CREATE FUNCTION contacts_search_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE contacts_search SET search_text = coalesce(NEW.search_text, '') "
    "WHERE id = NEW.id; RETURN NULL; END $$",
    "CREATE TRIGGER contacts_search_update AFTER UPDATE OF search_text ON contacts "
    "FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text) "
    "EXECUTE FUNCTION contacts_search_update()",
    "CREATE FUNCTION contacts_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "DELETE FROM contacts_search WHERE id IN (SELECT id FROM old_contacts); "
    "RETURN NULL; END $$",
    "CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts "
    "REFERENCING OLD TABLE AS old_contacts FOR EACH STATEMENT "
    "EXECUTE FUNCTION contacts_search_delete()",
)


def upgrade() -> None:
    name, columns = CREATED_INDEX
    op.create_index(name, "contacts", columns, unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRESQL_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for trigger in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER contacts_search_{trigger} ON contacts")
            op.execute(f"DROP FUNCTION contacts_search_{trigger}()")
        op.execute("DROP TABLE contacts_search")
        op.execute("CREATE INDEX ix_contacts_search_trgm ON contacts "
                    "USING gin (search_text gin_trgm_ops)")
    op.drop_index(CREATED_INDEX[0], table_name="contacts")
