"""discounts: document allowances and the financial discount, frozen once posted

Revision ID: core_0010_discounts
Revises: core_0009
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_0010_discounts"
down_revision: str | Sequence[str] | None = "core_0010_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("tenant_id", "document_id", "position", "kind", "origin", "reason", "reason_code",
           "percent", "amount", "days")
POSTED_MESSAGE = "a posted document cannot be changed; correct it with a credit note"


def _pg() -> list[str]:
    new = ", ".join(f"NEW.{c}" for c in COLUMNS)
    old = new.replace("NEW.", "OLD.")
    purge = "current_setting('facturo.purge', true) = 'on'"
    return [
        f"""
        CREATE FUNCTION facturo_document_allowances_frozen() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          IF {purge} THEN
            RETURN COALESCE(NEW, OLD);
          END IF;
          IF TG_OP = 'UPDATE' AND ({new}) IS NOT DISTINCT FROM ({old}) THEN
            RETURN NEW;
          END IF;
          IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
            SELECT 1 FROM documents WHERE id = OLD.document_id AND state <> 'draft'
          ) THEN
            RAISE EXCEPTION '{POSTED_MESSAGE} (document %)', OLD.document_id
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
            SELECT 1 FROM documents WHERE id = NEW.document_id AND state <> 'draft'
          ) THEN
            RAISE EXCEPTION '{POSTED_MESSAGE} (document %)', NEW.document_id
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN COALESCE(NEW, OLD);
        END $$
        """,
        """
        CREATE TRIGGER document_allowances_frozen BEFORE INSERT OR UPDATE OR DELETE
        ON document_allowances FOR EACH ROW EXECUTE FUNCTION facturo_document_allowances_frozen()
        """,
    ]


def _sqlite() -> list[str]:
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in COLUMNS)
    posted = "(SELECT state FROM documents WHERE id = {ref}.document_id) <> 'draft'"
    abort = f"BEGIN SELECT RAISE(ABORT, '{POSTED_MESSAGE}'); END"
    return [
        f"""
        CREATE TRIGGER document_allowances_frozen_insert BEFORE INSERT ON document_allowances
        WHEN {posted.format(ref="NEW")}
        {abort}
        """,
        f"""
        CREATE TRIGGER document_allowances_frozen_update BEFORE UPDATE ON document_allowances
        WHEN ({changed})
          AND ({posted.format(ref="OLD")} OR {posted.format(ref="NEW")})
        {abort}
        """,
        f"""
        CREATE TRIGGER document_allowances_frozen_delete BEFORE DELETE ON document_allowances
        WHEN {posted.format(ref="OLD")}
        {abort}
        """,
    ]


def upgrade() -> None:
    op.create_table(
        "document_allowances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("reason_code", sa.String(length=3), nullable=False),
        sa.Column("percent", sa.Numeric(5, 2), nullable=True),
        sa.Column("amount", sa.Numeric(14, 2), nullable=True),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"],
            name=op.f("fk_document_allowances_document_id_documents"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"],
            name=op.f("fk_document_allowances_tenant_id_tenants"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_allowances")),
    )
    op.create_index(op.f("ix_document_allowances_tenant_id"), "document_allowances",
                    ["tenant_id"])
    op.create_index("ix_document_allowances_tenant_document", "document_allowances",
                    ["tenant_id", "document_id"])
    dialect = op.get_bind().dialect.name
    for statement in {"postgresql": _pg, "sqlite": _sqlite}.get(dialect, list)():
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS document_allowances_frozen ON document_allowances")
        op.execute("DROP FUNCTION IF EXISTS facturo_document_allowances_frozen()")
    op.drop_index("ix_document_allowances_tenant_document", table_name="document_allowances")
    op.drop_index(op.f("ix_document_allowances_tenant_id"), table_name="document_allowances")
    op.drop_table("document_allowances")
