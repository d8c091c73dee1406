"""payments: the account customers are asked to pay on

Revision ID: payments_0002_request_account
Revises: payments_0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "payments_0002_request_account"
down_revision: str | Sequence[str] | None = "payments_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("payments_accounts") as batch:
        batch.add_column(
            sa.Column("for_requests", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("payments_accounts") as batch:
        batch.drop_column("for_requests")
