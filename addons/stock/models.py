"""Tables of the stock addon: locations, stocked products, moves and their running balance,
components, unit conversions, purchase receipts and counts.

Every change of stock is a row of `stock_moves` that names where it comes from (a document
and its line position, a receipt, a count, or a manual reason and user). `stock_balances`
keeps the sum of the moves per product and location, updated in the same transaction as
each move, so that a level is one row read; `facturo stock verify` recomputes it. A tenant
has one default location today; every move and balance carries its `location_id` so that
more locations need no rewrite.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.api import Base, TenantOwned, utcnow

Quantity = Numeric(18, 4)
Cost = Numeric(16, 6)


class MoveSource:
    """Where a move comes from."""

    DOCUMENT = "document"
    RECEIPT = "receipt"
    COUNT = "count"
    CORRECTION = "correction"
    OPENING = "opening"
    EXTERNAL = "external"
    ALL = (DOCUMENT, RECEIPT, COUNT, CORRECTION, OPENING, EXTERNAL)


class Location(TenantOwned, Base):
    """A place where stock is kept; one default row per tenant for now."""

    __tablename__ = "stock_locations"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    is_default: Mapped[bool] = mapped_column(default=True)


class StockedProduct(TenantOwned, Base):
    """A product whose stock is followed, with its minimum stock."""

    __tablename__ = "stock_products"
    __table_args__ = (UniqueConstraint("tenant_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products_products.id", ondelete="CASCADE")
    )
    tracked: Mapped[bool] = mapped_column(default=True)
    minimum: Mapped[Decimal | None] = mapped_column(Quantity)
    tracked_since: Mapped[datetime] = mapped_column(default=utcnow)


class Balance(TenantOwned, Base):
    """The running sum of the moves of a product at a location."""

    __tablename__ = "stock_balances"
    __table_args__ = (UniqueConstraint("tenant_id", "product_id", "location_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products_products.id", ondelete="CASCADE")
    )
    location_id: Mapped[int] = mapped_column(ForeignKey("stock_locations.id"))
    quantity: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(0))


class Receipt(TenantOwned, Base):
    """Goods received from a supplier on a date; its lines are moves with a cost price."""

    __tablename__ = "stock_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier: Mapped[str] = mapped_column(String(200))
    receipt_date: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(100), default="")
    user_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Count(TenantOwned, Base):
    """A stock count: counted quantities of a list of products; posting moves the difference."""

    __tablename__ = "stock_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    count_date: Mapped[date] = mapped_column(Date)
    posted: Mapped[bool] = mapped_column(default=False)
    user_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CountLine(TenantOwned, Base):
    """A counted quantity of a product; `expected` is the level when the count was posted."""

    __tablename__ = "stock_count_lines"
    __table_args__ = (UniqueConstraint("tenant_id", "count_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    count_id: Mapped[int] = mapped_column(ForeignKey("stock_counts.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products_products.id", ondelete="CASCADE")
    )
    counted: Mapped[Decimal] = mapped_column(Quantity)
    expected: Mapped[Decimal | None] = mapped_column(Quantity)


class Move(TenantOwned, Base):
    """One change of stock of a product at a location, in the product's unit."""

    __tablename__ = "stock_moves"
    __table_args__ = (
        Index("ix_stock_moves_tenant_product", "tenant_id", "product_id", "location_id", "id"),
        Index("ix_stock_moves_tenant_document", "tenant_id", "document_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products_products.id", ondelete="CASCADE")
    )
    location_id: Mapped[int] = mapped_column(ForeignKey("stock_locations.id"))
    quantity: Mapped[Decimal] = mapped_column(Quantity)
    move_date: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    line_position: Mapped[int | None] = mapped_column(Integer)
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("stock_receipts.id"))
    count_id: Mapped[int | None] = mapped_column(ForeignKey("stock_counts.id"))
    unit_cost: Mapped[Decimal | None] = mapped_column(Cost)
    reason: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Component(TenantOwned, Base):
    """A composite product holds `quantity` of a component per unit sold."""

    __tablename__ = "stock_components"
    __table_args__ = (UniqueConstraint("tenant_id", "product_id", "component_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products_products.id", ondelete="CASCADE")
    )
    component_id: Mapped[int] = mapped_column(
        ForeignKey("products_products.id", ondelete="CASCADE")
    )
    quantity: Mapped[Decimal] = mapped_column(Quantity)


class UnitConversion(TenantOwned, Base):
    """One `unit` (e.g. BX, a box) of a product is `factor` of its own unit (24 pieces)."""

    __tablename__ = "stock_units"
    __table_args__ = (UniqueConstraint("tenant_id", "product_id", "unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products_products.id", ondelete="CASCADE")
    )
    unit: Mapped[str] = mapped_column(String(3))
    factor: Mapped[Decimal] = mapped_column(Quantity)
