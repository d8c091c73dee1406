"""Done or signed work orders of one customer → one draft invoice.

Each order's lines come under a subtitle naming it: its hours per employee × their rate
(time rounded per entry as the tenant chose), its kilometres × the price per km, its
materials as product lines (priced by the products addon). The orders are marked invoiced
and point at the invoice; the invoice's page lists them. Crediting the invoice (posting a
credit note for it) frees them again; so does deleting the draft invoice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from addons.work_orders.models import LineKind, OrderState, WorkOrder
from addons.work_orders.rates import RateTable
from addons.work_orders.rounding import hours, rounded_minutes
from addons.work_orders.service import WorkOrderError, state_label
from addons.work_orders.translation import N_, _
from core.api import Contact, Document, LineType, create_document, id_value, tenant_members

if TYPE_CHECKING:
    from core.api import Context

ADDON = "work_orders"
HEADINGS = {
    "nl": "Werkbon {number} van {date}",
    "fr": "Bon de travail {number} du {date}",
    "en": "Work order {number} of {date}",
    "de": "Arbeitsauftrag {number} vom {date}",
}
LABOUR = {"nl": "Werkuren", "fr": "Heures de travail", "en": "Working hours",
          "de": "Arbeitsstunden"}
TRAVEL = {"nl": "Verplaatsing", "fr": "Déplacement", "en": "Travel", "de": "Fahrt"}
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_BE", "de": "de_BE"}

MSG_NONE = N_("Choose at least one work order to invoice.")
MSG_TWICE = N_("Work order %(number)s is chosen twice.")
MSG_NOT_READY = N_("Work order %(number)s is %(state)s: only done or signed work orders can "
                   "be invoiced.")
MSG_CUSTOMERS = N_("Only work orders of one customer can go on one invoice.")


def is_free(order: WorkOrder) -> bool:
    """Whether the order waits to be invoiced (done or signed, on no invoice)."""
    return order.invoice_id is None and (
        order.state in OrderState.INVOICEABLE or order.state == OrderState.INVOICED)


def state_of(order: WorkOrder) -> str:
    """The order's state as shown: an order whose draft invoice was deleted is done (or
    signed) again, though its row still says invoiced until it is invoiced anew."""
    if order.state == OrderState.INVOICED and order.invoice_id is None:
        return OrderState.SIGNED if order.signed_at else OrderState.DONE
    return order.state


def heading(order: WorkOrder, language: str) -> str:
    """The subtitle above an order's lines: "Werkbon 12 van 03/12/2026 – what was done"."""
    day = format_date(order.planned_start, "dd/MM/yyyy", locale=LOCALES.get(language, "nl_BE"))
    text = HEADINGS.get(language, HEADINGS["en"]).format(number=order.id, date=day)
    summary = order.description.splitlines()[0].strip() if order.description else ""
    return f"{text} – {summary}"[:500] if summary else text


def _orders(ctx: Context, ids: Sequence[Any]) -> list[WorkOrder]:
    wanted = [id_value(value) for value in ids]
    if not wanted:
        raise WorkOrderError(_(MSG_NONE))
    if len(set(wanted)) != len(wanted):
        twice = next(value for value in wanted if wanted.count(value) > 1)
        raise WorkOrderError(_(MSG_TWICE) % {"number": twice})
    found = {order.id: order for order in ctx.session.scalars(
        select(WorkOrder).where(WorkOrder.id.in_([w for w in wanted if w is not None]))
        .options(selectinload(WorkOrder.lines)))}
    orders = []
    for value in wanted:
        order = found.get(value) if value is not None else None
        if order is None or order.tenant_id != ctx.tenant_id:
            raise WorkOrderError(_("This work order does not exist."))
        if not is_free(order):
            raise WorkOrderError(_(MSG_NOT_READY) % {"number": order.id,
                                                     "state": state_label(order.state)})
        orders.append(order)
    if len({order.customer_id for order in orders}) > 1:
        raise WorkOrderError(_(MSG_CUSTOMERS))
    return sorted(orders, key=lambda order: (order.planned_start, order.id))


def _order_lines(order: WorkOrder, language: str, mode: str, rates: RateTable,
                 km_price: Decimal, names: dict[int, str]) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = [
        {"line_type": LineType.SUBTITLE, "description": heading(order, language)}]
    minutes: dict[int | None, int] = {}
    km = Decimal(0)
    for line in order.lines:
        if line.kind == LineKind.MATERIAL:
            lines.append({"line_type": LineType.PRODUCT, "product_id": line.product_id,
                          "description": line.description, "quantity": line.quantity})
        elif line.kind == LineKind.TIME:
            minutes[line.user_id] = minutes.get(line.user_id, 0) + rounded_minutes(
                line.minutes, mode)
        elif line.kind == LineKind.KM:
            km += line.quantity
    labour = LABOUR.get(language, LABOUR["en"])
    for user_id, total in minutes.items():
        name = names.get(user_id) if user_id is not None and order.show_names else None
        lines.append({"line_type": LineType.FREE, "unit": "HUR", "quantity": hours(total),
                      "description": f"{labour} – {name}" if name else labour,
                      "unit_price": rates.rate(user_id, order.customer_id)})
    if km:
        lines.append({"line_type": LineType.FREE, "unit": "KMT", "quantity": km,
                      "description": TRAVEL.get(language, TRAVEL["en"]),
                      "unit_price": km_price})
    return lines


def invoice_orders(ctx: Context, order_ids: Sequence[Any], *,
                   issue_date: date | None = None) -> Document:
    """One draft invoice from done or signed work orders of one customer, oldest first."""
    orders = _orders(ctx, order_ids)
    customer = ctx.session.get(Contact, orders[0].customer_id)
    language = customer.language if customer is not None else ctx.language
    settings = ctx.addon_settings(ADDON)
    rates = RateTable(ctx)
    names = {member.user_id: member.name for member in tenant_members(ctx)}
    lines = [line for order in orders for line in _order_lines(
        order, language, settings["time_rounding"], rates, settings["km_price"], names)]
    header = {"issue_date": issue_date} if issue_date else {}
    invoice = create_document(ctx, "invoice", orders[0].customer_id, lines=lines, **header)
    for order in orders:
        order.invoice_id = invoice.id
        order.state = OrderState.INVOICED
    ctx.session.flush()
    return invoice


def orders_of_invoice(ctx: Context, invoice_id: int) -> list[WorkOrder]:
    """The work orders on an invoice."""
    return list(ctx.session.scalars(
        select(WorkOrder).where(WorkOrder.invoice_id == invoice_id).order_by(WorkOrder.id)))


def free_orders(ctx: Context, invoice_id: int) -> list[WorkOrder]:
    """The invoice was credited: its work orders are done (or signed) and free again."""
    freed = orders_of_invoice(ctx, invoice_id)
    for order in freed:
        order.invoice_id = None
        order.state = OrderState.SIGNED if order.signed_at else OrderState.DONE
    ctx.session.flush()
    return freed
