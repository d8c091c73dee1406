"""Settings → Defaults: what new documents get unless the customer has their own.

The payment term, the VAT regime and rate, and the language of documents.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.company import MAX_TERM_DAYS, clean_defaults, current_defaults, save_defaults
from core.context import Context
from core.documents import vat
from core.i18n import LANGUAGES, _
from core.web.forms import Form, form_data
from core.web.menu import SETTINGS, MenuItem
from core.web.pages import flash, page, redirect, render
from core.web.routes.auth import LANGUAGE_NAMES
from core.web.routes.customer_labels import REGIME_LABELS

FIELDS = ("payment_term_days", "vat_regime", "vat_rate", "language")


def menu(ctx: Context) -> list[MenuItem]:
    """The Defaults entry, for administrators."""
    return [MenuItem(_("Defaults"), "/settings/defaults", icon="sliders", order=12,
                     section=SETTINGS, admin_only=True)]


def regime_options() -> list[tuple[str, str]]:
    """(id, name) of the VAT regimes a document can have."""
    return [(key, _(REGIME_LABELS.get(key, key))) for key in vat.REGIMES]


def rate_options() -> list[tuple[str, str]]:
    """(value, label) of the Belgian VAT rates."""
    return [(f"{rate:f}", f"{rate:f} %") for rate in vat.RATES]


@page(admin=True)
async def defaults(request: Request, ctx: Context) -> Response:
    """Show and change the document defaults."""
    form = Form(current_defaults(ctx))
    if request.method == "POST":
        values = await form_data(request)
        cleaned, errors = clean_defaults(values)
        form = Form({name: values.get(name, "") for name in FIELDS}, dict(errors))
        if form.ok:
            save_defaults(ctx, cleaned)
            flash(request, _("The defaults are saved."), "success")
            return redirect("/settings/defaults")
    return render(
        request, ctx, "settings/defaults.html",
        {"title": _("Defaults"), "form": form, "max_term": MAX_TERM_DAYS,
         "regime_options": regime_options(), "rate_options": rate_options(),
         "language_options": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]},
        status_code=422 if form.errors else 200,
    )


routes = [Route("/settings/defaults", defaults, methods=["GET", "POST"], name="defaults")]
