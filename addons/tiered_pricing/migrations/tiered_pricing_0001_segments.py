"""tiered_pricing: segments, customer segments, price breaks

Revision ID: tiered_pricing_0001
Revises:
Create Date: 2026-11-26 23:44:26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "tiered_pricing_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("tiered_pricing",)
depends_on: str | Sequence[str] | None = ("core_0003", "products_0001")


def upgrade() -> None:
    op.create_table(
        "tiered_pricing_segments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_tiered_pricing_segments_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tiered_pricing_segments")),
        sa.UniqueConstraint(
            "tenant_id", "name", name=op.f("uq_tiered_pricing_segments_tenant_id_name")
        ),
    )
    with op.batch_alter_table("tiered_pricing_segments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tiered_pricing_segments_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "tiered_pricing_customer_segments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_tiered_pricing_customer_segments_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["tiered_pricing_segments.id"],
            name=op.f("fk_tiered_pricing_customer_segments_segment_id_tiered_pricing_segments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_tiered_pricing_customer_segments_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tiered_pricing_customer_segments")),
        sa.UniqueConstraint(
            "tenant_id",
            "contact_id",
            name=op.f("uq_tiered_pricing_customer_segments_tenant_id_contact_id"),
        ),
    )
    with op.batch_alter_table("tiered_pricing_customer_segments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tiered_pricing_customer_segments_segment_id"),
            ["segment_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_tiered_pricing_customer_segments_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "tiered_pricing_breaks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("min_quantity", sa.Numeric(precision=16, scale=4), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=16, scale=6), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products_products.id"],
            name=op.f("fk_tiered_pricing_breaks_product_id_products_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["tiered_pricing_segments.id"],
            name=op.f("fk_tiered_pricing_breaks_segment_id_tiered_pricing_segments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_tiered_pricing_breaks_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tiered_pricing_breaks")),
    )
    with op.batch_alter_table("tiered_pricing_breaks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tiered_pricing_breaks_segment_id"), ["segment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_tiered_pricing_breaks_tenant_id"), ["tenant_id"], unique=False
        )
        batch_op.create_index(
            "ix_tiered_pricing_breaks_tenant_product",
            ["tenant_id", "product_id", "segment_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("tiered_pricing_breaks", schema=None) as batch_op:
        batch_op.drop_index("ix_tiered_pricing_breaks_tenant_product")
        batch_op.drop_index(batch_op.f("ix_tiered_pricing_breaks_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_tiered_pricing_breaks_segment_id"))

    op.drop_table("tiered_pricing_breaks")
    with op.batch_alter_table("tiered_pricing_customer_segments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tiered_pricing_customer_segments_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_tiered_pricing_customer_segments_segment_id"))

    op.drop_table("tiered_pricing_customer_segments")
    with op.batch_alter_table("tiered_pricing_segments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tiered_pricing_segments_tenant_id"))

    op.drop_table("tiered_pricing_segments")
