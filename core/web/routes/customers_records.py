"""What hangs off a customer: contact persons, extra addresses, attachments; and merging a
duplicate into the customer to keep (irreversible, after a confirmation)."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from core.contacts.addresses import add_address, delete_address
from core.contacts.attachments import add_attachment, attachment_file, delete_attachment
from core.contacts.errors import ContactError, NotFound, ValidationError
from core.contacts.listing import list_contacts
from core.contacts.merge import merge_contacts, plan_merge
from core.contacts.models import ContactAddress
from core.contacts.persons import add_person, delete_person, get_person, update_person
from core.context import Context
from core.i18n import _, ngettext
from core.web.confirm import Confirmation, confirm_page
from core.web.forms import Form, form_data
from core.web.pages import flash, page, redirect, render
from core.web.routes.common import contact_or_404, int_or_none
from core.web.routes.customer_labels import country_options
from core.web.routes.customers import show_detail

PERSON_FIELDS = ("name", "function", "email", "phone", "street", "postal_code", "city",
                 "country")
ADDRESS_FIELDS = ("kind", "label", "street", "postal_code", "city", "country")


def _back(contact_id: int, tab: str = "") -> str:
    return f"/customers/{contact_id}" + (f"?tab={tab}" if tab else "")


@page()
async def person_add(request: Request, ctx: Context) -> Response:
    """Add a contact person (or department) under the customer."""
    contact = contact_or_404(ctx, request.path_params["contact_id"])
    values = await form_data(request)
    data = {k: values.get(k, "") for k in PERSON_FIELDS}
    try:
        add_person(ctx, contact.id, data)
    except ValidationError as exc:
        return show_detail(request, ctx, contact, tab="persons",
                           person_form=Form(data, exc.errors), status=422)
    flash(request, _("%(name)s is added.") % {"name": data["name"]}, "success")
    return redirect(_back(contact.id, "persons"), request)


def _person_of(ctx: Context, request: Request):  # type: ignore[no-untyped-def]
    contact = contact_or_404(ctx, request.path_params["contact_id"])
    try:
        person = get_person(ctx, request.path_params["person_id"])
    except NotFound:
        raise HTTPException(404) from None
    if person.contact_id != contact.id:
        raise HTTPException(404)
    return contact, person


@page()
async def person_edit(request: Request, ctx: Context) -> Response:
    """Change a contact person: the form (GET) or the update (POST)."""
    contact, person = _person_of(ctx, request)
    form = Form({k: getattr(person, k) or "" for k in PERSON_FIELDS})
    status = 200
    if request.method == "POST":
        values = await form_data(request)
        data = {k: values.get(k, "") for k in PERSON_FIELDS}
        try:
            with ctx.session.begin_nested():
                update_person(ctx, person.id, data)
        except ValidationError as exc:
            ctx.session.expire(person)
            form, status = Form(data, exc.errors), 422
        else:
            flash(request, _("%(name)s is saved.") % {"name": person.name}, "success")
            return redirect(_back(contact.id, "persons"), request)
    return render(request, ctx, "customers/person_form.html", {
        "title": _("Edit %(name)s") % {"name": person.name}, "contact": contact,
        "person": person, "person_form": form, "countries": country_options(),
    }, status_code=status)


@page()
async def person_delete(request: Request, ctx: Context) -> Response:
    """Remove a contact person."""
    contact, person = _person_of(ctx, request)
    delete_person(ctx, person.id)
    flash(request, _("%(name)s is removed.") % {"name": person.name}, "success")
    return redirect(_back(contact.id, "persons"), request)


@page()
async def address_add(request: Request, ctx: Context) -> Response:
    """Add a delivery, site or other address to the customer."""
    contact = contact_or_404(ctx, request.path_params["contact_id"])
    values = await form_data(request)
    data = {k: values.get(k, "") for k in ADDRESS_FIELDS}
    try:
        add_address(ctx, contact.id, data)
    except ValidationError as exc:
        return show_detail(request, ctx, contact, tab="addresses",
                           address_form=Form(data, exc.errors), status=422)
    flash(request, _("The address is added."), "success")
    return redirect(_back(contact.id, "addresses"), request)


@page()
async def address_delete(request: Request, ctx: Context) -> Response:
    """Remove an extra address."""
    contact = contact_or_404(ctx, request.path_params["contact_id"])
    address = ctx.session.get(ContactAddress, request.path_params["address_id"])
    if address is None or address.contact_id != contact.id:
        raise HTTPException(404)
    delete_address(ctx, address.id)
    flash(request, _("The address is removed."), "success")
    return redirect(_back(contact.id, "addresses"), request)


@page()
async def attachment_upload(request: Request, ctx: Context) -> Response:
    """Keep an uploaded file with the customer."""
    contact = contact_or_404(ctx, request.path_params["contact_id"])
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return show_detail(request, ctx, contact, tab="attachments",
                           attachment_error=_("Choose a file first."), status=422)
    data = await upload.read()
    try:
        add_attachment(ctx, contact.id, upload.filename, data)
    except ValidationError as exc:
        return show_detail(request, ctx, contact, tab="attachments",
                           attachment_error=" ".join(exc.errors.values()), status=422)
    flash(request, _("%(name)s is kept with this customer.") % {"name": upload.filename},
          "success")
    return redirect(_back(contact.id, "attachments"), request)


def _attachment(ctx: Context, request: Request):  # type: ignore[no-untyped-def]
    contact = contact_or_404(ctx, request.path_params["contact_id"])
    try:
        attachment, path = attachment_file(ctx, request.path_params["attachment_id"])
    except NotFound:
        raise HTTPException(404) from None
    if attachment.contact_id != contact.id:
        raise HTTPException(404)
    return contact, attachment, path


@page()
async def attachment_download(request: Request, ctx: Context) -> Response:
    """Send an attachment's file to the browser."""
    _contact, attachment, path = _attachment(ctx, request)
    if not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type=attachment.content_type, filename=attachment.filename)


