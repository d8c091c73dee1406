"""Settings → Company: name, address, contact details, VAT number, bank account, logo and look.

A form with mistakes comes back with everything as typed and a message next to each bad
field; a logo that was accepted is kept aside (`pending_logo`) so it need not be chosen again.
"""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from core.company import (
    FIELDS,
    LOGO_MAX_SIDE,
    LogoError,
    clean_details,
    current_details,
    logo_name,
    save_details,
    set_logo,
    store_logo,
    stored_logo,
)
from core.context import Context
from core.i18n import N_, _
from core.output.pdf import LOGO_MAX_BYTES, available_themes
from core.tenants.models import Tenant
from core.web.forms import Form, form_data
from core.web.menu import SETTINGS, MenuItem
from core.web.pages import flash, page, redirect, render
from core.web.routes.customer_labels import country_options

THEME_LABELS = {"default": N_("Classic"), "modern": N_("Modern")}
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg"}


def menu(ctx: Context) -> list[MenuItem]:
    """The company settings entry, for administrators."""
    return [MenuItem(_("Company"), "/settings/company", icon="building", order=10,
                     section=SETTINGS, admin_only=True)]


def theme_options() -> list[tuple[str, str]]:
    """(name, label) of the document themes."""
    return [(name, _(THEME_LABELS.get(name, name.title()))) for name in available_themes()]


async def _uploaded_logo(request: Request) -> UploadFile | None:
    upload = (await request.form()).get("logo")
    if isinstance(upload, UploadFile) and upload.filename:
        return upload
    return None


@page(admin=True)
async def company(request: Request, ctx: Context) -> Response:
    """Show and change the company's details."""
    form = Form(current_details(ctx))
    pending = ""
    if request.method == "POST":
        values = await form_data(request)
        cleaned, errors = clean_details(values)
        form = Form({name: values.get(name, "") for name in FIELDS}, dict(errors))
        form.values["remove_logo"] = values.get("remove_logo") == "on"
        if stored_logo(ctx, values.get("pending_logo", "")) is not None:
            pending = values["pending_logo"]
        upload = await _uploaded_logo(request)
        if upload is not None:
            try:
                pending = store_logo(ctx, await upload.read(LOGO_MAX_BYTES + 1))
            except LogoError as exc:
                form.add_error("logo", str(exc))
        if form.ok:
            save_details(ctx, cleaned)
            if pending:
                set_logo(ctx, pending)
            elif form.value("remove_logo"):
                set_logo(ctx, None)
            flash(request, _("The company settings are saved."), "success")
            return redirect("/settings/company")
    tenant = ctx.session.get(Tenant, ctx.tenant_id)
    return render(
        request, ctx, "settings/company.html",
        {"title": _("Company"), "form": form, "slug": tenant.slug if tenant else "",
         "logo": logo_name(ctx), "pending_logo": pending,
         "logo_max_kb": LOGO_MAX_BYTES // 1024, "logo_max_side": LOGO_MAX_SIDE,
         "country_options": country_options(), "theme_options": theme_options()},
        status_code=422 if form.errors else 200,
    )


@page(admin=True)
async def logo(request: Request, ctx: Context) -> Response:
    """A logo file of the company (the current one, or one just uploaded)."""
    name = request.path_params["name"]
    path = stored_logo(ctx, name)
    if path is None:
        raise HTTPException(404)
    return FileResponse(path, media_type=LOGO_TYPES[path.suffix],
                        headers={"cache-control": "private, max-age=86400"})


routes = [
    Route("/settings/company", company, methods=["GET", "POST"], name="company"),
    Route("/settings/company/logo/{name}", logo, name="company_logo"),
]
