"""How a cash receipt was paid: a choice made on the draft, frozen with it at posting."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.api import Base, TenantOwned


class ReceiptMethod(TenantOwned, Base):
    """The payment method of a cash receipt; a receipt without a row is paid in cash."""

    __tablename__ = "cash_receipts_methods"
    __table_args__ = (UniqueConstraint("tenant_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(String(10), default="cash")

    def __repr__(self) -> str:
        return f"<ReceiptMethod {self.document_id} {self.method}>"
