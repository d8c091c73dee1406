"""The customer form: create and edit, the VIES fill-in, and the fields addons add.

Field names: the contact's own (`name`, `vat_number`, ...), `cf.<key>` for a custom field,
`docmail.<kind>` for the alternative e-mail of a document kind, `tags` (comma separated).
After the contact is saved, `ui_form_submitted(name="contact.form")` hands every submitted
value to the active addons (the fields they put in the `contact.form.fields` slot); a
refusal from one of them rolls the whole save back and shows the form again.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.contacts.addresses import document_emails, set_document_email
from core.contacts.custom_fields import list_fields
from core.contacts.errors import ContactError, ValidationError
from core.contacts.models import Contact, CustomFieldDefinition
from core.contacts.service import create_contact, find_by_vat, update_contact
from core.contacts.tags import tags_by_contact
from core.contacts.vies import fill_from_vies
from core.context import Context
from core.documents.records import customer_record
from core.i18n import N_, _, ngettext
from core.web.forms import Form, form_data
from core.web.pages import flash, is_partial, page, redirect, render
from core.web.routes.common import contact_or_404, kinds_by_id
from core.web.routes.customer_labels import country_options, language_options, regime_options
from core.web.routes.document_labels import decimal_input

CUSTOM = "cf."
DOCMAIL = "docmail."
FIELDS = ("name", "number", "vat_number", "email", "phone", "mobile", "website", "street",
          "postal_code", "city", "country", "language", "currency", "vat_regime",
          "payment_term_days", "general_discount", "financial_discount", "internal_note")
CHECKS = ("is_customer", "is_supplier")
LABELS_OF_FILLED = {"name": N_("Name"), "street": N_("Street"),
                    "postal_code": N_("Postal code"), "city": N_("City"), "country": N_("Country")}


class Refused(Exception):
    """An addon refused values of the form: roll the save back."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def values_of(ctx: Context, contact: Contact) -> dict[str, Any]:
    """The form values of a stored contact."""
    values: dict[str, Any] = {name: _plain(getattr(contact, name)) for name in FIELDS}
    for name in ("general_discount", "financial_discount"):
        values[name] = decimal_input(getattr(contact, name)) if getattr(contact, name) else ""
    values["is_company"] = "1" if contact.is_company else "0"
    values.update({name: getattr(contact, name) for name in CHECKS})
    for key, stored in (contact.custom_fields or {}).items():
        values[CUSTOM + key] = "yes" if stored is True else _plain(stored)
    for kind, email in document_emails(ctx, contact.id).items():
        values[DOCMAIL + kind] = email
    values["tags"] = ", ".join(tags_by_contact(ctx, [contact.id]).get(contact.id, []))
    return values


def data_of(values: dict[str, str], definitions: list[CustomFieldDefinition]) -> dict[str, Any]:
    """What the contact service takes, from the submitted values."""
    data: dict[str, Any] = {name: values[name] for name in FIELDS if name in values}
    data["is_company"] = values.get("is_company", "1") == "1"
    for name in CHECKS:
        data[name] = bool(values.get(name))
    data["custom_fields"] = {d.key: values[CUSTOM + d.key] for d in definitions
                             if CUSTOM + d.key in values}
    if "tags" in values:
        data["tags"] = values["tags"]
    return data


def _form_errors(errors: dict[str, str]) -> dict[str, str]:
    renamed = {}
    for field, message in errors.items():
        if field.startswith("custom_fields."):
            field = CUSTOM + field.split(".", 1)[1]
        elif field.startswith("document_emails."):
            field = DOCMAIL + field.split(".", 1)[1]
        renamed[field] = message
    return renamed


def _own_field(name: str) -> bool:
    return (name in FIELDS or name in CHECKS or name in ("is_company", "tags")
            or name.startswith((CUSTOM, DOCMAIL)))


def _show(request: Request, ctx: Context, form: Form, contact: Contact | None,
          status: int = 200, vies: dict[str, Any] | None = None) -> Response:
    definitions = list_fields(ctx)
    kinds = kinds_by_id(ctx)
    values = {
        "title": _("Edit %(name)s") % {"name": contact.name} if contact else _("New customer"),
        "form": form,
        "contact": contact,
        "action": f"/customers/{contact.id}/edit" if contact else "/customers/new",
        "cancel": f"/customers/{contact.id}" if contact else "/customers",
        "definitions": definitions,
        "mail_kinds": [(k, kind.label(ctx.language)) for k, kind in kinds.items()],
        "countries": country_options(),
        "languages": language_options(),
        "regimes": [("", _("The company's default")), *regime_options()],
        "vies": vies or {},
        "other_errors": [message for field, message in form.errors.items()
                         if not _own_field(field)],
    }
    template = "customers/_form_fields.html" if is_partial(request) and vies is not None \
        else "customers/form.html"
    return render(request, ctx, template, values, status_code=status)


