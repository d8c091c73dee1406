"""Tables of the Twikey addon: mandates, collections (and refunds), feed positions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.api import Base, TenantOwned, utcnow


class MandateState:
    """Where a mandate stands: invited (not signed yet), active, or cancelled."""

    INVITED = "invited"
    ACTIVE = "active"
    CANCELLED = "cancelled"


class CollectionState:
    """Where a collection or a refund stands.

    `queued`: waiting to be sent to Twikey; `refused`: Twikey refused it (the reason is
    kept); then Twikey's own states: `OPEN` (accepted, not booked yet), `PAID`, `ERROR` and
    `UNPAID` (the bank refused or the customer disputed), `PENDING` for a refund. A refund
    reaches `PAID` or `ERROR` through the credit transfer feed.
    """

    QUEUED = "queued"
    REFUSED = "refused"
    OPEN = "OPEN"
    PAID = "PAID"
    ERROR = "ERROR"
    UNPAID = "UNPAID"
    PENDING = "PENDING"
    FAILED = (REFUSED, ERROR, UNPAID)


class Kind:
    """A collection takes money in; a refund pays it back."""

    COLLECT = "collect"
    REFUND = "refund"


class TwikeyMandate(TenantOwned, Base):
    """A mandate a customer was invited to sign, and what the mandate feed said of it."""

    __tablename__ = "twikey_mandates"
    __table_args__ = (
        UniqueConstraint("tenant_id", "mndt_id"),
        Index("ix_twikey_mandates_tenant_contact", "tenant_id", "contact_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    mndt_id: Mapped[str] = mapped_column(String(35))
    template: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(12), default=MandateState.INVITED)
    sign_url: Mapped[str] = mapped_column(String(500), default="")
    iban: Mapped[str | None] = mapped_column(String(34))
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TwikeyCollection(TenantOwned, Base):
    """One attempt to collect a posted invoice, or to refund it after a credit note."""

    __tablename__ = "twikey_collections"
    __table_args__ = (
        UniqueConstraint("tenant_id", "document_id", "kind", "attempt"),
        Index("ix_twikey_collections_tenant_twikey_id", "tenant_id", "twikey_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    kind: Mapped[str] = mapped_column(String(10), default=Kind.COLLECT)
    attempt: Mapped[int] = mapped_column(default=1)
    mndt_id: Mapped[str] = mapped_column(String(35))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    message: Mapped[str] = mapped_column(String(140))
    ref: Mapped[str] = mapped_column(String(40))
    idempotency_key: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(12), default=CollectionState.QUEUED)
    twikey_id: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")
    payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("payments_payments.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TwikeyFeed(TenantOwned, Base):
    """Where the tenant's reading of Twikey's feeds stands: mandates, transactions and
    credit transfers (refunds)."""

    __tablename__ = "twikey_feeds"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mandate_position: Mapped[str | None] = mapped_column(String(40))
    transaction_position: Mapped[str | None] = mapped_column(String(40))
    transfer_position: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
