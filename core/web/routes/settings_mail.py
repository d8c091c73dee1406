"""Settings → E-mail: the SMTP server, the sender, default copies, a test e-mail, and the
text of the e-mail of each kind of document in each language.

The stored SMTP password is never sent back to the browser: an empty password field keeps it.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.context import Context
from core.contract.contributions import MailText, MailTextKind
from core.documents.kinds import DocumentKind, available
from core.i18n import LANGUAGES, N_, _, ngettext
from core.mail.addresses import check_address
from core.mail.errors import MailError
from core.mail.models import MailTemplate, SmtpSecurity
from core.mail.outbox import enqueue
from core.mail.placeholders import PLACEHOLDERS, PlaceholderError, validate
from core.mail.settings import DEFAULT_PORTS, mail_settings, save_mail_settings
from core.mail.templates import reset_template, save_template, template_for
from core.tenants.models import Tenant
from core.web.confirm import Confirmation, confirm_page
from core.web.forms import Form, form_data
from core.web.menu import SETTINGS, MenuItem
from core.web.pages import flash, page, redirect, render
from core.web.routes.auth import LANGUAGE_NAMES

BASE = "/settings/mail"
SMTP_FIELDS = ("host", "port", "security", "username", "from_address", "from_name",
               "reply_to", "default_cc", "default_bcc")
SECURITY_LABELS = {
    SmtpSecurity.STARTTLS: N_("STARTTLS (usually port 587)"),
    SmtpSecurity.TLS: N_("SSL/TLS (usually port 465)"),
    SmtpSecurity.NONE: N_("None: not encrypted (port 25)"),
}
_SEPARATORS = re.compile(r"[,;\n]+")


def menu(ctx: Context) -> list[MenuItem]:
    """The E-mail entry, for administrators."""
    return [MenuItem(_("E-mail"), BASE, icon="mail", order=16, section=SETTINGS,
                     admin_only=True)]


def _stored_values(ctx: Context) -> dict[str, Any]:
    settings = mail_settings(ctx.session)
    if settings is None:
        return {"security": SmtpSecurity.STARTTLS.value, "port": ""}
    return {
        "host": settings.host, "port": str(settings.port), "security": settings.security.value,
        "username": settings.username, "from_address": settings.from_address,
        "from_name": settings.from_name, "reply_to": settings.reply_to or "",
        "default_cc": ", ".join(settings.default_cc),
        "default_bcc": ", ".join(settings.default_bcc),
    }


def _addresses(form: Form, name: str) -> list[str]:
    found = []
    for part in _SEPARATORS.split(str(form.value(name))):
        if part.strip():
            try:
                found.append(check_address(part))
            except MailError as exc:
                form.add_error(name, str(exc))
    return found


def _address(form: Form, name: str, *, required: bool = False) -> str:
    text = str(form.value(name)).strip()
    if not text:
        if required:
            form.add_error(name, _("Enter the address e-mails are sent from."))
        return ""
    try:
        return check_address(text)
    except MailError as exc:
        form.add_error(name, str(exc))
        return ""


def check_smtp(form: Form) -> dict[str, Any]:
    """The SMTP settings of a posted form as `save_mail_settings` takes them; errors in `form`."""
    host = str(form.value("host")).strip()
    if not host or any(ch.isspace() for ch in host) or len(host) > 255:
        form.add_error("host", _("Enter the name of the SMTP server, such as smtp.example.be."))
    security = str(form.value("security"))
    if security not in {choice.value for choice in SmtpSecurity}:
        form.add_error("security", _("Choose how the connection is protected."))
        security = SmtpSecurity.STARTTLS.value
    port_text = str(form.value("port")).strip()
    port = DEFAULT_PORTS[SmtpSecurity(security)]
    if port_text:
        if port_text.isdigit() and 0 < int(port_text) < 65536:
            port = int(port_text)
        else:
            form.add_error("port", _("Enter a port number between 1 and 65535."))
    for name, limit in (("username", 255), ("from_name", 200)):
        if len(str(form.value(name))) > limit:
            form.add_error(name, ngettext(
                "Use at most %(count)d character.", "Use at most %(count)d characters.", limit)
                % {"count": limit})
    return {
        "host": host, "port": port, "security": security,
        "username": str(form.value("username")),
        "from_address": _address(form, "from_address", required=True),
        "from_name": str(form.value("from_name")),
        "reply_to": _address(form, "reply_to") or None,
        "default_cc": _addresses(form, "default_cc"),
        "default_bcc": _addresses(form, "default_bcc"),
    }


TextKind = DocumentKind | MailTextKind


def _kinds(ctx: Context) -> list[TextKind]:
    extra = [kind for found in ctx.call("facturo_mail_texts") or () for kind in found or ()
             if isinstance(kind, MailTextKind)]
    return [*available(ctx), *extra]


def _text(ctx: Context, kind: TextKind, language: str) -> MailText:
    default = kind.default(language) if isinstance(kind, MailTextKind) else None
    return template_for(ctx.session, kind.id, language, default)


def _template_grid(ctx: Context) -> list[tuple[TextKind, list[tuple[str, bool]]]]:
    own = {(row.kind, row.language) for row in ctx.session.execute(
        select(MailTemplate.kind, MailTemplate.language))}
    return [(kind, [(language, (kind.id, language) in own) for language in LANGUAGES])
            for kind in _kinds(ctx)]


def _page(request: Request, ctx: Context, form: Form, test_form: Form,
          status: int = 200) -> Response:
    settings = mail_settings(ctx.session)
    return render(
        request, ctx, "settings/mail.html",
        {"title": _("E-mail"), "form": form, "test_form": test_form, "base": BASE,
         "configured": settings is not None,
         "has_password": bool(settings is not None and settings.password),
         "security_options": [(choice.value, _(label))
                              for choice, label in SECURITY_LABELS.items()],
         "grid": _template_grid(ctx), "language_names": LANGUAGE_NAMES},
        status_code=status,
    )


def _test_form(request: Request) -> Form:
    return Form({"test_to": request.state.identity.email})


@page(admin=True)
async def mail(request: Request, ctx: Context) -> Response:
    """Show and change the SMTP server, the sender and the default copies."""
    if request.method != "POST":
        return _page(request, ctx, Form(_stored_values(ctx)), _test_form(request))
    values = await form_data(request)
    form = Form({name: values.get(name, "") for name in SMTP_FIELDS})
    form.values["clear_password"] = values.get("clear_password") == "on"
    chosen = check_smtp(form)
    if form.ok:
        password = values.get("password", "")
        keep = None if not password and not form.value("clear_password") else password
        try:
            save_mail_settings(ctx.session, password=keep, **chosen)
        except MailError as exc:
            form.add_error("host", str(exc))
    if not form.ok:
        return _page(request, ctx, form, _test_form(request), 422)
    flash(request, _("The e-mail settings are saved."), "success")
    return redirect(BASE)


@page(admin=True)
async def send_test(request: Request, ctx: Context) -> Response:
    """Queue a test e-mail through the outbox."""
    values = await form_data(request)
    test_form = Form({"test_to": values.get("test_to", "")})
    if mail_settings(ctx.session) is None:
        test_form.add_error("test_to", _("Save the SMTP settings first."))
    address = _address(test_form, "test_to")
    if not address:
        test_form.add_error("test_to", _("Enter the address to send the test e-mail to."))
    if not test_form.ok:
        return _page(request, ctx, Form(_stored_values(ctx)), test_form, 422)
    tenant = ctx.session.get(Tenant, ctx.tenant_id)
    company = tenant.name if tenant is not None else "Facturo"
    enqueue(
        ctx, to=[address], use_default_copies=False,
        subject=_("Test e-mail from %(company)s") % {"company": company},
        body_text=_("This is a test e-mail sent by Facturo for %(company)s. If you read "
                    "this, the e-mail settings work.") % {"company": company},
    )
    flash(request, _("A test e-mail to %(address)s is in the outbox; it leaves with the next "
                     "outbox run.") % {"address": address}, "success")
    return redirect(BASE)


def _kind_and_language(request: Request, ctx: Context) -> tuple[TextKind, str]:
    kind_id = request.path_params["kind"]
    language = request.path_params["language"]
    kind = next((kind for kind in _kinds(ctx) if kind.id == kind_id), None)
    if kind is None or language not in LANGUAGES:
        raise HTTPException(404)
    return kind, language


def _template_url(kind: TextKind, language: str) -> str:
    return f"{BASE}/templates/{kind.id}/{language}"


def _own(ctx: Context, kind: TextKind, language: str) -> bool:
    return ctx.session.scalars(select(MailTemplate.id).where(
        MailTemplate.kind == kind.id, MailTemplate.language == language)).first() is not None


@page(admin=True)
async def mail_template(request: Request, ctx: Context) -> Response:
    """Show and change the e-mail text of one kind of document in one language."""
    kind, language = _kind_and_language(request, ctx)
    text = _text(ctx, kind, language)
    form = Form({"subject": text.subject, "body": text.body})
    if request.method == "POST":
        values = await form_data(request)
        form = Form({"subject": values.get("subject", ""), "body": values.get("body", "")})
        if not " ".join(form.value("subject").split()):
            form.add_error("subject", _("Enter a subject."))
        for name in ("subject", "body"):
            try:
                validate(form.value(name))
            except PlaceholderError as exc:
                form.add_error(name, str(exc))
        if len(form.value("subject")) > 300:
            form.add_error("subject", ngettext(
                "Use at most %(count)d character.", "Use at most %(count)d characters.", 300)
                % {"count": 300})
        if form.ok:
            try:
                save_template(ctx.session, kind.id, language, form.value("subject"),
                              form.value("body"))
            except MailError as exc:
                form.add_error("subject", str(exc))
        if form.ok:
            flash(request, _("The e-mail text is saved."), "success")
            return redirect(f"{BASE}#templates")
    title = _("E-mail text: %(kind)s (%(language)s)") % {
        "kind": kind.label(ctx.language), "language": LANGUAGE_NAMES[language]}
    return render(
        request, ctx, "settings/mail_template.html",
        {"title": title, "form": form, "own": _own(ctx, kind, language), "base": BASE,
         "url": _template_url(kind, language),
         "placeholders": [(name, _(description)) for name, description in PLACEHOLDERS.items()]},
        status_code=422 if form.errors else 200,
    )


@page(admin=True)
async def mail_template_reset(request: Request, ctx: Context) -> Response:
    """Go back to the built-in text: GET asks for confirmation, POST does it."""
    kind, language = _kind_and_language(request, ctx)
    url = _template_url(kind, language)
    if request.method == "POST":
        reset_template(ctx.session, kind.id, language)
        flash(request, _("The built-in e-mail text is used again."), "success")
        return redirect(f"{BASE}#templates")
    return confirm_page(request, ctx, Confirmation(
        title=_("Use the built-in text"),
        message=_("Your own e-mail text for %(kind)s in %(language)s is replaced by the "
                  "built-in one.") % {"kind": kind.label(ctx.language),
                                      "language": LANGUAGE_NAMES[language]},
        action=f"{url}/reset", confirm_label=_("Use the built-in text"), cancel_url=url,
        danger=True,
    ))


routes = [
    Route(BASE, mail, methods=["GET", "POST"], name="mail_settings"),
    Route(f"{BASE}/test", send_test, methods=["POST"], name="mail_test"),
    Route(BASE + "/templates/{kind}/{language}", mail_template, methods=["GET", "POST"],
          name="mail_template"),
    Route(BASE + "/templates/{kind}/{language}/reset", mail_template_reset,
          methods=["GET", "POST"], name="mail_template_reset"),
]
