"""Hook implementations of the work orders addon."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from starlette.routing import BaseRoute

from addons.work_orders.invoicing import free_orders, orders_of_invoice
from addons.work_orders.translation import _, ngettext
from addons.work_orders.web import routes
from core.api import (
    Context,
    DocumentRecord,
    MenuItem,
    document_record,
    hookimpl,
    kind_of,
    linked_sources,
)


@hookimpl
def facturo_routes() -> list[BaseRoute]:
    """The work orders pages, under /apps/work_orders/."""
    return routes()


@hookimpl
def facturo_menu(ctx: Context) -> list[MenuItem]:
    """"Work orders" and "My work today" in the main menu."""
    return [
        MenuItem(label=_("Work orders"), url="/apps/work_orders/", icon="clock", order=170),
        MenuItem(label=_("My work today"), url="/apps/work_orders/today", icon="clock",
                 order=171),
        MenuItem(label=_("Week planning"), url="/apps/work_orders/planning", icon="clock",
                 order=172),
        MenuItem(label=_("Hourly rates"), url="/apps/work_orders/rates", icon="euro",
                 order=560, section="settings", admin_only=True),
    ]


@hookimpl
def document_posted(ctx: Context, document: DocumentRecord) -> None:
    """A credit note for an invoice frees the invoice's work orders again."""
    if not kind_of(ctx, document.kind).is_credit:
        return
    for source in linked_sources(ctx, document.id):
        free_orders(ctx, document_record(source).id)


@hookimpl
def ui_slot(ctx: Context, name: str, obj: Any) -> str | None:
    """On an invoice's page: the work orders it invoices, each a link."""
    if name != "document.detail.panels" or obj is None:
        return None
    orders = orders_of_invoice(ctx, obj.id)
    if not orders:
        return None
    items = Markup("").join(
        Markup('<li><a href="/apps/work_orders/{0}">{1}</a></li>').format(
            order.id, _("Work order %(number)s") % {"number": order.id})
        for order in orders)
    title = ngettext("Work order", "Work orders", len(orders))
    return Markup('<section class="panel work-orders"><h2>{}</h2><ul>{}</ul></section>').format(
        title, items)
