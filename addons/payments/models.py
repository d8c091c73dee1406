"""Tables of the payments addon: accounts, payments, their allocation to invoices, reminders.

A payment is money that moved on one of the tenant's accounts (a bank transfer, cash in the
till). It is allocated to one or more invoices, wholly or in part; what is not allocated yet
waits for manual matching. An invoice's `amount_paid` is the sum of its allocations.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.api import Base, TenantOwned, utcnow

Money = Numeric(14, 2)
ZERO = Decimal("0.00")


class AccountKind:
    """What kind of money an account holds."""

    BANK = "bank"
    CASH = "cash"
    ALL = (BANK, CASH)


class PaymentSource:
    """How a payment came in: typed by a user, read from a bank statement, from an addon."""

    MANUAL = "manual"
    BANK = "bank"
    ADDON = "addon"


class PaymentAccount(TenantOwned, Base):
    """A bank account or a cash register of the tenant."""

    __tablename__ = "payments_accounts"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10), default=AccountKind.BANK)
    iban: Mapped[str | None] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    opening_balance: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    is_default: Mapped[bool] = mapped_column(default=False)
    archived: Mapped[bool] = mapped_column(default=False)
    #: The account customers are asked to pay on instead of the company's own IBAN.
    for_requests: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<PaymentAccount {self.id} {self.kind} {self.name!r}>"


class Payment(TenantOwned, Base):
    """Money received (positive) or paid out (negative) on an account on a date.

    `reference` is the communication as given (bank statement, typed); `structured_ref` its
    structured communication, normalised to 12 digits, when it holds one. `external_id`
    identifies a bank statement line so that importing a statement twice adds nothing.
    """

    __tablename__ = "payments_payments"
    __table_args__ = (
        Index("ix_payments_payments_tenant_account_date", "tenant_id", "account_id", "date"),
        Index("ix_payments_payments_tenant_structured_ref", "tenant_id", "structured_ref"),
        UniqueConstraint("tenant_id", "account_id", "external_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("payments_accounts.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    reference: Mapped[str] = mapped_column(String(200), default="")
    structured_ref: Mapped[str | None] = mapped_column(String(12))
    counterparty: Mapped[str] = mapped_column(String(200), default="")
    counterparty_iban: Mapped[str | None] = mapped_column(String(34))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(10), default=PaymentSource.MANUAL)
    external_id: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    account: Mapped[PaymentAccount] = relationship()
    allocations: Mapped[list[PaymentAllocation]] = relationship(
        back_populates="payment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="PaymentAllocation.id",
    )

    @property
    def allocated(self) -> Decimal:
        """How much of the payment went to invoices."""
        return sum((a.amount for a in self.allocations), ZERO)

    @property
    def unallocated(self) -> Decimal:
        """How much of a received payment still waits to be matched to an invoice."""
        return self.amount - self.allocated if self.amount > 0 else ZERO

    def __repr__(self) -> str:
        return f"<Payment {self.id} {self.date} {self.amount}>"


class PaymentAllocation(TenantOwned, Base):
    """The part of a payment that settles one invoice."""

    __tablename__ = "payments_allocations"
    __table_args__ = (
        Index("ix_payments_allocations_tenant_document", "tenant_id", "document_id"),
        Index("ix_payments_allocations_tenant_payment", "tenant_id", "payment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(
        ForeignKey("payments_payments.id", ondelete="CASCADE")
    )
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    amount: Mapped[Decimal] = mapped_column(Money)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    payment: Mapped[Payment] = relationship(back_populates="allocations")


class ReminderStatus:
    """What became of a reminder: queued in the outbox, or not sent for want of an address."""

    QUEUED = "queued"
    NO_ADDRESS = "no_address"


class PaymentReminder(TenantOwned, Base):
    """A reminder level (1 first, 2 second, 3 final notice) sent for an invoice, once."""

    __tablename__ = "payments_reminders"
    __table_args__ = (UniqueConstraint("tenant_id", "document_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    level: Mapped[int] = mapped_column(Integer)
    sent_on: Mapped[dt.date] = mapped_column(Date)
    amount_due: Mapped[Decimal] = mapped_column(Money)
    recipient: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default=ReminderStatus.QUEUED)
    outbox_message_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


from addons.payments.statements.models import StatementImport  # noqa: E402, F401  (its table)
