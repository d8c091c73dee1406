"""cash_receipts: the payment method of each receipt

Revision ID: cash_receipts_0001
Revises:
Create Date: 2026-12-03 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "cash_receipts_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("cash_receipts",)
depends_on: str | Sequence[str] | None = "core_0004"


def upgrade() -> None:
    op.create_table(
        "cash_receipts_methods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_cash_receipts_methods_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_cash_receipts_methods_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_receipts_methods")),
        sa.UniqueConstraint(
            "tenant_id", "document_id", name=op.f("uq_cash_receipts_methods_tenant_id_document_id")
        ),
    )
    with op.batch_alter_table("cash_receipts_methods", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cash_receipts_methods_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("cash_receipts_methods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cash_receipts_methods_tenant_id"))

    op.drop_table("cash_receipts_methods")
