"""Settings → Custom fields: the extra fields a company keeps on its contacts.

Each field has a name, a type (text, number, date, yes/no, a list of choices) and whether
it is printed on documents. Values are typed on the customer form and shown on its page.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.contacts.custom_fields import FIELD_TYPES, define_field, list_fields, update_field
from core.contacts.errors import NotFound, ValidationError
from core.context import Context
from core.i18n import N_, _
from core.web.forms import Form, form_data
from core.web.menu import SETTINGS, MenuItem
from core.web.pages import flash, page, redirect, render

BASE = "/settings/fields"
TYPE_LABELS = {"text": N_("Text"), "number": N_("Number"), "date": N_("Date"),
               "bool": N_("Yes or no"), "choice": N_("A choice from a list")}


def menu(ctx: Context) -> list[MenuItem]:
    """The Custom fields entry, for administrators."""
    return [MenuItem(_("Custom fields"), BASE, icon="list", order=13, section=SETTINGS,
                     admin_only=True)]


def _choices(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", "\n").splitlines() if part.strip()]


def _show(request: Request, ctx: Context, form: Form, status: int = 200) -> Response:
    return render(request, ctx, "settings/fields.html", {
        "title": _("Custom fields"), "form": form, "fields": list_fields(ctx),
        "type_options": [(key, _(TYPE_LABELS[key])) for key in FIELD_TYPES],
        "type_labels": {key: _(label) for key, label in TYPE_LABELS.items()},
    }, status_code=status)


@page(admin=True)
async def custom_fields(request: Request, ctx: Context) -> Response:
    """The tenant's custom fields (GET) or a new one (POST)."""
    if request.method == "GET":
        return _show(request, ctx, Form({"type": "text"}))
    values = await form_data(request)
    form = Form(values)
    try:
        with ctx.session.begin_nested():
            field = define_field(ctx, values.get("label", ""), values.get("type", "text"),
                                 choices=_choices(values.get("choices", "")),
                                 print_on_documents=bool(values.get("print_on_documents")))
    except ValidationError as exc:
        for name, message in exc.errors.items():
            form.add_error(name, message)
        return _show(request, ctx, form, 422)
    flash(request, _("The field %(name)s is added.") % {"name": field.label}, "success")
    return redirect(BASE, request)


@page(admin=True)
async def field_print(request: Request, ctx: Context) -> Response:
    """Print a field on documents, or stop printing it."""
    values = await form_data(request)
    try:
        field = update_field(ctx, request.path_params["field_id"],
                             print_on_documents=values.get("print_on_documents") == "1")
    except NotFound:
        raise HTTPException(404) from None
    flash(request, (_("%(name)s is printed on documents.") if field.print_on_documents
                    else _("%(name)s is no longer printed on documents."))
          % {"name": field.label}, "success")
    return redirect(BASE, request)


routes = [
    Route(BASE, custom_fields, methods=["GET", "POST"], name="settings_fields"),
    Route(BASE + "/{field_id:int}/print", field_print, methods=["POST"],
          name="settings_field_print"),
]
