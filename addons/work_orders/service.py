"""Work orders: creating them, their lines and employees, and their states.

planned → in progress → done → signed → invoiced (and cancelled). Lines change while the
order is planned or in progress. Done books its materials through the published hook
`work_order_materials_used`; reopening, unlocking after signing or cancelling gives them
back (the same hook with the quantities negated), so an order's materials are counted once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from addons.products.api import ProductNotFound, get_product
from addons.work_orders.materials import material_uses
from addons.work_orders.models import (
    LineKind,
    OrderState,
    WorkOrder,
    WorkOrderAssignee,
    WorkOrderLine,
)
from addons.work_orders.rounding import minutes_between
from addons.work_orders.translation import N_, _
from core.api import Contact, id_value, record_audit, tenant_members

if TYPE_CHECKING:
    from core.api import Context

MSG_NOT_FOUND = N_("This work order does not exist.")
MSG_NO_CUSTOMER = N_("Choose the customer of the work order.")
MSG_NOT_EDITABLE = N_("This work order can no longer change: it is %(state)s.")
MSG_NOT_A_USER = N_("Only people of this company can be assigned.")
MSG_QUANTITY = N_("The quantity must be more than zero.")
MSG_TIME_ORDER = N_("The end time must be after the start time.")
MSG_DURATION = N_("Give a start and an end time, or a duration.")
MSG_NO_PRODUCT = N_("This product does not exist.")
MSG_STEP = N_("A work order that is %(state)s cannot become %(target)s.")
MSG_END_BEFORE = N_("The last planned day cannot be before the first.")
MSG_EMPTY_TEXT = N_("Type the text of the line.")

STATE_LABELS = {
    OrderState.PLANNED: N_("planned"),
    OrderState.IN_PROGRESS: N_("in progress"),
    OrderState.DONE: N_("done"),
    OrderState.SIGNED: N_("signed"),
    OrderState.INVOICED: N_("invoiced"),
    OrderState.CANCELLED: N_("cancelled"),
}
STEPS = {
    OrderState.IN_PROGRESS: (OrderState.PLANNED, OrderState.DONE),
    OrderState.DONE: (OrderState.PLANNED, OrderState.IN_PROGRESS),
    OrderState.CANCELLED: (OrderState.PLANNED, OrderState.IN_PROGRESS, OrderState.DONE),
}


class WorkOrderError(ValueError):
    """A work-order operation that cannot be done; `str(error)` says why, translated."""


def state_label(state: str) -> str:
    """The state as the user reads it."""
    return _(STATE_LABELS[state])


def load_order(ctx: Context, order: WorkOrder | int | str) -> WorkOrder:
    """The tenant's work order; `WorkOrderError` for an unknown id or another tenant's."""
    if isinstance(order, WorkOrder):
        return order
    order_id = id_value(order)
    found = None if order_id is None else ctx.session.get(WorkOrder, order_id)
    if found is None or found.tenant_id != ctx.tenant_id:
        raise WorkOrderError(_(MSG_NOT_FOUND))
    return found


def _customer(ctx: Context, customer_id: Any) -> Contact:
    contact_id = id_value(customer_id)
    found = None if contact_id is None else ctx.session.get(Contact, contact_id)
    if found is None or found.tenant_id != ctx.tenant_id:
        raise WorkOrderError(_(MSG_NO_CUSTOMER))
    return found


def _member_ids(ctx: Context, user_ids: Iterable[Any]) -> list[int]:
    members = {member.user_id for member in tenant_members(ctx)}
    chosen = []
    for value in user_ids:
        user_id = id_value(value)
        if user_id not in members:
            raise WorkOrderError(_(MSG_NOT_A_USER))
        if user_id not in chosen:
            chosen.append(user_id)
    return chosen


def create_order(
    ctx: Context,
    customer_id: int,
    *,
    planned_start: date,
    planned_end: date | None = None,
    description: str = "",
    site: Mapping[str, str] | None = None,
    assignees: Iterable[int] = (),
    notes: str = "",
) -> WorkOrder:
    """A planned work order; the site is the customer's address unless `site` gives one
    (`street`, `postal_code`, `city`, `country`), and it is kept with the order."""
    customer = _customer(ctx, customer_id)
    if planned_end is not None and planned_end < planned_start:
        raise WorkOrderError(_(MSG_END_BEFORE))
    given = {key: (value or "").strip() for key, value in (site or {}).items()}
    if not any(given.get(key) for key in ("street", "postal_code", "city")):
        given = {"street": customer.street, "postal_code": customer.postal_code,
                 "city": customer.city, "country": customer.country}
    order = WorkOrder(
        customer_id=customer.id, planned_start=planned_start, planned_end=planned_end,
        description=description.strip(), notes=notes.strip(),
        site_street=given.get("street", ""), site_postal_code=given.get("postal_code", ""),
        site_city=given.get("city", ""), site_country=(given.get("country") or "BE").upper(),
    )
    ctx.session.add(order)
    ctx.session.flush()
    set_assignees(ctx, order, assignees)
    return order


def set_assignees(ctx: Context, order: WorkOrder | int, user_ids: Iterable[Any]) -> None:
    """The employees planned on the order: exactly these users of the tenant."""
    found = load_order(ctx, order)
    chosen = _member_ids(ctx, user_ids)
    found.assignees[:] = [row for row in found.assignees if row.user_id in chosen]
    have = {row.user_id for row in found.assignees}
    found.assignees.extend(WorkOrderAssignee(user_id=user_id)
                           for user_id in chosen if user_id not in have)
    ctx.session.flush()


def _editable(order: WorkOrder) -> None:
    if order.state not in OrderState.EDITABLE:
        raise WorkOrderError(_(MSG_NOT_EDITABLE) % {"state": state_label(order.state)})


def _add(ctx: Context, order: WorkOrder, line: WorkOrderLine) -> WorkOrderLine:
    _editable(order)
    line.position = 1 + (ctx.session.scalar(
        select(func.max(WorkOrderLine.position)).where(WorkOrderLine.order_id == order.id)) or 0)
    order.lines.append(line)
    ctx.session.flush()
    return line


def _positive(quantity: Decimal | int | str) -> Decimal:
    value = Decimal(quantity)
    if value <= 0:
        raise WorkOrderError(_(MSG_QUANTITY))
    return value


def add_material(ctx: Context, order: WorkOrder | int, product_id: Any,
                 quantity: Decimal | int | str, description: str = "") -> WorkOrderLine:
    """A product used on the site, with its quantity."""
    found = load_order(ctx, order)
    try:
        product = get_product(ctx, id_value(product_id) or 0)
    except ProductNotFound:
        raise WorkOrderError(_(MSG_NO_PRODUCT)) from None
    return _add(ctx, found, WorkOrderLine(
        kind=LineKind.MATERIAL, product_id=product.id, quantity=_positive(quantity),
        description=description.strip() or product.name))


def add_time(ctx: Context, order: WorkOrder | int, user_id: Any, work_date: date, *,
             start: time | None = None, end: time | None = None, minutes: int | None = None,
             description: str = "") -> WorkOrderLine:
    """Time a user worked on the order: from `start` to `end`, or a duration in minutes."""
    found = load_order(ctx, order)
    (member,) = _member_ids(ctx, [user_id])
    if start is not None and end is not None:
        minutes = minutes_between(start, end)
        if minutes <= 0:
            raise WorkOrderError(_(MSG_TIME_ORDER))
    elif minutes is None or minutes <= 0 or start is not None or end is not None:
        raise WorkOrderError(_(MSG_DURATION))
    return _add(ctx, found, WorkOrderLine(
        kind=LineKind.TIME, user_id=member, work_date=work_date, start_time=start,
        end_time=end, minutes=minutes, description=description.strip()))


def add_km(ctx: Context, order: WorkOrder | int, km: Decimal | int | str, *,
           work_date: date | None = None, description: str = "") -> WorkOrderLine:
    """A trip of `km` kilometres for the order."""
    found = load_order(ctx, order)
    return _add(ctx, found, WorkOrderLine(
        kind=LineKind.KM, quantity=_positive(km), work_date=work_date,
        description=description.strip()))


def add_text(ctx: Context, order: WorkOrder | int, text: str) -> WorkOrderLine:
    """A free text on the order (what was found, what is left to do)."""
    found = load_order(ctx, order)
    if not text.strip():
        raise WorkOrderError(_(MSG_EMPTY_TEXT))
    return _add(ctx, found, WorkOrderLine(kind=LineKind.TEXT, description=text.strip()))


def remove_line(ctx: Context, order: WorkOrder | int, line_id: Any) -> None:
    """Remove one of the order's lines (an id of another order changes nothing)."""
    found = load_order(ctx, order)
    _editable(found)
    wanted = id_value(line_id)
    found.lines[:] = [line for line in found.lines if line.id != wanted]
    ctx.session.flush()


