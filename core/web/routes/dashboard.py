"""The dashboard: the company at a glance.

Cards come from `CARDS`: functions of the context returning a `Card` (or None to show
nothing): what customers still owe (open, of which overdue) and the revenue of this month
and this year. Below them a chart of the revenue of the last twelve months (SVG drawn on the
server) and the latest documents. Apps add cards through the slot `dashboard.cards`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.context import Context
from core.documents.figures import latest_documents, receivables, revenue_between, revenue_by_month
from core.documents.listing import period_dates
from core.i18n import _, ngettext
from core.web.formatting import format_currency
from core.web.menu import MenuItem
from core.web.pages import page, render
from core.web.routes.common import kinds_by_id
from core.web.routes.document_labels import state_label
from core.web.routes.revenue_chart import revenue_svg

CHART_MONTHS = 12
LATEST = 8


@dataclass(frozen=True)
class Card:
    """A figure on the dashboard; `value` None shows a dash."""

    title: str
    value: str | None = None
    note: str = ""
    url: str | None = None
    order: int = 500


def receivables_card(ctx: Context) -> Card | None:
    """What customers still owe, and how much of it is overdue."""
    owed = receivables(ctx)
    note = ngettext("%(num)d open invoice", "%(num)d open invoices", owed.open_count) % {
        "num": owed.open_count}
    if owed.overdue_count and ctx.is_active("payments"):
        note += "; " + ngettext("%(num)d overdue: %(amount)s", "%(num)d overdue: %(amount)s",
                                owed.overdue_count) % {
            "num": owed.overdue_count, "amount": format_currency(owed.overdue_total)}
    return Card(_("Open receivables"), format_currency(owed.open_total), note,
                "/documents/invoice?state=open", order=10)


def overdue_card(ctx: Context) -> Card | None:
    """Overdue receivables (the payments app shows its own card instead)."""
    if ctx.is_active("payments"):
        return None
    owed = receivables(ctx)
    note = ngettext("%(num)d invoice", "%(num)d invoices", owed.overdue_count) % {
        "num": owed.overdue_count}
    return Card(_("Overdue"), format_currency(owed.overdue_total), note,
                "/documents/invoice?state=overdue", order=15)


def month_card(ctx: Context) -> Card | None:
    """Revenue of this month (without VAT)."""
    first, last = period_dates("this_month")
    assert first is not None and last is not None
    return Card(_("Revenue this month"), format_currency(revenue_between(ctx, first, last)),
                _("excl. VAT"), "/documents/invoice?period=this_month", order=20)


def revenue_card(ctx: Context) -> Card | None:
    """Revenue of this year (without VAT)."""
    first, last = period_dates("this_year")
    assert first is not None and last is not None
    return Card(_("Revenue this year"), format_currency(revenue_between(ctx, first, last)),
                _("excl. VAT"), "/documents/invoice?period=this_year", order=30)


CARDS: dict[str, Callable[[Context], Card | None]] = {
    "receivables": receivables_card,
    "overdue": overdue_card,
    "revenue_month": month_card,
    "revenue": revenue_card,
}


def menu(ctx: Context) -> list[MenuItem]:
    """The dashboard entry."""
    return [MenuItem(_("Dashboard"), "/", icon="home", order=0)]


@page()
async def dashboard(request: Request, ctx: Context) -> Response:
    """The home page of the tenant."""
    cards = [card for make in CARDS.values() if (card := make(ctx)) is not None]
    cards.sort(key=lambda card: card.order)
    months = revenue_by_month(ctx, date.today(), CHART_MONTHS)
    kinds = kinds_by_id(ctx)
    title = _("Revenue per month, excl. VAT")
    return render(request, ctx, "dashboard.html", {
        "title": _("Dashboard"), "cards": cards, "months": months,
        "chart": revenue_svg(months, title, ctx.language), "chart_title": title,
        "latest": latest_documents(ctx, LATEST, list(kinds)),
        "kind_labels": {k: kind.label(ctx.language) for k, kind in kinds.items()},
        "state_label": state_label,
    })


routes = [Route("/", dashboard, name="dashboard")]
