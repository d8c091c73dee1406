"""work_orders: orders, assignees, lines, photos, rates and signing links

Revision ID: work_orders_0001
Revises:
Create Date: 2026-12-02 20:08:37.473074
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "work_orders_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("work_orders",)
depends_on: str | Sequence[str] | None = ("core_0004", "products_0001")


def upgrade() -> None:
    op.create_table(
        "work_orders_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("hourly_rate", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["contacts.id"],
            name=op.f("fk_work_orders_rates_customer_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_work_orders_rates_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_work_orders_rates_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_orders_rates")),
        sa.UniqueConstraint(
            "tenant_id",
            "user_id",
            "customer_id",
            name=op.f("uq_work_orders_rates_tenant_id_user_id_customer_id"),
        ),
    )
    with op.batch_alter_table("work_orders_rates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_orders_rates_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "work_orders_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("site_street", sa.String(length=200), nullable=False),
        sa.Column("site_postal_code", sa.String(length=20), nullable=False),
        sa.Column("site_city", sa.String(length=100), nullable=False),
        sa.Column("site_country", sa.String(length=2), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=False),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("show_times", sa.Boolean(), nullable=False),
        sa.Column("show_names", sa.Boolean(), nullable=False),
        sa.Column("materials_booked", sa.Boolean(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("signer_name", sa.String(length=200), nullable=True),
        sa.Column("signer_ip", sa.String(length=45), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("signature_png", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["contacts.id"],
            name=op.f("fk_work_orders_orders_customer_id_contacts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["documents.id"],
            name=op.f("fk_work_orders_orders_invoice_id_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_work_orders_orders_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_orders_orders")),
    )
    with op.batch_alter_table("work_orders_orders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_orders_orders_tenant_id"), ["tenant_id"], unique=False
        )
        batch_op.create_index(
            "ix_work_orders_orders_tenant_invoice", ["tenant_id", "invoice_id"], unique=False
        )
        batch_op.create_index(
            "ix_work_orders_orders_tenant_planned", ["tenant_id", "planned_start"], unique=False
        )
        batch_op.create_index(
            "ix_work_orders_orders_tenant_state",
            ["tenant_id", "state", "customer_id"],
            unique=False,
        )

    op.create_table(
        "work_orders_assignees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["work_orders_orders.id"],
            name=op.f("fk_work_orders_assignees_order_id_work_orders_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_work_orders_assignees_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_work_orders_assignees_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_orders_assignees")),
        sa.UniqueConstraint(
            "tenant_id",
            "order_id",
            "user_id",
            name=op.f("uq_work_orders_assignees_tenant_id_order_id_user_id"),
        ),
    )
    with op.batch_alter_table("work_orders_assignees", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_orders_assignees_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "work_orders_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Numeric(precision=12, scale=3), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("work_date", sa.Date(), nullable=True),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["work_orders_orders.id"],
            name=op.f("fk_work_orders_lines_order_id_work_orders_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products_products.id"],
            name=op.f("fk_work_orders_lines_product_id_products_products"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_work_orders_lines_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_work_orders_lines_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_orders_lines")),
    )
    with op.batch_alter_table("work_orders_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_orders_lines_tenant_id"), ["tenant_id"], unique=False
        )
        batch_op.create_index(
            "ix_work_orders_lines_tenant_order", ["tenant_id", "order_id"], unique=False
        )

    op.create_table(
        "work_orders_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=50), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["work_orders_orders.id"],
            name=op.f("fk_work_orders_photos_order_id_work_orders_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_work_orders_photos_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_orders_photos")),
    )
    with op.batch_alter_table("work_orders_photos", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_orders_photos_tenant_id"), ["tenant_id"], unique=False
        )
        batch_op.create_index(
            "ix_work_orders_photos_tenant_order", ["tenant_id", "order_id"], unique=False
        )

    op.create_table(
        "work_orders_signing_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("nonce_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["work_orders_orders.id"],
            name=op.f("fk_work_orders_signing_links_order_id_work_orders_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_work_orders_signing_links_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_orders_signing_links")),
        sa.UniqueConstraint("nonce_hash", name=op.f("uq_work_orders_signing_links_nonce_hash")),
    )
    with op.batch_alter_table("work_orders_signing_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_orders_signing_links_tenant_id"), ["tenant_id"], unique=False
        )



def downgrade() -> None:
    with op.batch_alter_table("work_orders_signing_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_orders_signing_links_tenant_id"))

    op.drop_table("work_orders_signing_links")
    with op.batch_alter_table("work_orders_photos", schema=None) as batch_op:
        batch_op.drop_index("ix_work_orders_photos_tenant_order")
        batch_op.drop_index(batch_op.f("ix_work_orders_photos_tenant_id"))

    op.drop_table("work_orders_photos")
    with op.batch_alter_table("work_orders_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_work_orders_lines_tenant_order")
        batch_op.drop_index(batch_op.f("ix_work_orders_lines_tenant_id"))

    op.drop_table("work_orders_lines")
    with op.batch_alter_table("work_orders_assignees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_orders_assignees_tenant_id"))

    op.drop_table("work_orders_assignees")
    with op.batch_alter_table("work_orders_orders", schema=None) as batch_op:
        batch_op.drop_index("ix_work_orders_orders_tenant_state")
        batch_op.drop_index("ix_work_orders_orders_tenant_planned")
        batch_op.drop_index("ix_work_orders_orders_tenant_invoice")
        batch_op.drop_index(batch_op.f("ix_work_orders_orders_tenant_id"))

    op.drop_table("work_orders_orders")
    with op.batch_alter_table("work_orders_rates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_orders_rates_tenant_id"))

    op.drop_table("work_orders_rates")
