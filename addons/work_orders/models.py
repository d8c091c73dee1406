"""Work orders: the job on a site, who is on it, its lines, photos, rates and signing links.

A work order keeps its own copy of the site address (werfadres), so that a later change of
the customer's address never moves the work. Its signature (a PNG of the strokes, the
signer's name, the time and the IP) is kept on the order itself and cleared on unlock.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    Numeric,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.api import Base, TenantOwned, utcnow

Quantity = Numeric(12, 3)
Money = Numeric(12, 2)


class OrderState:
    """Where a work order is in its life."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SIGNED = "signed"
    INVOICED = "invoiced"
    CANCELLED = "cancelled"
    ALL = (PLANNED, IN_PROGRESS, DONE, SIGNED, INVOICED, CANCELLED)
    EDITABLE = (PLANNED, IN_PROGRESS)
    INVOICEABLE = (DONE, SIGNED)


class LineKind:
    """What a line of a work order is."""

    MATERIAL = "material"
    TIME = "time"
    KM = "km"
    TEXT = "text"
    ALL = (MATERIAL, TIME, KM, TEXT)


class WorkOrder(TenantOwned, Base):
    """A job for a customer on a site, planned on one or more days."""

    __tablename__ = "work_orders_orders"
    __table_args__ = (
        Index("ix_work_orders_orders_tenant_state", "tenant_id", "state", "customer_id"),
        Index("ix_work_orders_orders_tenant_planned", "tenant_id", "planned_start"),
        Index("ix_work_orders_orders_tenant_invoice", "tenant_id", "invoice_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="RESTRICT"))
    description: Mapped[str] = mapped_column(Text, default="")
    site_street: Mapped[str] = mapped_column(String(200), default="")
    site_postal_code: Mapped[str] = mapped_column(String(20), default="")
    site_city: Mapped[str] = mapped_column(String(100), default="")
    site_country: Mapped[str] = mapped_column(String(2), default="BE")
    planned_start: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default=OrderState.PLANNED)
    notes: Mapped[str] = mapped_column(Text, default="")
    show_times: Mapped[bool] = mapped_column(default=True)
    show_names: Mapped[bool] = mapped_column(default=True)
    materials_booked: Mapped[bool] = mapped_column(default=False)
    invoice_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"))
    signer_name: Mapped[str | None] = mapped_column(String(200))
    signer_ip: Mapped[str | None] = mapped_column(String(45))
    signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    signature_png: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    lines: Mapped[list[WorkOrderLine]] = relationship(
        order_by="WorkOrderLine.position", cascade="all, delete-orphan")
    assignees: Mapped[list[WorkOrderAssignee]] = relationship(cascade="all, delete-orphan")

    @property
    def locked(self) -> bool:
        """Whether it is signed or invoiced: nothing on it changes until it is unlocked."""
        return self.state in (OrderState.SIGNED, OrderState.INVOICED)

    def __repr__(self) -> str:
        return f"<WorkOrder {self.id} {self.state}>"


class WorkOrderAssignee(TenantOwned, Base):
    """An employee (a user of the tenant) planned on a work order."""

    __tablename__ = "work_orders_assignees"
    __table_args__ = (UniqueConstraint("tenant_id", "order_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("work_orders_orders.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))


class WorkOrderLine(TenantOwned, Base):
    """A material (a product and a quantity), a time entry, a trip in km or a text."""

    __tablename__ = "work_orders_lines"
    __table_args__ = (Index("ix_work_orders_lines_tenant_order", "tenant_id", "order_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("work_orders_orders.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=1)
    kind: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text, default="")
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products_products.id", ondelete="RESTRICT"))
    quantity: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(0))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    work_date: Mapped[date | None] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    minutes: Mapped[int] = mapped_column(default=0)


class WorkOrderPhoto(TenantOwned, Base):
    """A photo taken on the site, with a small thumbnail for the page and the PDF."""

    __tablename__ = "work_orders_photos"
    __table_args__ = (Index("ix_work_orders_photos_tenant_order", "tenant_id", "order_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("work_orders_orders.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(200), default="")
    content_type: Mapped[str] = mapped_column(String(50))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    thumbnail: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HourlyRate(TenantOwned, Base):
    """A billable hourly rate: of a user, for a customer, or of a user for a customer."""

    __tablename__ = "work_orders_rates"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id", "customer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"))
    hourly_rate: Mapped[Decimal] = mapped_column(Money)


class SigningLink(TenantOwned, Base):
    """A link sent to the customer to sign a work order: expiring and used once.

    Only the SHA-256 of the link's random part is kept, so the table cannot be turned
    back into working links."""

    __tablename__ = "work_orders_signing_links"
    __table_args__ = (UniqueConstraint("nonce_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("work_orders_orders.id", ondelete="CASCADE"))
    nonce_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