def _vies(request: Request, ctx: Context, values: dict[str, str],
          contact: Contact | None) -> Response:
    filled = fill_from_vies(ctx, values)
    result = filled.result
    notice = {
        "message": result.message or "",
        "ok": bool(result.valid),
        "filled": [_(LABELS_OF_FILLED[k]) for k in filled.filled if k in LABELS_OF_FILLED],
        "replaced": [(_(LABELS_OF_FILLED.get(k, k)), v) for k, v in filled.replaced.items()],
    }
    data = dict(filled.data)
    data["is_company"] = "1" if data.get("is_company") in (True, "1") else "0"
    return _show(request, ctx, Form(data), contact, vies=notice)


def save(ctx: Context, contact: Contact | None, values: dict[str, str]) -> Contact:
    """Create or update the contact from the form; raises `ValidationError` or `Refused`."""
    with ctx.session.begin_nested():
        data = data_of(values, list_fields(ctx))
        saved = create_contact(ctx, data) if contact is None else update_contact(
            ctx, contact.id, data)
        errors: dict[str, str] = {}
        for kind in kinds_by_id(ctx):
            if DOCMAIL + kind in values:
                try:
                    set_document_email(ctx, saved.id, kind, values[DOCMAIL + kind])
                except ValidationError as exc:
                    errors.update(exc.errors)
        if errors:
            raise ValidationError(errors)
        for answer in ctx.call("ui_form_submitted", name="contact.form", obj=customer_record(saved),
                               values=dict(values)) or ():
            errors.update(answer or {})
        if errors:
            raise Refused(errors)
    return saved


async def _submit(request: Request, ctx: Context, contact: Contact | None) -> Response:
    values = await form_data(request)
    if values.get("vies"):
        return _vies(request, ctx, values, contact)
    form = Form(values)
    try:
        saved = save(ctx, contact, values)
    except (ValidationError, Refused) as exc:
        for field, message in _form_errors(exc.errors).items():
            form.add_error(field, message)
        return _show(request, ctx, form, contact, 422)
    except ContactError as exc:
        form.add_error("name", str(exc))
        return _show(request, ctx, form, contact, 422)
    flash(request, (_("%(name)s is added.") if contact is None else _("%(name)s is saved."))
          % {"name": saved.name}, "success")
    twins = [c for c in find_by_vat(ctx, saved.vat_number)
             if c.id != saved.id and c.merged_into_id is None] if saved.vat_number else []
    if twins:
        flash(request, ngettext(
            "VAT number %(vat)s is also used by %(names)s. Check that this is not a duplicate.",
            "VAT number %(vat)s is also used by %(num)d other customers: %(names)s. Check that "
            "this is not a duplicate.", len(twins))
            % {"vat": saved.vat_number, "num": len(twins),
               "names": ", ".join(f"{c.name} ({c.number})" for c in twins)}, "warning")
    return redirect(f"/customers/{saved.id}", request)


@page(lock=True)
async def new_customer(request: Request, ctx: Context) -> Response:
    """The empty form (GET) or the creation (POST)."""
    if request.method == "POST":
        return await _submit(request, ctx, None)
    kind = request.query_params.get("kind", "customer")
    values = {"is_company": "1", "country": "BE", "language": ctx.language
              if ctx.language in ("nl", "fr", "en") else "nl", "currency": "EUR",
              "is_customer": kind != "supplier", "is_supplier": kind == "supplier"}
    return _show(request, ctx, Form(values), None)


@page()
async def edit_customer(request: Request, ctx: Context) -> Response:
    """The form of a stored customer (GET) or its update (POST)."""
    contact = contact_or_404(ctx, request.path_params["contact_id"])
    if request.method == "POST":
        return await _submit(request, ctx, contact)
    return _show(request, ctx, Form(values_of(ctx, contact)), contact)


@page()
async def vies_fill(request: Request, ctx: Context) -> Response:
    """Fill name and address from VIES into the form being typed (htmx: just the fields)."""
    values = await form_data(request)
    contact_id = values.get("contact_id", "")
    contact = contact_or_404(ctx, int(contact_id)) if contact_id.isdigit() else None
    return _vies(request, ctx, values, contact)


routes = [
    Route("/customers/new", new_customer, methods=["GET", "POST"], name="customer_new"),
    Route("/customers/vies", vies_fill, methods=["POST"], name="customer_vies"),
    Route("/customers/{contact_id:int}/edit", edit_customer, methods=["GET", "POST"],
          name="customer_edit"),
]
