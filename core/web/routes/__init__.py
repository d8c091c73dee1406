"""Route modules of the web shell, one per area.

Each module exposes `routes` (a list of Starlette routes) and may expose `menu(ctx)`
returning `core.web.menu.MenuItem`s. Add an area by writing `core/web/routes/<area>.py` and
naming it in `MODULES`. A list page in a few lines::

    @page()
    async def customers(request: Request, ctx: Context) -> Response:
        query = ListQuery.from_request(request, ("name", "number"), "name")
        found = paginate(ctx.session, select(Contact), query, scalars=True,
                         search=(Contact.name, Contact.number),
                         sort={"name": Contact.name, "number": Contact.number})
        return render(request, ctx, "customers/list.html",
                      {"title": _("Customers"), "customers": found})

    routes = [Route("/customers", customers)]

    def menu(ctx: Context) -> list[MenuItem]:
        return [MenuItem(_("Customers"), "/customers", icon="users", order=10)]

Forms: read with `core.web.forms.form_data`, keep values and errors in a `Form`, render with
the macros of `macros/forms.html` and answer 422 when invalid; redirect (303) after a
successful POST. Irreversible actions go through `core.web.confirm.confirm_page` first.
"""

from __future__ import annotations

import importlib
from types import ModuleType

MODULES = ("auth", "dashboard", "account", "company", "settings_defaults", "settings_numbering",
           "settings_mail", "settings_fields", "settings_attachments", "settings_jobs", "apps",
           "users", "invitations", "imports", "customers_import", "customers_form",
           "customers_records", "customers_report", "customers", "documents", "documents_actions",
           "documents_editor", "documents_discounts")


def route_modules() -> list[ModuleType]:
    """The imported route modules, in `MODULES` order."""
    return [importlib.import_module(f"{__name__}.{name}") for name in MODULES]
