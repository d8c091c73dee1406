"""The customer's answer to a quote: accepted or declined, on which day.

The answer lives in its own table rather than on the document: a quote is posted (numbered
and frozen) when it is sent, and the customer answers afterwards.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.api import Base, TenantOwned, utcnow


class Decision:
    """What a customer can answer."""

    ACCEPTED = "accepted"
    DECLINED = "declined"
    ALL = (ACCEPTED, DECLINED)


class QuoteDecision(TenantOwned, Base):
    """The answer to one quote (one row per quote; a changed mind replaces it)."""

    __tablename__ = "quotes_decisions"
    __table_args__ = (UniqueConstraint("tenant_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    decision: Mapped[str] = mapped_column(String(10))
    decided_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def accepted(self) -> bool:
        """Whether the customer said yes."""
        return self.decision == Decision.ACCEPTED

    def __repr__(self) -> str:
        return f"<QuoteDecision {self.document_id} {self.decision} {self.decided_on}>"
