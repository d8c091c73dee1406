"""delivery_notes: print options per note

Revision ID: delivery_notes_0001
Revises:
Create Date: 2026-11-26 23:35:03.476725
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "delivery_notes_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("delivery_notes",)
depends_on: str | Sequence[str] | None = "core_0004"


def upgrade() -> None:
    op.create_table(
        "delivery_notes_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("hide_prices", sa.Boolean(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_delivery_notes_options_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_delivery_notes_options_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_notes_options")),
        sa.UniqueConstraint(
            "tenant_id", "document_id", name=op.f("uq_delivery_notes_options_tenant_id_document_id")
        ),
    )
    with op.batch_alter_table("delivery_notes_options", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_delivery_notes_options_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("delivery_notes_options", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_notes_options_tenant_id"))

    op.drop_table("delivery_notes_options")
