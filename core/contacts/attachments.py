"""Files kept with a contact: stored under `var/attachments/<tenant>/<contact>/`.

Only known kinds of file are accepted (checked by extension and by the file's first bytes)
and up to `MAX_ATTACHMENT_BYTES`. A file written in a transaction that rolls back is removed.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from pathlib import Path, PurePath
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from core.contacts.errors import NotFound, ValidationError, require_write
from core.contacts.models import ContactAttachment
from core.contacts.service import get_contact
from core.context import Context
from core.i18n import _
from core.paths import var_dir

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
_ZIP, _OLE = (b"PK\x03\x04",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
# extension -> (content type, accepted first bytes; None: text, no NUL bytes)
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", (b"RIFF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    ".doc": ("application/msword", _OLE),
    ".xls": ("application/vnd.ms-excel", _OLE),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
    ".eml": ("message/rfc822", None),
}
_PENDING = "facturo_new_attachment_files"


def attachments_root() -> Path:
    """The folder every tenant's attachments live under."""
    return var_dir() / "attachments"


def _safe_name(filename: str) -> str:
    name = PurePath(filename.replace("\\", "/")).name
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()
    return name[-255:] or "file"


def check_file(filename: str, data: bytes) -> tuple[str, str]:
    """(safe file name, content type) of an acceptable file; `ValidationError` otherwise."""
    name = _safe_name(filename)
    extension = PurePath(name).suffix.lower()
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("%(name)s is larger than %(size)d MB.") % {
            "name": name, "size": MAX_ATTACHMENT_BYTES // (1024 * 1024)}})
    if not data:
        raise ValidationError({"file": _("%(name)s is empty.") % {"name": name}})
    allowed = ALLOWED_TYPES.get(extension)
    if allowed is None:
        raise ValidationError({"file": _(
            "%(name)s: this kind of file is not accepted (accepted: %(kinds)s)."
        ) % {"name": name, "kinds": ", ".join(sorted(ALLOWED_TYPES))}})
    content_type, magic = allowed
    looks_right = b"\x00" not in data[:8192] if magic is None else data.startswith(magic)
    if extension == ".webp":
        looks_right = looks_right and data[8:12] == b"WEBP"
    if not looks_right:
        raise ValidationError({"file": _("%(name)s does not contain what its extension says.") % {
            "name": name}})
    return name, content_type


def remove_on_rollback(session: Session, path: Path) -> None:
    """Remove this newly written file if the session's transaction rolls back."""
    pending: list[Path] | None = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []
        event.listen(session, "after_commit", lambda s: s.info.get(_PENDING, []).clear())
        event.listen(session, "after_rollback", _remove_pending)
    pending.append(path)


def _remove_pending(session: Session) -> None:
    for path in session.info.get(_PENDING, []):
        path.unlink(missing_ok=True)
    session.info.get(_PENDING, []).clear()


def add_attachment(
    ctx: Context, contact_id: int, filename: str, data: bytes
) -> ContactAttachment:
    """Keep a file with a contact; refused (nothing stored) when too large or not accepted."""
    require_write(ctx)
    contact = get_contact(ctx, contact_id)
    name, content_type = check_file(filename, data)
    relative = Path(str(ctx.tenant_id), str(contact.id), uuid.uuid4().hex + PurePath(name).suffix)
    target = attachments_root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    remove_on_rollback(ctx.session, target)
    attachment = ContactAttachment(
        contact_id=contact.id, filename=name, content_type=content_type, size=len(data),
        sha256=hashlib.sha256(data).hexdigest(), storage_path=relative.as_posix(),
        uploaded_by=ctx.user_id,
    )
    ctx.session.add(attachment)
    ctx.session.flush()
    return attachment


def list_attachments(ctx: Context, contact_id: int) -> list[ContactAttachment]:
    """A contact's attachments, newest first."""
    query = select(ContactAttachment).where(ContactAttachment.contact_id == contact_id)
    return list(ctx.session.scalars(
        query.order_by(ContactAttachment.uploaded_at.desc(), ContactAttachment.id.desc())
    ))


def get_attachment(ctx: Context, attachment_id: int) -> ContactAttachment:
    """An attachment of the tenant, or `NotFound`."""
    attachment = ctx.session.get(ContactAttachment, attachment_id)
    if attachment is None:
        raise NotFound(_("This attachment does not exist."))
    return attachment


def attachment_file(ctx: Context, attachment_id: int) -> tuple[ContactAttachment, Path]:
    """An attachment and the path of its file, to send it to the browser."""
    attachment = get_attachment(ctx, attachment_id)
    return attachment, attachments_root() / attachment.storage_path


def delete_attachment(ctx: Context, attachment_id: int) -> None:
    """Remove an attachment and, once the transaction commits, its file."""
    require_write(ctx)
    attachment, path = attachment_file(ctx, attachment_id)
    ctx.session.delete(attachment)
    ctx.session.flush()

    def remove(_session: Any) -> None:
        path.unlink(missing_ok=True)

    event.listen(ctx.session, "after_commit", remove, once=True)
