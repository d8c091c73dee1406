"""Options of a delivery note that are not part of its frozen content."""

from __future__ import annotations

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.api import Base, TenantOwned


class DeliveryNoteOptions(TenantOwned, Base):
    """How a delivery note is printed; a note without a row shows its prices."""

    __tablename__ = "delivery_notes_options"
    __table_args__ = (UniqueConstraint("tenant_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    hide_prices: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<DeliveryNoteOptions {self.document_id} hide_prices={self.hide_prices}>"
