"""Loading a tenant's document and guarding what its state allows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.contract.records import DocumentRecord
from core.documents.errors import DocumentError, DocumentLocked
from core.documents.kinds import kind_of
from core.documents.models import Document, DocumentState
from core.i18n import N_, _

if TYPE_CHECKING:
    from core.context import Context

MSG_NOT_FOUND = N_("Document %(id)s does not exist.")
MSG_LOCKED = N_(
    "Document %(number)s is posted and can no longer be changed; correct it with a credit note."
)


def load(ctx: Context, document: Document | DocumentRecord | int) -> Document:
    """The tenant's document, given itself, its read model or its id; a clear error when it
    does not exist."""
    if isinstance(document, DocumentRecord):
        document = document.id
    if isinstance(document, Document):
        if document.tenant_id not in (None, ctx.tenant_id):
            raise DocumentError(_(MSG_NOT_FOUND) % {"id": document.id})
        return document
    found = ctx.session.get(Document, document)
    if found is None:
        raise DocumentError(_(MSG_NOT_FOUND) % {"id": document})
    return found


def require_draft(doc: Document) -> Document:
    """The document if it is a draft; `DocumentLocked` once posted."""
    if doc.state != DocumentState.DRAFT:
        raise DocumentLocked(_(MSG_LOCKED) % {"number": doc.number or doc.id})
    return doc


def label(ctx: Context, doc: Document) -> str:
    """The document as a message names it: its kind and number ("Delivery note LB2026-0001"),
    or its kind alone while it is a draft."""
    kind = kind_of(ctx, doc.kind).label(ctx.language)
    return f"{kind} {doc.number}" if doc.number else kind
