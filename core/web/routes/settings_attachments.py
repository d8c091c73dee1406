"""Settings → Attachments: the company's own file (its general terms, say) that goes with
every document e-mail.

The file is checked like a customer's attachment (kind and size), kept under the data
folder and named in the mail settings; removing it stops attaching it.
"""

from __future__ import annotations

import uuid
from pathlib import Path, PurePath

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.contacts.attachments import attachments_root, check_file
from core.contacts.errors import ValidationError
from core.context import Context
from core.i18n import _
from core.mail.settings import mail_settings, resolve_stored_path, set_terms_file
from core.paths import var_dir
from core.web.forms import form_data
from core.web.menu import SETTINGS, MenuItem
from core.web.pages import flash, page, redirect, render

BASE = "/settings/attachments"


def menu(ctx: Context) -> list[MenuItem]:
    """The Attachments entry, for administrators."""
    return [MenuItem(_("Attachments"), BASE, icon="paperclip", order=17, section=SETTINGS,
                     admin_only=True)]


def _show(request: Request, ctx: Context, error: str = "", status: int = 200) -> Response:
    settings = mail_settings(ctx.session)
    return render(request, ctx, "settings/attachments.html", {
        "title": _("Attachments"), "mail_ready": settings is not None,
        "terms": settings.terms_filename if settings is not None and settings.terms_path
        else None, "error": error,
    }, status_code=status)


@page(admin=True)
async def company_attachments(request: Request, ctx: Context) -> Response:
    """The company's file sent with every e-mail (GET), a new one (POST)."""
    if request.method == "GET":
        return _show(request, ctx)
    if mail_settings(ctx.session) is None:
        return _show(request, ctx, _("Set up e-mail first."), 422)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _show(request, ctx, _("Choose a file first."), 422)
    data = await upload.read()
    try:
        name, _content_type = check_file(upload.filename, data)
    except ValidationError as exc:
        return _show(request, ctx, " ".join(exc.errors.values()), 422)
    target = attachments_root() / str(ctx.tenant_id) / "company" / (
        uuid.uuid4().hex + PurePath(name).suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    set_terms_file(ctx.session, target.relative_to(var_dir()), name)
    flash(request, _("%(name)s goes with every e-mail from now on.") % {"name": name},
          "success")
    return redirect(BASE, request)


@page(admin=True)
async def remove_attachment(request: Request, ctx: Context) -> Response:
    """Stop sending the company's file with e-mails (the file is removed)."""
    await form_data(request)
    settings = mail_settings(ctx.session)
    if settings is not None and settings.terms_path:
        path: Path = resolve_stored_path(settings.terms_path)
        set_terms_file(ctx.session, None)
        if attachments_root() in path.parents:
            path.unlink(missing_ok=True)
        flash(request, _("E-mails go without the company's file from now on."), "success")
    return redirect(BASE, request)


routes = [
    Route(BASE, company_attachments, methods=["GET", "POST"], name="settings_attachments"),
    Route(BASE + "/remove", remove_attachment, methods=["POST"],
          name="settings_attachments_remove"),
]
