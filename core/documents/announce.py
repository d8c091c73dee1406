"""Announcing posted documents outside the database, after their posting committed.

`document_posted` runs inside the posting transaction, which may still roll back (a later
hook fails, the caller fails, the process dies): a number seen there may be given to another
document afterwards. What reaches outside the database (an e-mail, an API call) implements
`document_posted_committed` instead, which runs here: once the unit of work that posted the
document has committed, once per document, each in a unit of work of its own.

A pending announcement is the tenant, the document and its number, kept on the session until
its transaction ends: the shape of the outbox job a worker will run. Before the hook is
called the document is read again, and it is announced only when it is posted under that
number; a failing announcement is logged, never raised (the posting stands).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from core.addons.dispatch import call_hook
from core.documents.models import Document
from core.documents.records import document_record

if TYPE_CHECKING:
    from core.context import Context, Kernel
    from core.documents.models import Document

log = logging.getLogger(__name__)

HOOK = "document_posted_committed"
_PENDING = "facturo.announce_pending"
_COMMITTED = "facturo.announce_committed"


@dataclass(frozen=True)
class Announcement:
    """A posted document to announce once its posting committed."""

    app: Kernel
    tenant_id: int
    document_id: int
    number: str
    language: str
    user_id: int | None


def announce_after_commit(ctx: Context, document: Document) -> None:
    """Queue `document_posted_committed` for the document, to run after the commit."""
    if not getattr(ctx.hooks.hook, HOOK).get_hookimpls():
        return
    assert document.number is not None
    ctx.session.info.setdefault(_PENDING, []).append(
        Announcement(ctx.app, ctx.tenant_id, document.id, document.number, ctx.language,
                     ctx.user_id)
    )


def run_announcement(item: Announcement) -> bool:
    """Call `document_posted_committed` for one document if it is posted under that number.

    False when it is not (its posting rolled back) or the hook failed (logged).
    """
    try:
        with item.app.tenant_context(
            item.tenant_id, user_id=item.user_id, language=item.language
        ) as ctx:
            document = ctx.session.get(Document, item.document_id)
            if document is None or document.is_draft or document.number != item.number:
                return False
            call_hook(ctx.hooks, HOOK, ctx=ctx, document=document_record(document))
            return True
    except Exception:
        log.exception(
            "document %s (%s) is posted; announcing it failed", item.number, item.document_id
        )
        return False


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if _PENDING in session.info and not session.in_nested_transaction():
        session.info[_COMMITTED] = True


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: Any) -> None:
    if transaction.parent is not None:
        return
    pending = session.info.pop(_PENDING, None)
    if session.info.pop(_COMMITTED, False) and pending:
        for item in pending:
            run_announcement(item)