def _step(ctx: Context, order: WorkOrder, target: str) -> None:
    if order.state not in STEPS.get(target, ()):
        raise WorkOrderError(_(MSG_STEP) % {"state": state_label(order.state),
                                             "target": state_label(target)})
    order.state = target


def book_materials(ctx: Context, order: WorkOrder, used: bool) -> None:
    """Tell the addons the order's materials were used (`used`) or given back, once."""
    if order.materials_booked == used:
        return
    lines = material_uses(order, sign=1 if used else -1)
    order.materials_booked = used
    if lines:
        ctx.call("work_order_materials_used", work_order_id=order.id, lines=lines)


def start(ctx: Context, order: WorkOrder | int) -> WorkOrder:
    """planned → in progress (also a done order reopened: its materials are given back)."""
    found = load_order(ctx, order)
    _step(ctx, found, OrderState.IN_PROGRESS)
    book_materials(ctx, found, False)
    ctx.session.flush()
    return found


def finish(ctx: Context, order: WorkOrder | int) -> WorkOrder:
    """The work is done: the materials are booked."""
    found = load_order(ctx, order)
    _step(ctx, found, OrderState.DONE)
    book_materials(ctx, found, True)
    ctx.session.flush()
    return found


def cancel(ctx: Context, order: WorkOrder | int) -> WorkOrder:
    """The work will not be done (booked materials are given back)."""
    found = load_order(ctx, order)
    _step(ctx, found, OrderState.CANCELLED)
    book_materials(ctx, found, False)
    record_audit(ctx, "work_order.cancelled", "work_order", found.id)
    ctx.session.flush()
    return found
