"""Settings → Attachments: the company's own files (general terms, a price list, ...), each
with a flag "send with every e-mail"; every flagged file goes with every document e-mail.

Files are checked like a customer's attachments (kind and size, `core.mail.company_files`).
"""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.contacts.errors import ValidationError
from core.context import Context
from core.i18n import _
from core.mail.company_files import (
    add_company_file,
    company_files,
    remove_company_file,
    set_send_with_mail,
)
from core.mail.models import CompanyAttachment
from core.mail.settings import mail_settings
from core.web.forms import form_data
from core.web.ids import owned
from core.web.menu import SETTINGS, MenuItem
from core.web.pages import flash, page, redirect, render

BASE = "/settings/attachments"


def menu(ctx: Context) -> list[MenuItem]:
    """The Attachments entry, for administrators."""
    return [MenuItem(_("Attachments"), BASE, icon="paperclip", order=17, section=SETTINGS,
                     admin_only=True)]


def _show(request: Request, ctx: Context, error: str = "", status: int = 200) -> Response:
    return render(request, ctx, "settings/attachments.html", {
        "title": _("Attachments"), "mail_ready": mail_settings(ctx.session) is not None,
        "files": company_files(ctx.session), "error": error,
    }, status_code=status)


@page(admin=True)
async def company_attachments(request: Request, ctx: Context) -> Response:
    """The company's files (GET), a new one (POST)."""
    if request.method == "GET":
        return _show(request, ctx)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _show(request, ctx, _("Choose a file first."), 422)
    try:
        added = add_company_file(ctx, upload.filename, await upload.read(),
                                 send_with_mail=form.get("send_with_mail") == "1")
    except ValidationError as exc:
        return _show(request, ctx, " ".join(exc.errors.values()), 422)
    message = (_("%(name)s goes with every e-mail from now on.") if added.send_with_mail
               else _("%(name)s is kept with your company's files."))
    flash(request, message % {"name": added.filename}, "success")
    return redirect(BASE, request)


@page(admin=True)
async def send_with_mail(request: Request, ctx: Context) -> Response:
    """Send a file with every e-mail, or no longer."""
    attachment = owned(ctx, CompanyAttachment, request.path_params["attachment_id"])
    send = (await form_data(request)).get("send_with_mail") == "1"
    set_send_with_mail(ctx, attachment.id, send)
    message = (_("%(name)s goes with every e-mail from now on.") if send
               else _("%(name)s no longer goes with your e-mails."))
    flash(request, message % {"name": attachment.filename}, "success")
    return redirect(BASE, request)


@page(admin=True)
async def remove_attachment(request: Request, ctx: Context) -> Response:
    """Remove a file of the company (it no longer goes with e-mails)."""
    attachment = owned(ctx, CompanyAttachment, request.path_params["attachment_id"])
    await form_data(request)
    name = remove_company_file(ctx, attachment.id)
    flash(request, _("%(name)s is removed.") % {"name": name}, "success")
    return redirect(BASE, request)


routes = [
    Route(BASE, company_attachments, methods=["GET", "POST"], name="settings_attachments"),
    Route(BASE + "/{attachment_id:int}/mail", send_with_mail, methods=["POST"],
          name="settings_attachments_mail"),
    Route(BASE + "/{attachment_id:int}/delete", remove_attachment, methods=["POST"],
          name="settings_attachments_delete"),
]
