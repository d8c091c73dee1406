"""list indexes: every filter and sort of the customer and document lists reads an index

Contact search gets a trigram index (see `core.contacts.search_index`): on SQLite an FTS5
table over `contacts.search_text` kept in step by triggers, on PostgreSQL a `pg_trgm` GIN
index. A later migration that rebuilds `contacts` on SQLite (batch mode) drops the triggers:
it must create them again (`tests/contacts/test_contact_search_index.py` checks they exist).

Revision ID: core_0008
Revises: core_0007
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "core_0008"
down_revision: str | Sequence[str] | None = "core_0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("contacts", "ix_contacts_tenant_archived_name", ["tenant_id", "archived", "name", "id"]),
    ("contacts", "ix_contacts_tenant_customer_name",
     ["tenant_id", "is_customer", "archived", "name", "id"]),
    ("contacts", "ix_contacts_tenant_supplier_name",
     ["tenant_id", "is_supplier", "archived", "name", "id"]),
    ("contacts", "ix_contacts_tenant_city", ["tenant_id", "city", "name", "id"]),
    ("documents", "ix_documents_tenant_kind_state",
     ["tenant_id", "kind", "state", "issue_date", "id"]),
    ("documents", "ix_documents_tenant_kind_total", ["tenant_id", "kind", "total_incl_vat", "id"]),
    ("documents", "ix_documents_tenant_kind_due", ["tenant_id", "kind", "due_date", "id"]),
)

SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE contacts_search USING fts5(search_text, content='contacts', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN "
    "INSERT INTO contacts_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN "
    "INSERT INTO contacts_search(contacts_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER contacts_search_update AFTER UPDATE OF search_text ON contacts BEGIN "
    "INSERT INTO contacts_search(contacts_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO contacts_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO contacts_search(contacts_search) VALUES ('rebuild')",
)
POSTGRESQL_SEARCH = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_contacts_search_trgm ON contacts USING gin (search_text gin_trgm_ops)",
)


def upgrade() -> None:
    op.drop_index("ix_contacts_tenant_archived", table_name="contacts")
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_SEARCH if dialect == "sqlite" else POSTGRESQL_SEARCH:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER contacts_search_{trigger}")
        op.execute("DROP TABLE contacts_search")
    else:
        op.execute("DROP INDEX ix_contacts_search_trgm")
    for table, name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.create_index("ix_contacts_tenant_archived", "contacts", ["tenant_id", "archived"],
                    unique=False)
