"""The dashboard: the company at a glance.

Cards come from `CARDS`: functions of the context returning a `Card` (or None to show
nothing). The receivables and revenue cards are placeholders until documents provide them:
replace the entries of `CARDS` (same key) to fill them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.context import Context
from core.i18n import _
from core.web.menu import MenuItem
from core.web.pages import page, render


@dataclass(frozen=True)
class Card:
    """A figure on the dashboard; `value` None shows a dash."""

    title: str
    value: str | None = None
    note: str = ""
    url: str | None = None
    order: int = 500


def receivables_card(ctx: Context) -> Card | None:
    """Open receivables (filled in by the documents module)."""
    return Card(_("Open receivables"), None, _("Available once invoices exist."), order=10)


def revenue_card(ctx: Context) -> Card | None:
    """Revenue of this year (filled in by the documents module)."""
    return Card(_("Revenue this year"), None, _("Available once invoices exist."), order=20)


CARDS: dict[str, Callable[[Context], Card | None]] = {
    "receivables": receivables_card,
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
    return render(request, ctx, "dashboard.html", {"title": _("Dashboard"), "cards": cards})


routes = [Route("/", dashboard, name="dashboard")]
