"""stock: locations, stocked products, moves, balances, receipts, counts, components, units

Revision ID: stock_0001
Revises:
Create Date: 2026-12-02 20:12:41.321229
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "stock_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("stock",)
depends_on: str | Sequence[str] | None = ("core_0012_search_page", "products_0001")


def upgrade() -> None:
    op.create_table(
        "stock_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count_date", sa.Date(), nullable=False),
        sa.Column("posted", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_stock_counts_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_counts")),
    )
    with op.batch_alter_table("stock_counts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_counts_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "stock_locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_stock_locations_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_locations")),
        sa.UniqueConstraint("tenant_id", "name", name=op.f("uq_stock_locations_tenant_id_name")),
    )
    with op.batch_alter_table("stock_locations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_locations_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "stock_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier", sa.String(length=200), nullable=False),
        sa.Column("receipt_date", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_stock_receipts_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_receipts")),
    )
    with op.batch_alter_table("stock_receipts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_receipts_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "stock_balances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["stock_locations.id"],
            name=op.f("fk_stock_balances_location_id_stock_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products_products.id"],
            name=op.f("fk_stock_balances_product_id_products_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_stock_balances_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_balances")),
        sa.UniqueConstraint(
            "tenant_id",
            "product_id",
            "location_id",
            name=op.f("uq_stock_balances_tenant_id_product_id_location_id"),
        ),
    )
    with op.batch_alter_table("stock_balances", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_balances_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "stock_components",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("component_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["component_id"],
            ["products_products.id"],
            name=op.f("fk_stock_components_component_id_products_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products_products.id"],
            name=op.f("fk_stock_components_product_id_products_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_stock_components_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_components")),
        sa.UniqueConstraint(
            "tenant_id",
            "product_id",
            "component_id",
            name=op.f("uq_stock_components_tenant_id_product_id_component_id"),
        ),
    )
    with op.batch_alter_table("stock_components", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_components_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "stock_count_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("expected", sa.Numeric(precision=18, scale=4), nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["count_id"],
            ["stock_counts.id"],
            name=op.f("fk_stock_count_lines_count_id_stock_counts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products_products.id"],
            name=op.f("fk_stock_count_lines_product_id_products_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_stock_count_lines_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_count_lines")),
        sa.UniqueConstraint(
            "tenant_id",
            "count_id",
            "product_id",
            name=op.f("uq_stock_count_lines_tenant_id_count_id_product_id"),
        ),
    )
    with op.batch_alter_table("stock_count_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_count_lines_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "stock_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("move_date", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("line_position", sa.Integer(), nullable=True),
        sa.Column("receipt_id", sa.Integer(), nullable=True),
        sa.Column("count_id", sa.Integer(), nullable=True),
        sa.Column("unit_cost", sa.Numeric(precision=16, scale=6), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["count_id"], ["stock_counts.id"], name=op.f("fk_stock_moves_count_id_stock_counts")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_stock_moves_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["stock_locations.id"],
            name=op.f("fk_stock_moves_location_id_stock_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products_products.id"],
            name=op.f("fk_stock_moves_product_id_products_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["receipt_id"],
            ["stock_receipts.id"],
            name=op.f("fk_stock_moves_receipt_id_stock_receipts"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_stock_moves_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_moves")),
    )
    with op.batch_alter_table("stock_moves", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stock_moves_tenant_document", ["tenant_id", "document_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stock_moves_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index(
            "ix_stock_moves_tenant_product",
            ["tenant_id", "product_id", "location_id", "id"],
            unique=False,
        )

    op.create_table(
        "stock_products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("tracked", sa.Boolean(), nullable=False),
        sa.Column("minimum", sa.Numeric(precision=18, scale=4), nullable=True),
        sa.Column("tracked_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products_products.id"],
            name=op.f("fk_stock_products_product_id_products_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_stock_products_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_products")),
        sa.UniqueConstraint(
            "tenant_id", "product_id", name=op.f("uq_stock_products_tenant_id_product_id")
        ),
    )
    with op.batch_alter_table("stock_products", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_products_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "stock_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=3), nullable=False),
        sa.Column("factor", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products_products.id"],
            name=op.f("fk_stock_units_product_id_products_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_stock_units_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_units")),
        sa.UniqueConstraint(
            "tenant_id", "product_id", "unit", name=op.f("uq_stock_units_tenant_id_product_id_unit")
        ),
    )
    with op.batch_alter_table("stock_units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_units_tenant_id"), ["tenant_id"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("stock_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_units_tenant_id"))

    op.drop_table("stock_units")
    with op.batch_alter_table("stock_products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_products_tenant_id"))

    op.drop_table("stock_products")
    with op.batch_alter_table("stock_moves", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_moves_tenant_product")
        batch_op.drop_index(batch_op.f("ix_stock_moves_tenant_id"))
        batch_op.drop_index("ix_stock_moves_tenant_document")

    op.drop_table("stock_moves")
    with op.batch_alter_table("stock_count_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_count_lines_tenant_id"))

    op.drop_table("stock_count_lines")
    with op.batch_alter_table("stock_components", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_components_tenant_id"))

    op.drop_table("stock_components")
    with op.batch_alter_table("stock_balances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_balances_tenant_id"))

    op.drop_table("stock_balances")
    with op.batch_alter_table("stock_receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_receipts_tenant_id"))

    op.drop_table("stock_receipts")
    with op.batch_alter_table("stock_locations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_locations_tenant_id"))

    op.drop_table("stock_locations")
    with op.batch_alter_table("stock_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_counts_tenant_id"))

    op.drop_table("stock_counts")
