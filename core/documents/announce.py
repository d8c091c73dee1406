"""Announcing posted documents outside the database, after their posting committed.

`document_posted` runs inside the posting transaction, which may still roll back (a later
hook fails, the caller fails, the process dies): a number seen there may be given to another
document afterwards. What reaches outside the database (an e-mail, an API call) implements
`document_posted_committed` instead, which runs here: once the unit of work that posted the
document has committed, once per document, each in a unit of work of its own.

A pending announcement is the tenant, the document and its number, kept on the session until
its transaction ends, and also an outbox job written in the posting transaction: the
announcement after the commit marks the job done in its own unit of work. When it could not
(the hook failed, the process died between the commit and the announcement), a worker runs
the job a little later (`GRACE`), with retries: at least once. Before the hook is called the
document is read again, and it is announced only when it is posted under that number; a
failing announcement after the commit is logged, never raised (the posting stands).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from core.addons.dispatch import call_hook
from core.contract.outbox import OutboxHandler, OutboxJobView
from core.db.base import utcnow
from core.documents.models import Document
from core.documents.records import document_record
from core.outbox.models import JobState, OutboxJob
from core.outbox.rows import insert_job

if TYPE_CHECKING:
    from core.context import Context, Kernel
    from core.documents.models import Document

log = logging.getLogger(__name__)

HOOK = "document_posted_committed"
SERVICE, ACTION = "core", "document_posted"
GRACE = timedelta(minutes=2)  # the after-commit run settles the job before a worker may
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
    job_id: int | None = None


def announce_after_commit(ctx: Context, document: Document) -> None:
    """Queue `document_posted_committed` for the document, to run after the commit."""
    if not getattr(ctx.hooks.hook, HOOK).get_hookimpls():
        return
    assert document.number is not None
    job_id = insert_job(ctx, HANDLER, {"document_id": document.id, "number": document.number},
                        idempotency_key=f"{document.id}:{document.number}",
                        run_after=utcnow() + GRACE)
    ctx.session.info.setdefault(_PENDING, []).append(
        Announcement(ctx.app, ctx.tenant_id, document.id, document.number, ctx.language,
                     ctx.user_id, job_id)
    )


def run_announcement(item: Announcement) -> bool:
    """Call `document_posted_committed` for one document if it is posted under that number.

    False when it is not (its posting rolled back) or the hook failed (logged).
    """
    try:
        with item.app.tenant_context(
            item.tenant_id, user_id=item.user_id, language=item.language
        ) as ctx:
            if item.job_id is not None:  # settled here: no worker runs it again
                ctx.session.execute(
                    update(OutboxJob)
                    .where(OutboxJob.id == item.job_id, OutboxJob.state == JobState.QUEUED)
                    .values(state=JobState.DONE, finished_at=utcnow())
                    .execution_options(synchronize_session=False))
            return _announce(ctx, item.document_id, item.number)
    except Exception:
        log.exception(
            "document %s (%s) is posted; announcing it failed", item.number, item.document_id
        )
        return False


def announce_job(ctx: Context, job: OutboxJobView) -> None:
    """The outbox job of an announcement the after-commit run did not settle: call the hook
    if the document is still posted under that number (an exception: retried later)."""
    _announce(ctx, job.payload["document_id"], job.payload["number"])


def _announce(ctx: Context, document_id: int, number: str) -> bool:
    """Call the hook for the document if it is posted under `number`; whether it was."""
    document = ctx.session.get(Document, document_id)
    if document is None or document.is_draft or document.number != number:
        return False
    call_hook(ctx.hooks, HOOK, ctx=ctx, document=document_record(document))
    return True


HANDLER = OutboxHandler(SERVICE, ACTION, announce_job, max_attempts=8)


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
