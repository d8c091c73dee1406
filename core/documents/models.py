"""Documents, their lines and the links between them (quote → invoice, invoice → credit note).

A document is a draft until it is posted: posting gives it its number, its structured
communication and a frozen copy of the customer's details; from then on its content never
changes (the database refuses it too), only its payment and sending bookkeeping does.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db.base import Base, TenantOwned, utcnow

Money = Numeric(14, 2)
Quantity = Numeric(16, 4)
UnitPrice = Numeric(16, 6)
Percent = Numeric(5, 2)
ZERO = Decimal("0.00")


class DocumentState:
    """The states of a document: partially paid, paid and credited only for documents that
    ask payment; cancelled only for posted documents that neither count for VAT nor ask
    payment (`core.documents.cancel`)."""

    DRAFT = "draft"
    POSTED = "posted"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    CREDITED = "credited"
    CANCELLED = "cancelled"
    ALL = (DRAFT, POSTED, PARTIALLY_PAID, PAID, CREDITED, CANCELLED)


class LineType:
    """What a line is: a product, a free line with a price, a text, a subtitle."""

    PRODUCT = "product"
    FREE = "free"
    TEXT = "text"
    SUBTITLE = "subtitle"
    ALL = (PRODUCT, FREE, TEXT, SUBTITLE)
    PRICED = (PRODUCT, FREE)


class Document(TenantOwned, Base):
    """An invoice, credit note, quote, delivery note, ...: one row whatever the kind."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("tenant_id", "kind", "number"),
        UniqueConstraint("tenant_id", "structured_ref"),
        Index("ix_documents_tenant_kind_date", "tenant_id", "kind", "issue_date", "state"),
        Index("ix_documents_tenant_customer", "tenant_id", "customer_id"),
        # the list's state filter and its sorts by total and due date, read from an index
        Index("ix_documents_tenant_kind_state", "tenant_id", "kind", "state", "issue_date", "id"),
        Index("ix_documents_tenant_kind_total", "tenant_id", "kind", "total_incl_vat", "id"),
        Index("ix_documents_tenant_kind_due", "tenant_id", "kind", "due_date", "id"),
        {"sqlite_autoincrement": True},  # an id is never given twice (core_0010)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20), default=DocumentState.DRAFT)
    number: Mapped[str | None] = mapped_column(String(40))
    customer_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    contact_person_id: Mapped[int | None] = mapped_column(Integer)
    attention: Mapped[str] = mapped_column(String(200), default="")
    issue_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    # when the goods or services were supplied (BT-72), or from when to when (BG-14) when
    # `delivery_end` is set; empty: on the issue date
    delivery_date: Mapped[date | None] = mapped_column(Date)
    delivery_end: Mapped[date | None] = mapped_column(Date)
    # where the goods went (BT-80), when not to the customer's own address
    delivery_country: Mapped[str | None] = mapped_column(String(2))
    payment_term_days: Mapped[int | None] = mapped_column(Integer)
    vat_regime: Mapped[str] = mapped_column(String(30), default="standard")
    vat_exemption_article: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(5), default="nl")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    structured_ref: Mapped[str | None] = mapped_column(String(12))
    total_excl_vat: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    total_vat: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    total_incl_vat: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    amount_paid: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    amount_credited: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    party: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    internal_note: Mapped[str] = mapped_column(Text, default="")
    custom_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    credited_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="RESTRICT"), index=True
    )
    posted_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    lines: Mapped[list[DocumentLine]] = relationship(
        back_populates="document",
        order_by="DocumentLine.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    allowances: Mapped[list[DocumentAllowance]] = relationship(
        back_populates="document",
        order_by="DocumentAllowance.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @hybrid_property
    def open_amount(self) -> Decimal:
        """What is still to be paid: total − paid − credited."""
        return self.total_incl_vat - self.amount_paid - self.amount_credited

    @property
    def is_draft(self) -> bool:
        """Whether the document can still be changed."""
        return self.state == DocumentState.DRAFT

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.kind} {self.number or 'draft'} {self.state}>"


class DocumentLine(TenantOwned, Base):
    """A line of a document: a product or free line with an amount, a text or a subtitle.

    `addon_id` marks lines an addon added (`document_extra_lines`); `group` lets a template
    show such lines as a block; `source_line_id` points to the line this one was copied from
    (conversion, credit note).
    """

    __tablename__ = "document_lines"
    __table_args__ = (
        Index("ix_document_lines_tenant_document", "tenant_id", "document_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    line_type: Mapped[str] = mapped_column(String(20), default=LineType.FREE)
    product_id: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[Decimal] = mapped_column(Quantity, default=Decimal("1"))
    unit: Mapped[str] = mapped_column(String(20), default="")
    unit_price: Mapped[Decimal] = mapped_column(UnitPrice, default=ZERO)
    discount_percent: Mapped[Decimal] = mapped_column(Percent, default=ZERO)
    vat_rate: Mapped[Decimal] = mapped_column(Percent, default=ZERO)
    vat_category: Mapped[str] = mapped_column(String(3), default="S")
    net_amount: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    price_typed: Mapped[bool] = mapped_column(default=False)
    addon_id: Mapped[str | None] = mapped_column(String(63))
    group: Mapped[str | None] = mapped_column(String(63))
    source_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_lines.id", ondelete="SET NULL"), index=True
    )

    document: Mapped[Document] = relationship(back_populates="lines")

    @property
    def is_priced(self) -> bool:
        """Whether the line carries an amount (product and free lines)."""
        return self.line_type in LineType.PRICED

    def __repr__(self) -> str:
        return f"<DocumentLine {self.position} {self.description!r} {self.net_amount}>"


class AllowanceKind:
    """A document allowance (EN 16931 BG-20) or the financial (early payment) discount."""

    ALLOWANCE = "allowance"
    CASH_DISCOUNT = "cash_discount"
    ALL = (ALLOWANCE, CASH_DISCOUNT)


class AllowanceOrigin:
    """Who put a discount on the document: the user or the customer's fiche (a copy made by a
    conversion or a credit note keeps the origin of what it copies)."""

    MANUAL = "manual"
    CUSTOMER = "customer"


class DocumentAllowance(TenantOwned, Base):
    """A discount on a whole document, as the user gave it: a percentage of the line total or
    a fixed amount, with a reason; or the financial discount (a percentage and a term in
    days). The totals split it per VAT rate (`core.documents.totals`)."""

    __tablename__ = "document_allowances"
    __table_args__ = (Index("ix_document_allowances_tenant_document", "tenant_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20), default=AllowanceKind.ALLOWANCE)
    origin: Mapped[str] = mapped_column(String(20), default=AllowanceOrigin.MANUAL)
    reason: Mapped[str] = mapped_column(String(200), default="")
    reason_code: Mapped[str] = mapped_column(String(3), default="95")
    percent: Mapped[Decimal | None] = mapped_column(Percent)
    amount: Mapped[Decimal | None] = mapped_column(Money)
    days: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="allowances")

    def __repr__(self) -> str:
        value = f"{self.percent} %" if self.percent is not None else str(self.amount)
        return f"<DocumentAllowance {self.kind} {self.reason!r} {value}>"


class DocumentLink(TenantOwned, Base):
    """`source` led to `target`: a quote converted to an invoice, an invoice credited, ..."""

    __tablename__ = "document_links"
    __table_args__ = (
        UniqueConstraint("tenant_id", "source_id", "target_id"),
        Index("ix_document_links_tenant_target", "tenant_id", "target_id", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    link_type: Mapped[str] = mapped_column(String(20), default="conversion")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
