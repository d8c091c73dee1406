"""The company's own files (general terms, a price list, ...) kept under
`var/attachments/<tenant>/company/`; those flagged "send with every e-mail" go with every
document e-mail.

A file is checked like a contact's attachment (an accepted kind, its first bytes, at most
`MAX_ATTACHMENT_BYTES`); a company keeps at most `MAX_COMPANY_FILES`.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from core.contacts.attachments import attachments_root, check_file, remove_on_rollback
from core.contacts.errors import NotFound, ValidationError
from core.context import Context
from core.i18n import N_, _, ngettext
from core.mail.errors import MailError
from core.mail.models import CompanyAttachment
from core.mail.settings import resolve_stored_path
from core.paths import var_dir

MAX_COMPANY_FILES = 20
MSG_FILE_MISSING = N_("The company file %(name)s is missing; upload it again in Settings → "
                      "Attachments, or remove it there.")


def company_files(session: Session) -> list[CompanyAttachment]:
    """The tenant's files, oldest first."""
    return list(session.scalars(select(CompanyAttachment).order_by(CompanyAttachment.id)))


def add_company_file(ctx: Context, filename: str, data: bytes, *,
                     send_with_mail: bool = True) -> CompanyAttachment:
    """Keep a file of the company; `ValidationError` (nothing stored) when it is refused."""
    name, content_type = check_file(filename, data)
    count = ctx.session.scalar(select(func.count()).select_from(CompanyAttachment)) or 0
    if count >= MAX_COMPANY_FILES:
        raise ValidationError({"file": ngettext(
            "A company keeps at most %(count)d file: remove it first.",
            "A company keeps at most %(count)d files: remove one first.",
            MAX_COMPANY_FILES) % {"count": MAX_COMPANY_FILES}})
    target = attachments_root() / str(ctx.tenant_id) / "company" / (
        uuid.uuid4().hex + PurePath(name).suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    remove_on_rollback(ctx.session, target)
    attachment = CompanyAttachment(
        filename=name, content_type=content_type, size=len(data),
        storage_path=target.relative_to(var_dir()).as_posix(), send_with_mail=send_with_mail,
        uploaded_by=ctx.user_id,
    )
    ctx.session.add(attachment)
    ctx.session.flush()
    return attachment


def _get(ctx: Context, attachment_id: int) -> CompanyAttachment:
    attachment = ctx.session.get(CompanyAttachment, attachment_id)
    if attachment is None:
        raise NotFound(_("This file does not exist."))
    return attachment


def set_send_with_mail(ctx: Context, attachment_id: int, send: bool) -> CompanyAttachment:
    """Send this file with every document e-mail from now on, or no longer."""
    attachment = _get(ctx, attachment_id)
    attachment.send_with_mail = send
    return attachment


def remove_company_file(ctx: Context, attachment_id: int) -> str:
    """Forget a file (it is deleted from disk once the removal is committed); its name."""
    attachment = _get(ctx, attachment_id)
    path = resolve_stored_path(attachment.storage_path)
    ctx.session.delete(attachment)
    ctx.session.flush()
    if attachments_root() in path.parents:
        event.listen(ctx.session, "after_commit",
                     lambda _session: path.unlink(missing_ok=True), once=True)
    return attachment.filename


def files_for_mail(session: Session) -> list[CompanyAttachment]:
    """The files that go with every document e-mail; `MailError` when one is missing."""
    files = [item for item in company_files(session) if item.send_with_mail]
    for item in files:
        if not resolve_stored_path(item.storage_path).is_file():
            raise MailError(_(MSG_FILE_MISSING) % {"name": item.filename})
    return files
