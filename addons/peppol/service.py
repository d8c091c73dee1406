"""E-invoices of a tenant's documents: made, checked against the business rules, sent."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from addons.peppol import official, rules, ubl
from addons.peppol.errors import MSG_NO_FOLDER, MSG_RULES, PeppolError
from addons.peppol.kinds import einvoice_kinds, is_einvoice
from addons.peppol.source import check_exportable, ubl_document
from addons.peppol.translation import N_, _
from addons.peppol.transport import FolderDrop, Receipt, Transport
from core.api import Document, DocumentRecord, DocumentState, load_document

if TYPE_CHECKING:
    from core.api import Context

ADDON_ID = "peppol"
DROP_FOLDER = "drop_folder"
MSG_FOLDER_ABSOLUTE = N_("Enter a full folder path, starting with /.")


def find_document(ctx: Context, document_id: int) -> Document | None:
    """The tenant's posted invoice or credit note (of an invoice) with this id, or None."""
    found = ctx.session.scalars(
        select(Document)
        .where(
            Document.id == document_id,
            Document.kind.in_(einvoice_kinds(ctx)),
            Document.state != DocumentState.DRAFT,
        )
        .options(selectinload(Document.lines))
    ).first()
    return found if found is not None and is_einvoice(ctx, found) else None


def record_ubl(ctx: Context, record: DocumentRecord) -> bytes:
    """The checked e-invoice of a posted document given as its read model (the `ubl` export
    format)."""
    return document_ubl(ctx, load_document(ctx, record.id))


def document_ubl(ctx: Context, document: Document, *, attach_pdf: bool = True) -> bytes:
    """The e-invoice of a posted invoice or credit note, checked against the official rules
    and the Belgian ones; `PeppolError` says why when it can't be made or breaks a rule."""
    check_exportable(ctx, document)
    xml = ubl.to_xml(ubl_document(ctx, document, attach_pdf=attach_pdf))
    broken = [*official.check(xml).fatal, *rules.check(xml)]
    if broken:
        raise PeppolError(
            _(MSG_RULES) % {"number": document.number, "rules": "; ".join(map(str, broken))}
        )
    return xml


def folder_problem(value: Any) -> str | None:
    """Why a drop folder setting is unusable, or None (an empty one means: not set)."""
    text = str(value or "").strip()
    if text and not Path(text).is_absolute():
        return _(MSG_FOLDER_ABSOLUTE)
    return None


def transport_for(ctx: Context) -> Transport:
    """The tenant's way of sending e-invoices, from the app's settings."""
    folder = str(ctx.addon_settings(ADDON_ID).get(DROP_FOLDER) or "").strip()
    if not folder or folder_problem(folder):
        raise PeppolError(_(MSG_NO_FOLDER))
    return FolderDrop(folder)


def send_document(
    ctx: Context, document: Document, transport: Transport | None = None
) -> Receipt:
    """Make the document's e-invoice and hand it to the transport (the tenant's by default)."""
    xml = document_ubl(ctx, document)
    return (transport or transport_for(ctx)).send(document.id, xml)
