"""documents (filled in as the documents models land)

Revision ID: core_0004
Revises: core_0003
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "core_0004"
down_revision: str | Sequence[str] | None = "core_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
