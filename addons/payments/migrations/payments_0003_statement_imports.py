"""payments: the record of each bank statement file imported

Revision ID: payments_0003_statement_imports
Revises: payments_0002_request_account
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "payments_0003_statement_imports"
down_revision: str | Sequence[str] | None = "payments_0002_request_account"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payments_statement_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("format", sa.String(length=30), nullable=False),
        sa.Column("statement_iban", sa.String(length=34), nullable=True),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("matched", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["payments_accounts.id"],
            name=op.f("fk_payments_statement_imports_account_id_payments_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_payments_statement_imports_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_statement_imports")),
    )
    with op.batch_alter_table("payments_statement_imports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_payments_statement_imports_tenant_account",
            ["tenant_id", "account_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_payments_statement_imports_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("payments_statement_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_statement_imports_tenant_id"))
        batch_op.drop_index("ix_payments_statement_imports_tenant_account")
    op.drop_table("payments_statement_imports")
