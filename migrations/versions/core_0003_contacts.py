"""contacts (filled in as the contacts models land)

Revision ID: core_0003
Revises: core_0002
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "core_0003"
down_revision: str | Sequence[str] | None = "core_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
