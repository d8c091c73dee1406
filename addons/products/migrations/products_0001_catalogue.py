"""products: catalogue and categories

Revision ID: products_0001
Revises:
Create Date: 2026-11-26 23:31:37.633351
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "products_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("products",)
depends_on: str | Sequence[str] | None = "core_0001"


def upgrade() -> None:
    op.create_table(
        "products_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_products_categories_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products_categories")),
        sa.UniqueConstraint(
            "tenant_id", "name", name=op.f("uq_products_categories_tenant_id_name")
        ),
    )
    with op.batch_alter_table("products_categories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_products_categories_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "products_products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("descriptions", sa.JSON(), nullable=False),
        sa.Column("unit", sa.String(length=3), nullable=False),
        sa.Column("sale_price", sa.Numeric(precision=16, scale=6), nullable=False),
        sa.Column("purchase_price", sa.Numeric(precision=16, scale=6), nullable=True),
        sa.Column("vat_rate", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("custom_data", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["products_categories.id"],
            name=op.f("fk_products_products_category_id_products_categories"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_products_products_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products_products")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_products_products_tenant_id_code")),
    )
    with op.batch_alter_table("products_products", schema=None) as batch_op:
        batch_op.create_index(
            "ix_products_products_tenant_active_name",
            ["tenant_id", "active", "name", "search_text"],
            unique=False,
        )
        batch_op.create_index(
            "ix_products_products_tenant_active_price",
            ["tenant_id", "active", "sale_price"],
            unique=False,
        )
        batch_op.create_index(
            "ix_products_products_tenant_category",
            ["tenant_id", "category_id", "name"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_products_products_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("products_products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_products_tenant_id"))
        batch_op.drop_index("ix_products_products_tenant_category")
        batch_op.drop_index("ix_products_products_tenant_active_price")
        batch_op.drop_index("ix_products_products_tenant_active_name")

    op.drop_table("products_products")
    with op.batch_alter_table("products_categories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_categories_tenant_id"))

    op.drop_table("products_categories")
