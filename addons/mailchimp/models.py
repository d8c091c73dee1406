"""What Facturo knows of each customer's member in MailChimp, and the full syncs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.api import Base, TenantOwned, utcnow

SUBSCRIBED, PENDING, UNSUBSCRIBED, ARCHIVED, COMPLIANCE = (
    "subscribed", "pending", "unsubscribed", "archived", "compliance")


class Member(TenantOwned, Base):
    """A customer's member in the tenant's audience, as last synced.

    `status` is MailChimp's answer (`subscribed`, `pending`, `unsubscribed`, ...), `archived`
    once Facturo archived it, or `compliance` when MailChimp refused it as "Member In
    Compliance State" (recorded, never retried for that address). `tags` are the tags last
    sent, so that a label taken off a customer is taken off the member too.
    """

    __tablename__ = "mailchimp_members"
    __table_args__ = (
        UniqueConstraint("tenant_id", "contact_id"),
        Index("ix_mailchimp_members_tenant_hash", "tenant_id", "subscriber_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"))
    list_id: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(500))
    subscriber_hash: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    synced_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class FullSync(TenantOwned, Base):
    """A full sync of the tenant's customers through batches, with its progress."""

    __tablename__ = "mailchimp_syncs"
    __table_args__ = (Index("ix_mailchimp_syncs_tenant_started", "tenant_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(20), default="queued")
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    batches: Mapped[list[Any]] = mapped_column(JSON, default=list)
    error: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
