"""The record of each statement file brought in: which, where, and what it added."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.api import Base, TenantOwned, utcnow


class StatementImport(TenantOwned, Base):
    """A statement file imported on an account, with its counts (a re-import adds 0 lines)."""

    __tablename__ = "payments_statement_imports"
    __table_args__ = (
        Index("ix_payments_statement_imports_tenant_account", "tenant_id", "account_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("payments_accounts.id"))
    filename: Mapped[str] = mapped_column(String(200), default="")
    format: Mapped[str] = mapped_column(String(30))
    statement_iban: Mapped[str | None] = mapped_column(String(34))
    lines: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    matched: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
