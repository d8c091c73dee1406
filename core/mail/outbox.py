"""Putting e-mails in the outbox. Nothing here talks to an SMTP server: `core.mail.sender` does.

The web server only queues (a fast insert in the request's transaction); `facturo outbox
send` delivers. A message is queued with its final recipients, texts and attachments, so
what the outbox shows is what will be sent.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import make_msgid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from core.db.base import utcnow
from core.i18n import N_, _
from core.mail.addresses import bare_address, check_address, check_addresses
from core.mail.company_files import files_for_mail
from core.mail.errors import MailError
from core.mail.models import OutboxAttachment, OutboxMessage, OutboxStatus
from core.mail.placeholders import document_values, render
from core.mail.settings import mail_settings, require_mail_settings
from core.mail.templates import template_for
from core.output.labels import kind_title
from core.output.view import DocumentView

SUBJECT_MAX = 998
_UNSAFE_FILENAME = re.compile(r"[^\w.\- ]+")

MSG_ATTACHMENT_SOURCE = N_("Attachment %(name)s needs either content or a path.")
MSG_CONTENT_TYPE = N_("Content type %(type)s is not of the form type/subtype.")
MSG_NO_RECIPIENT = N_("The e-mail has no recipient.")
MSG_NO_SUBJECT = N_("The e-mail has no subject.")
MSG_LONG_SUBJECT = N_("The subject is longer than %(max)s characters.")


@dataclass(frozen=True)
class Attachment:
    """A file to send: its bytes, or the path of a stored file (read when sending)."""

    filename: str
    content_type: str = "application/octet-stream"
    content: bytes | None = None
    path: str | None = None

    def __post_init__(self) -> None:
        if (self.content is None) == (self.path is None):
            raise MailError(_(MSG_ATTACHMENT_SOURCE) % {"name": self.filename})
        if "/" not in self.content_type:
            raise MailError(_(MSG_CONTENT_TYPE) % {"type": self.content_type})


def safe_filename(name: str) -> str:
    """A file name any mail client accepts (letters, digits, `.-_` and spaces)."""
    cleaned = _UNSAFE_FILENAME.sub("-", name).strip(" .-")
    return cleaned or "attachment"


def enqueue(
    ctx: Any,
    *,
    to: Sequence[str],
    subject: str,
    body_text: str,
    body_html: str | None = None,
    cc: Sequence[str] = (),
    bcc: Sequence[str] = (),
    reply_to: str | None = None,
    attachments: Sequence[Attachment] = (),
    document_id: int | None = None,
    idempotency_key: str | None = None,
    send_after: datetime | None = None,
    use_default_copies: bool = True,
) -> OutboxMessage:
    """Queue an e-mail in the tenant's outbox and return it.

    The tenant's default CC and BCC are added (unless `use_default_copies` is false), each
    address once. With an `idempotency_key` already used by this tenant, nothing is added
    and the earlier message is returned.
    """
    session = ctx.session
    if idempotency_key is not None:
        existing = find_by_key(session, idempotency_key)
        if existing is not None:
            return existing
    settings = mail_settings(session)
    to_list = check_addresses(to)
    if not to_list:
        raise MailError(_(MSG_NO_RECIPIENT))
    default_cc = settings.default_cc if settings is not None and use_default_copies else []
    default_bcc = settings.default_bcc if settings is not None and use_default_copies else []
    cc_list = check_addresses([*cc, *default_cc], exclude=to_list)
    bcc_list = check_addresses([*bcc, *default_bcc], exclude=[*to_list, *cc_list])
    subject = " ".join(subject.split())
    if not subject:
        raise MailError(_(MSG_NO_SUBJECT))
    if len(subject) > SUBJECT_MAX:
        raise MailError(_(MSG_LONG_SUBJECT) % {"max": SUBJECT_MAX})
    if reply_to is None and settings is not None:
        reply_to = settings.reply_to
    domain = bare_address(settings.from_address).rpartition("@")[2] if settings else None
    message = OutboxMessage(
        idempotency_key=idempotency_key or f"random:{uuid.uuid4()}",
        message_id=make_msgid(domain=domain or None),
        to=to_list,
        cc=cc_list,
        bcc=bcc_list,
        reply_to=check_address(reply_to) if reply_to else None,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        status=OutboxStatus.QUEUED,
        attempts=0,
        next_attempt_at=send_after or utcnow(),
        document_id=document_id,
        attachments=[
            OutboxAttachment(
                position=position,
                filename=safe_filename(item.filename),
                content_type=item.content_type,
                content=item.content,
                path=item.path,
            )
            for position, item in enumerate(attachments)
        ],
    )
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        existing = find_by_key(session, message.idempotency_key)
        if existing is None:
            raise
        return existing
    return message


def find_by_key(session: Any, idempotency_key: str) -> OutboxMessage | None:
    """The tenant's message queued under this key, if any."""
    return session.scalars(
        select(OutboxMessage).where(OutboxMessage.idempotency_key == idempotency_key)
    ).first()


def document_idempotency_key(document_id: int, kind: str, sending: int = 1) -> str:
    """The key of the n-th deliberate sending of a document (1 for the first)."""
    return f"document:{document_id}:{kind}:{sending}"


def enqueue_document(
    ctx: Any,
    view: DocumentView,
    pdf: bytes,
    *,
    to: Sequence[str],
    document_id: int | None = None,
    cc: Sequence[str] = (),
    bcc: Sequence[str] = (),
    idempotency_key: str | None = None,
    attach_company_files: bool = True,
) -> OutboxMessage:
    """Queue a document e-mail: the tenant's text for its kind and language, the PDF, and
    the company's files marked to go with every e-mail (Settings → Attachments).

    `to` is the address already chosen for this document (the customer's alternative address
    for the kind, else their main one). Without an explicit key, the key is the document's
    first sending (`document:<id>:<kind>:1`), so it cannot be queued twice by accident.
    """
    require_mail_settings(ctx.session)
    text = template_for(ctx.session, view.kind, view.language)
    values = document_values(view)
    title = view.title or kind_title(view.kind, view.language)
    attachments = [
        Attachment(f"{title} {view.number or ''}".strip() + ".pdf", "application/pdf", pdf)
    ]
    if attach_company_files:
        attachments += [Attachment(item.filename, item.content_type, path=item.storage_path)
                        for item in files_for_mail(ctx.session)]
    if idempotency_key is None and document_id is not None:
        idempotency_key = document_idempotency_key(document_id, view.kind)
    return enqueue(
        ctx,
        to=to,
        cc=cc,
        bcc=bcc,
        subject=render(text.subject, values),
        body_text=render(text.body, values),
        attachments=attachments,
        document_id=document_id,
        idempotency_key=idempotency_key,
    )


def requeue(ctx: Any, message_id: int) -> bool:
    """Put a failed message back in the queue, to be sent at the next run; False if not failed."""
    result = ctx.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.FAILED)
        .values(status=OutboxStatus.QUEUED, next_attempt_at=utcnow(), attempts=0)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)
