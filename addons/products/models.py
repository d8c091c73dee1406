"""The product catalogue: products and their categories.

A product has a main `name` and `description` and, in `names` / `descriptions`, the same in
other languages (`{"fr": "Vis M6"}`); a document shows the one of its language, else the
main one. `search_text` holds the code and every name, lower-cased and without accents, so
that one column answers searches in any language. Indexes lead with `tenant_id`; the name
index carries `search_text` too, so that a search reads the index alone, in name order.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.api import Base, TenantOwned, utcnow

Price = Numeric(16, 6)
Rate = Numeric(5, 2)


class Category(TenantOwned, Base):
    """A group of products (e.g. "Materials", "Labour"), unique by name per tenant."""

    __tablename__ = "products_categories"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Category {self.id} {self.name!r}>"


class Product(TenantOwned, Base):
    """Something a tenant sells: a good or a service, with its price and VAT rate."""

    __tablename__ = "products_products"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        Index(
            "ix_products_products_tenant_active_name",
            "tenant_id", "active", "name", "search_text",
        ),
        Index("ix_products_products_tenant_active_price", "tenant_id", "active", "sale_price"),
        Index("ix_products_products_tenant_category", "tenant_id", "category_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    names: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    descriptions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    unit: Mapped[str] = mapped_column(String(3), default="C62")
    sale_price: Mapped[Decimal] = mapped_column(Price, default=Decimal("0"))
    purchase_price: Mapped[Decimal | None] = mapped_column(Price)
    vat_rate: Mapped[Decimal] = mapped_column(Rate, default=Decimal("21"))
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("products_categories.id", ondelete="SET NULL")
    )
    active: Mapped[bool] = mapped_column(default=True)
    custom_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    search_text: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    category: Mapped[Category | None] = relationship(lazy="joined")

    def name_in(self, language: str) -> str:
        """The product's name in a language, else its main name."""
        return str(self.names.get(language) or self.name)

    def description_in(self, language: str) -> str:
        """The product's description in a language, else its main description."""
        return str(self.descriptions.get(language) or self.description or "")

    def __repr__(self) -> str:
        return f"<Product {self.id} {self.code} {self.name!r}>"
