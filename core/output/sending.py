"""A document's e-mail: queued in the outbox with its PDF (the stored one once posted)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.documents.models import Document
from core.mail.models import OutboxMessage
from core.mail.outbox import document_idempotency_key, enqueue_document, find_by_key
from core.output.adapter import build_view
from core.output.pdf import render_pdf
from core.output.stored import document_pdf

if TYPE_CHECKING:
    from core.context import Context


def queue_document_mail(
    ctx: Context,
    document: Document,
    *,
    to: Sequence[str],
    cc: Sequence[str] = (),
    bcc: Sequence[str] = (),
    sending: int = 1,
) -> OutboxMessage:
    """Queue the document's e-mail with its PDF; `sending` > 1 sends it again on purpose.

    `to` is the address chosen for the document (the customer's alternative address for the
    kind, else their main one).
    """
    key = document_idempotency_key(document.id, document.kind, sending)
    queued = find_by_key(ctx.session, key)
    if queued is not None:
        return queued
    view = build_view(ctx, document)
    pdf = render_pdf(view) if document.is_draft else document_pdf(ctx, document)
    return enqueue_document(ctx, view, pdf, to=to, cc=cc, bcc=bcc,
                            document_id=document.id, idempotency_key=key)
