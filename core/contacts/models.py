"""Contact records (customers and suppliers)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantOwned, utcnow


class Contact(TenantOwned, Base):
    """A customer and/or supplier of a tenant: a person or a company."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("tenant_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    is_customer: Mapped[bool] = mapped_column(default=True)
    is_supplier: Mapped[bool] = mapped_column(default=False)
    is_company: Mapped[bool] = mapped_column(default=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    vat_number: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    street: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(2), default="BE")
    language: Mapped[str] = mapped_column(String(5), default="nl")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    vat_regime: Mapped[str | None] = mapped_column(String(30))
    payment_term_days: Mapped[int | None] = mapped_column()
    general_discount: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0"))
    financial_discount: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0"))
    internal_note: Mapped[str] = mapped_column(Text, default="")
    custom_fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    archived: Mapped[bool] = mapped_column(default=False)
    merged_into_id: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
