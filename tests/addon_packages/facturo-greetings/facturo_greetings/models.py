"""The one table of the greetings addon."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.api import Base, TenantOwned


class Greeting(TenantOwned, Base):
    """A greeting written for a tenant."""

    __tablename__ = "greetings_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(200))
