"""Hook implementations: the legal clause on posted invoices, the page and its menu entry."""

from datetime import date

from babel.numbers import format_decimal
from markupsafe import escape
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.api import Context, DocumentRecord, MenuItem, hookimpl, page, render
from facturo_late_interest.interest import ADDON, overdue
from facturo_late_interest.translation import N_, _

CLAUSE = N_("Any amount unpaid on its due date bears, by law and without notice, interest at "
            "%(rate)s %% a year.")


@hookimpl
def document_pdf_blocks(ctx: Context, document: DocumentRecord) -> str | None:
    """The interest clause, in the document's language, on every posted invoice."""
    if document.kind != "invoice" or document.is_draft:
        return None
    rate = format_decimal(ctx.addon_settings(ADDON)["rate"], locale=document.language)
    return f"<p class='late-interest'>{escape(_(CLAUSE, document.language) % {'rate': rate})}</p>"


@page()
async def overdue_page(request: Request, ctx: Context) -> Response:
    """Every overdue invoice of the tenant with the interest owed today."""
    rows = overdue(ctx, date.today())
    return render(request, ctx, "late_interest/overdue.html",
                  {"rows": rows, "title": _("Overdue invoices")})


@hookimpl
def facturo_routes() -> list[Route]:
    """The page of overdue invoices, at /apps/late_interest/."""
    return [Route("/", overdue_page, name="late_interest_overdue")]


@hookimpl
def facturo_menu(ctx: Context) -> list[MenuItem]:
    """The page in the side menu."""
    return [MenuItem(_("Overdue invoices"), "/apps/late_interest/", icon="clock", order=450)]
