"""Cancelling a posted document that neither counts for VAT nor asks payment (a delivery
note, a quote, an order confirmation).

A cancelled document keeps its number (the numbering stays gapless), stays in the lists and
is never converted afterwards. Invoices and credit notes are never cancelled: a credit note
corrects them. A document already converted into another is not cancelled either. The state
changes, the audit entry and the `document_cancelled` hook happen in the caller's
transaction, inside a savepoint: when a hook raises, the document stays posted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from core.audit.service import record
from core.contacts.errors import require_write
from core.db.base import utcnow
from core.documents.convert import linked_targets
from core.documents.errors import DocumentError
from core.documents.kinds import get_kind, kind_of
from core.documents.models import Document, DocumentState
from core.documents.records import document_record
from core.documents.state import label, load
from core.i18n import N_, _

if TYPE_CHECKING:
    from core.context import Context

MSG_DRAFT = N_("A draft is not cancelled: delete it instead.")
MSG_CORRECTED = N_(
    "%(document)s cannot be cancelled: a document that counts for VAT or asks payment is "
    "corrected with a credit note."
)
MSG_ALREADY = N_("%(document)s is already cancelled.")
MSG_CONVERTED = N_(
    "%(document)s was already made into %(target)s and can no longer be cancelled."
)
MSG_DRAFT_TARGET = N_("a draft %(kind)s")


def _converted_reason(ctx: Context, doc: Document) -> str | None:
    targets = linked_targets(ctx, doc)
    if not targets:
        return None
    target = targets[0]
    kind = kind_of(ctx, target.kind).label(ctx.language).lower()
    named = f"{kind} {target.number}" if target.number else _(MSG_DRAFT_TARGET) % {"kind": kind}
    return _(MSG_CONVERTED) % {"document": label(ctx, doc), "target": named}


def cancel_refusal(ctx: Context, doc: Document) -> str | None:
    """Why the document cannot be cancelled (a sentence for the user), or None when it can."""
    if doc.is_draft:
        return _(MSG_DRAFT)
    kind = kind_of(ctx, doc.kind)
    if kind.vat_sale or kind.payable:
        return _(MSG_CORRECTED) % {"document": label(ctx, doc)}
    if doc.state == DocumentState.CANCELLED:
        return _(MSG_ALREADY) % {"document": label(ctx, doc)}
    return _converted_reason(ctx, doc)


def cancel_document(
    ctx: Context, document: Document | int, reason: str | None = None
) -> Document:
    """Cancel a posted document that neither counts for VAT nor asks payment; all or nothing.

    Needs a user who may change data (`PermissionDenied` otherwise). Raises `DocumentError`
    with the reason when the document cannot be cancelled (`cancel_refusal`), `HookError`
    when an addon's `document_cancelled` fails; then the document stays as it was.
    """
    require_write(ctx)
    doc = load(ctx, document)
    get_kind(ctx, doc.kind)  # its app is on
    refusal = cancel_refusal(ctx, doc)
    if refusal is not None:
        raise DocumentError(refusal)
    try:
        with ctx.session.begin_nested():
            _cancel(ctx, doc, reason)
    except BaseException:
        ctx.session.expire(doc)  # back to what the database holds: posted
        raise
    return doc


def _cancel(ctx: Context, doc: Document, reason: str | None) -> None:
    now = utcnow()
    changed = ctx.session.execute(
        update(Document)
        .where(Document.tenant_id == ctx.tenant_id, Document.id == doc.id,
               Document.state == DocumentState.POSTED)
        .values(state=DocumentState.CANCELLED, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:  # cancelled meanwhile by someone else
        raise DocumentError(_(MSG_ALREADY) % {"document": label(ctx, doc)})
    set_committed_value(doc, "state", DocumentState.CANCELLED)
    set_committed_value(doc, "updated_at", now)
    # asked again with the row locked: a conversion committed meanwhile is seen now
    # (a conversion locks its source too, `core.documents.convert`)
    converted = _converted_reason(ctx, doc)
    if converted is not None:
        raise DocumentError(converted)
    record(ctx, "document.cancelled", "document", doc.id,
           {"kind": doc.kind, "number": doc.number, "reason": reason or ""})
    if ctx.hooks.hook.document_cancelled.get_hookimpls():
        ctx.call("document_cancelled", document=document_record(doc))
    ctx.session.flush()
