"""Settings → Company: the tenant's name and the default language of its documents."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.context import Context
from core.i18n import LANGUAGES, _
from core.tenants.models import Tenant
from core.web.forms import Form, form_data
from core.web.menu import SETTINGS, MenuItem
from core.web.pages import flash, page, redirect, render
from core.web.routes.auth import LANGUAGE_NAMES


def menu(ctx: Context) -> list[MenuItem]:
    """The company settings entry, for administrators."""
    return [MenuItem(_("Company"), "/settings/company", icon="building", order=10,
                     section=SETTINGS, admin_only=True)]


def _tenant(ctx: Context) -> Tenant:
    tenant = ctx.session.get(Tenant, ctx.tenant_id)
    assert tenant is not None
    return tenant


@page(admin=True)
async def company(request: Request, ctx: Context) -> Response:
    """Show and change the company's name and language."""
    tenant = _tenant(ctx)
    form = Form({"name": tenant.name, "language": tenant.language})
    if request.method == "POST":
        values = await form_data(request)
        form = Form({"name": values.get("name", ""), "language": values.get("language", "")})
        if not form.value("name"):
            form.add_error("name", _("Enter the company's name."))
        elif len(form.value("name")) > 200:
            form.add_error("name", _("Use at most %(count)d characters.") % {"count": 200})
        if form.value("language") not in LANGUAGES:
            form.add_error("language", _("Choose one of the languages."))
        if form.ok:
            tenant.name = form.value("name")
            tenant.language = form.value("language")
            flash(request, _("The company settings are saved."), "success")
            return redirect("/settings/company")
    return render(
        request, ctx, "settings/company.html",
        {"title": _("Company"), "form": form, "slug": tenant.slug,
         "language_options": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]},
        status_code=422 if form.errors else 200,
    )


routes = [Route("/settings/company", company, methods=["GET", "POST"], name="company")]
