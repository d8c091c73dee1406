"""document files: the stored PDF of posted documents, never updated

Revision ID: core_0007
Revises: core_0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_0007"
down_revision: str | Sequence[str] | None = "core_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STORED_MESSAGE = "a stored document file is never changed"


def _create_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION facturo_document_files_stored() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '{STORED_MESSAGE} (document %)', OLD.document_id
                USING ERRCODE = 'integrity_constraint_violation';
            END $$
            """
        )
        op.execute(
            """
            CREATE TRIGGER document_files_stored BEFORE UPDATE ON document_files
            FOR EACH ROW EXECUTE FUNCTION facturo_document_files_stored()
            """
        )
    elif dialect == "sqlite":
        op.execute(
            f"""
            CREATE TRIGGER document_files_stored BEFORE UPDATE ON document_files
            BEGIN SELECT RAISE(ABORT, '{STORED_MESSAGE}'); END
            """
        )


def _drop_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS document_files_stored ON document_files")
        op.execute("DROP FUNCTION IF EXISTS facturo_document_files_stored()")
    elif dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS document_files_stored")


def upgrade() -> None:
    op.create_table(
        "document_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_files_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_document_files_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_files")),
        sa.UniqueConstraint(
            "tenant_id",
            "document_id",
            "kind",
            name=op.f("uq_document_files_tenant_id_document_id_kind"),
        ),
    )
    with op.batch_alter_table("document_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_files_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_document_files_tenant_id"), ["tenant_id"], unique=False
        )
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    with op.batch_alter_table("document_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_files_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_document_files_document_id"))
    op.drop_table("document_files")
