"""Stored files of posted documents: the PDF exactly as it was issued.

The bytes live in the database (a `LargeBinary` column: `bytea` on PostgreSQL, a BLOB in
SQLite) rather than in files under the data folder, because

- a backup is one thing: `pg_dump` (or the SQLite file) holds the documents with the PDFs
  that were sent, and a restore can never pair a document with a missing or foreign file;
- the row and its bytes are written in one transaction, scoped by tenant like every other
  row (row-level security on PostgreSQL), and go when the tenant is purged;
- several web workers or machines need no shared disk.

A one-page invoice is some 30-60 KB; PostgreSQL keeps such values out of line (TOAST), so
reading the other columns does not read the bytes, and the ORM loads them only on access.
Rows are only ever inserted: the application refuses to update or delete one (ORM changes and
UPDATE/DELETE statements through a session raise `StoredFileImmutable`), and the database
refuses an update (see migration `core_0007`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from core.db.base import Base, TenantOwned, utcnow


class FileKind:
    """What a stored file is: the PDF with prices, or the one printed without them."""

    PDF = "pdf"
    PDF_WITHOUT_PRICES = "pdf_without_prices"
    ALL = (PDF, PDF_WITHOUT_PRICES)


class DocumentFile(TenantOwned, Base):
    """One stored rendering of a posted document, with its checksum."""

    __tablename__ = "document_files"
    __table_args__ = (
        UniqueConstraint("tenant_id", "document_id", "kind"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30), default=FileKind.PDF)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<DocumentFile {self.document_id} {self.kind} {self.size} bytes>"


class StoredFileImmutable(RuntimeError):
    """Something tried to delete or replace a stored file: it is kept as issued, for good."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what}: the stored PDF of a posted document is kept as issued; it is never "
            "deleted or replaced"
        )


def _refuse_change(_mapper: Any, _connection: Any, target: DocumentFile) -> None:
    raise StoredFileImmutable(f"document {target.document_id} ({target.kind})")


def _refuse_bulk_change(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and getattr(table, "name", None) == DocumentFile.__tablename__:
        raise StoredFileImmutable("an UPDATE or DELETE of document_files")


# the application's own wall; the database's triggers are the second one
event.listen(DocumentFile, "before_update", _refuse_change)
event.listen(DocumentFile, "before_delete", _refuse_change)
event.listen(Session, "do_orm_execute", _refuse_bulk_change)
