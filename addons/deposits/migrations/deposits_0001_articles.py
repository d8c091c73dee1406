"""deposits: articles, product articles, returns

Revision ID: deposits_0001
Revises:
Create Date: 2026-11-26 23:44:26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "deposits_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("deposits",)
depends_on: str | Sequence[str] | None = ("core_0004", "products_0001")


def upgrade() -> None:
    op.create_table(
        "deposits_articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("vat_treatment", sa.String(length=20), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products_products.id"],
            name=op.f("fk_deposits_articles_product_id_products_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_deposits_articles_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deposits_articles")),
        sa.UniqueConstraint(
            "tenant_id", "product_id", name=op.f("uq_deposits_articles_tenant_id_product_id")
        ),
    )
    with op.batch_alter_table("deposits_articles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deposits_articles_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "deposits_product_articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=16, scale=4), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["deposits_articles.id"],
            name=op.f("fk_deposits_product_articles_article_id_deposits_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products_products.id"],
            name=op.f("fk_deposits_product_articles_product_id_products_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_deposits_product_articles_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deposits_product_articles")),
        sa.UniqueConstraint(
            "tenant_id",
            "product_id",
            "article_id",
            name=op.f("uq_deposits_product_articles_tenant_id_product_id_article_id"),
        ),
    )
    with op.batch_alter_table("deposits_product_articles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deposits_product_articles_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_deposits_product_articles_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "deposits_returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=16, scale=4), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["deposits_articles.id"],
            name=op.f("fk_deposits_returns_article_id_deposits_articles"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_deposits_returns_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_deposits_returns_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deposits_returns")),
        sa.UniqueConstraint(
            "tenant_id",
            "document_id",
            "article_id",
            name=op.f("uq_deposits_returns_tenant_id_document_id_article_id"),
        ),
    )
    with op.batch_alter_table("deposits_returns", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deposits_returns_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_deposits_returns_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("deposits_returns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deposits_returns_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_deposits_returns_article_id"))

    op.drop_table("deposits_returns")
    with op.batch_alter_table("deposits_product_articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deposits_product_articles_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_deposits_product_articles_article_id"))

    op.drop_table("deposits_product_articles")
    with op.batch_alter_table("deposits_articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deposits_articles_tenant_id"))

    op.drop_table("deposits_articles")
