"""twikey: where the reading of the credit transfer feed (refunds) stands

Revision ID: twikey_0002
Revises: twikey_0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "twikey_0002"
down_revision: str | Sequence[str] | None = "twikey_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("twikey_feeds") as batch:
        batch.add_column(sa.Column("transfer_position", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("twikey_feeds") as batch:
        batch.drop_column("transfer_position")