@page()
async def attachment_delete(request: Request, ctx: Context) -> Response:
    """Remove an attachment and its file."""
    contact, attachment, _path = _attachment(ctx, request)
    delete_attachment(ctx, attachment.id)
    flash(request, _("%(name)s is removed.") % {"name": attachment.filename}, "success")
    return redirect(_back(contact.id, "attachments"), request)


def _merge_confirmation(ctx: Context, source_id: int, target_id: int) -> Confirmation:
    plan = plan_merge(ctx, source_id, target_id)
    moved = sum(plan.moves.values())
    items = [
        ngettext("%(num)d document moves to %(name)s.", "%(num)d documents move to %(name)s.",
                 moved) % {"num": moved, "name": plan.target.name},
        _("%(name)s (%(number)s) is archived and marked as merged.")
        % {"name": plan.source.name, "number": plan.source.number},
    ]
    return Confirmation(
        title=_("Merge %(name)s?") % {"name": plan.source.name},
        message=_("Merge %(source)s (%(source_number)s) into %(target)s (%(target_number)s)?")
        % {"source": plan.source.name, "source_number": plan.source.number,
           "target": plan.target.name, "target_number": plan.target.number},
        action=f"/customers/{source_id}/merge",
        confirm_label=_("Merge"),
        cancel_url=f"/customers/{source_id}",
        groups=[(_("What happens"), items)],
        notes=[_("Posted documents keep the customer details printed on them. Nothing is "
                 "copied between the two records. A merge cannot be undone.")],
        fields={"target": str(target_id)},
        danger=True,
    )


@page()
async def merge(request: Request, ctx: Context) -> Response:
    """Choose the customer to keep, confirm, merge."""
    contact = contact_or_404(ctx, request.path_params["contact_id"])
    if request.method == "POST":
        values = await form_data(request)
        target_id = int_or_none(values.get("target"))
        if target_id is None:
            raise HTTPException(400)
        target = contact_or_404(ctx, target_id)
        try:
            merge_contacts(ctx, contact.id, target.id, confirmed=True)
        except ContactError as exc:
            flash(request, str(exc), "error")
            return redirect(_back(contact.id), request)
        flash(request, _("%(source)s is merged into %(target)s.")
              % {"source": contact.name, "target": target.name}, "success")
        return redirect(_back(target.id), request)
    target_id = int_or_none(request.query_params.get("target"))
    if target_id is not None:
        contact_or_404(ctx, target_id)
        try:
            return confirm_page(request, ctx, _merge_confirmation(ctx, contact.id, target_id))
        except ContactError as exc:
            flash(request, str(exc), "error")
            return redirect(f"/customers/{contact.id}/merge", request)
    text = request.query_params.get("q", "").strip()[:200]
    found = list_contacts(ctx, search=text or None, kind=None, per_page=20,
                          count_limit=20) if text else None
    matches = [c for c in found.items if c.id != contact.id] if found else []
    return render(request, ctx, "customers/merge.html", {
        "title": _("Merge %(name)s into another customer") % {"name": contact.name},
        "contact": contact, "q": text, "matches": matches,
    })


routes = [
    Route("/customers/{contact_id:int}/persons", person_add, methods=["POST"],
          name="customer_person_add"),
    Route("/customers/{contact_id:int}/persons/{person_id:int}/edit", person_edit,
          methods=["GET", "POST"], name="customer_person_edit"),
    Route("/customers/{contact_id:int}/persons/{person_id:int}/delete", person_delete,
          methods=["POST"], name="customer_person_delete"),
    Route("/customers/{contact_id:int}/addresses", address_add, methods=["POST"],
          name="customer_address_add"),
    Route("/customers/{contact_id:int}/addresses/{address_id:int}/delete", address_delete,
          methods=["POST"], name="customer_address_delete"),
    Route("/customers/{contact_id:int}/attachments", attachment_upload, methods=["POST"],
          name="customer_attachment_add"),
    Route("/customers/{contact_id:int}/attachments/{attachment_id:int}", attachment_download,
          name="customer_attachment"),
    Route("/customers/{contact_id:int}/attachments/{attachment_id:int}/delete",
          attachment_delete, methods=["POST"], name="customer_attachment_delete"),
    Route("/customers/{contact_id:int}/merge", merge, methods=["GET", "POST"],
          name="customer_merge"),
]
