"""quotes: answers to quotes

Revision ID: quotes_0001
Revises:
Create Date: 2026-11-26 23:35:01.773480
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "quotes_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("quotes",)
depends_on: str | Sequence[str] | None = "core_0004"


def upgrade() -> None:
    op.create_table(
        "quotes_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_quotes_decisions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_quotes_decisions_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes_decisions")),
        sa.UniqueConstraint(
            "tenant_id", "document_id", name=op.f("uq_quotes_decisions_tenant_id_document_id")
        ),
    )
    with op.batch_alter_table("quotes_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_quotes_decisions_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("quotes_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotes_decisions_tenant_id"))

    op.drop_table("quotes_decisions")
