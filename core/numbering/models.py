"""Counter rows: the last number used per tenant, sequence and fiscal year."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantOwned


class NumberSequence(TenantOwned, Base):
    """A tenant's numbering series (e.g. `invoice`, `credit_note`, `customer`) and its pattern."""

    __tablename__ = "number_sequences"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(63))
    pattern: Mapped[str] = mapped_column(String(63))
    yearly: Mapped[bool] = mapped_column(default=True)
    # fiscal year start as MM-DD; the counter restarts on that day when `yearly`
    year_start: Mapped[str] = mapped_column(String(5), default="01-01")


class NumberCounter(TenantOwned, Base):
    """The last counter value used in one sequence and fiscal year (0 for non-yearly)."""

    __tablename__ = "number_counters"
    __table_args__ = (UniqueConstraint("tenant_id", "sequence_id", "fiscal_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sequence_id: Mapped[int] = mapped_column(
        ForeignKey("number_sequences.id", ondelete="CASCADE"), index=True
    )
    fiscal_year: Mapped[int] = mapped_column(default=0)
    last_value: Mapped[int] = mapped_column(default=0)
