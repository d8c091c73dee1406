"""Price segments, which customer is in which, and the price breaks of each product.

A price break says "from `min_quantity` on, a unit costs `unit_price`" for one product and
one segment; `segment_id` NULL holds the base breaks, for customers without a segment. The
membership lives in this addon's own table: core's contacts are never altered.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.api import Base, TenantOwned, utcnow


class Segment(TenantOwned, Base):
    """A group of customers sharing a price list (e.g. "Groothandel"), unique by name."""

    __tablename__ = "tiered_pricing_segments"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Segment {self.id} {self.name!r}>"


class CustomerSegment(TenantOwned, Base):
    """The one segment a customer belongs to (no row: no segment)."""

    __tablename__ = "tiered_pricing_customer_segments"
    __table_args__ = (UniqueConstraint("tenant_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("tiered_pricing_segments.id", ondelete="CASCADE"), index=True
    )


class PriceBreak(TenantOwned, Base):
    """From `min_quantity` units on, the unit price of a product for a segment (NULL: base)."""

    __tablename__ = "tiered_pricing_breaks"
    __table_args__ = (
        Index("ix_tiered_pricing_breaks_tenant_product", "tenant_id", "product_id", "segment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products_products.id", ondelete="CASCADE")
    )
    segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("tiered_pricing_segments.id", ondelete="CASCADE"), index=True
    )
    min_quantity: Mapped[Decimal] = mapped_column(Numeric(16, 4))
    unit_price: Mapped[Decimal] = mapped_column(Numeric(16, 6))

    def __repr__(self) -> str:
        return f"<PriceBreak {self.product_id}/{self.segment_id} ≥{self.min_quantity}>"
