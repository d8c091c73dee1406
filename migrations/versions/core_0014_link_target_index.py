"""document links by target: an index on (tenant_id, target_id, source_id)

"What was this document made from" is asked at every posting that follows documents (a
credit note, an invoice made from delivery notes). The unique index on (tenant_id,
source_id, target_id) served it by reading every link of the tenant; this index reads only the
document's own links. The index on target_id alone stays for deletes that cascade.

Revision ID: core_0014_link_target_index
Revises: core_0013_search_speed
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "core_0014_link_target_index"
down_revision: str | Sequence[str] | None = "core_0013_search_speed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_document_links_tenant_target", "document_links",
                    ["tenant_id", "target_id", "source_id"])


def downgrade() -> None:
    op.drop_index("ix_document_links_tenant_target", table_name="document_links")
