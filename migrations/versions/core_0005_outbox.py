"""outbox (filled in as the outbox models land)

Revision ID: core_0005
Revises: core_0004
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "core_0005"
down_revision: str | Sequence[str] | None = "core_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
