"""Per-tenant addon state: one row per (tenant, addon) ever switched on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantOwned, utcnow


class TenantAddon(TenantOwned, Base):
    """Whether an addon is on for a tenant, its settings, and a pending lifecycle event."""

    __tablename__ = "tenant_addons"
    __table_args__ = (UniqueConstraint("tenant_id", "addon_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    addon_id: Mapped[str] = mapped_column(String(63))
    active: Mapped[bool] = mapped_column(default=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    pending_event: Mapped[str | None] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
