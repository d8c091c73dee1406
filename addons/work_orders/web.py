"""Pages of the work orders addon, under `/apps/work_orders/`: the list (tick done or signed
orders of one customer to invoice them), a new order, an order's page with its lines and
state buttons. Signing, planning and photos have their own modules."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.work_orders import pdf, web_planning, web_rates, web_sign
from addons.work_orders import photos as photo_pages
from addons.work_orders.invoicing import invoice_orders, is_free, state_of
from addons.work_orders.models import OrderState, WorkOrder, WorkOrderPhoto
from addons.work_orders.rounding import rounded_minutes
from addons.work_orders.service import (
    STATE_LABELS,
    WorkOrderError,
    add_km,
    add_material,
    add_text,
    add_time,
    cancel,
    create_order,
    finish,
    remove_line,
    set_assignees,
    start,
)
from addons.work_orders.translation import _, ngettext
from core.api import (
    Contact,
    Context,
    Document,
    create_customer,
    flash,
    owned,
    page,
    parse_number,
    public,
    redirect,
    render,
    tenant_members,
)

BASE = "/apps/work_orders"
STATIC = Path(__file__).parent / "static"
ASSETS = {"work_orders.js": "text/javascript", "work_orders.css": "text/css"}
ACTIONS = {"start": start, "finish": finish, "cancel": cancel, "reopen": start}


def _date(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text or "").strip()) if text else None
    except ValueError:
        raise WorkOrderError(_("Give a date as day, month and year.")) from None


def _time(text: Any) -> time | None:
    try:
        return time.fromisoformat(str(text or "").strip()) if text else None
    except ValueError:
        raise WorkOrderError(_("Give a time as hours and minutes.")) from None


def _number(text: Any) -> Any:
    try:
        return parse_number(str(text or ""))
    except ValueError:
        raise WorkOrderError(_("Give a number.")) from None


def customers(ctx: Context) -> list[tuple[int, str]]:
    """The tenant's customers for the order form (at most 1,000, by name)."""
    return list(ctx.session.execute(
        select(Contact.id, Contact.name)
        .where(Contact.is_customer.is_(True), Contact.archived.is_(False))
        .order_by(Contact.name).limit(1000)))


@page()
async def order_list(request: Request, ctx: Context) -> Response:
    """Work orders, newest planned first; `?state=` filters."""
    state = request.query_params.get("state", "")
    statement = (select(WorkOrder, Contact.name).join(Contact, Contact.id == WorkOrder.customer_id)
                 .order_by(WorkOrder.planned_start.desc(), WorkOrder.id.desc()).limit(200))
    if state in OrderState.ALL:
        statement = statement.where(WorkOrder.state == state)
    rows = list(ctx.session.execute(statement))
    return render(request, ctx, "work_orders/list.html", {
        "title": _("Work orders"), "rows": rows, "state": state, "states": STATE_LABELS,
        "free": is_free, "state_of": state_of})


@page()
async def invoice(request: Request, ctx: Context) -> Response:
    """One draft invoice for the ticked work orders."""
    posted = await request.form()
    ids = list(posted.getlist("order"))
    try:
        made = invoice_orders(ctx, ids)
    except WorkOrderError as exc:
        flash(request, str(exc), "error")
        return redirect(f"{BASE}/", request)
    flash(request, ngettext("A draft invoice is made of %(count)d work order.",
                           "A draft invoice is made of %(count)d work orders.", len(ids))
          % {"count": len(ids)}, "success")
    return redirect(f"/documents/{made.id}", request)


@page()
async def new_order(request: Request, ctx: Context) -> Response:
    """The form of a new work order; on POST the order is made (with a new prospect when
    a name is typed instead of a customer chosen)."""
    values: dict[str, Any] = {"planned_start": date.today().isoformat()}
    error = None
    if request.method == "POST":
        posted = await request.form()
        values = dict(posted)
        try:
            order = _create(ctx, posted)
        except WorkOrderError as exc:
            error = str(exc)
        else:
            flash(request, _("The work order is planned."), "success")
            return redirect(f"{BASE}/{order.id}", request)
    return render(request, ctx, "work_orders/new.html", {
        "title": _("New work order"), "values": values, "error": error,
        "customers": customers(ctx), "members": tenant_members(ctx),
    }, status_code=400 if error else 200)


def _create(ctx: Context, posted: FormData) -> WorkOrder:
    customer_id: Any = posted.get("customer_id") or None
    prospect = str(posted.get("prospect") or "").strip()
    if customer_id is None and prospect:
        customer_id = create_customer(ctx, {"name": prospect}).id
    if customer_id is None:
        raise WorkOrderError(_("Choose the customer of the work order."))
    begin = _date(posted.get("planned_start")) or date.today()
    return create_order(
        ctx, customer_id, planned_start=begin, planned_end=_date(posted.get("planned_end")),
        description=str(posted.get("description") or ""),
        site={key: str(posted.get(f"site_{key}") or "")
              for key in ("street", "postal_code", "city", "country")},
        assignees=posted.getlist("assignee"))


def _order(ctx: Context, request: Request) -> WorkOrder:
    return owned(ctx, WorkOrder, request.path_params["order_id"])


@page()
async def order_page(request: Request, ctx: Context) -> Response:
    """One work order: site, employees, lines, photos, state and signature."""
    order = _order(ctx, request)
    members = tenant_members(ctx)
    mode = ctx.addon_settings("work_orders")["time_rounding"]
    return render(request, ctx, "work_orders/detail.html", {
        "title": _("Work order %(number)s") % {"number": order.id},
        "order": order, "customer": ctx.session.get(Contact, order.customer_id),
        "members": members, "names": {m.user_id: m.name for m in members},
        "assigned": {row.user_id for row in order.assignees},
        "state_label": _(STATE_LABELS[state_of(order)]),
        "rounded": lambda minutes: rounded_minutes(minutes, mode),
        "invoice": ctx.session.get(Document, order.invoice_id) if order.invoice_id else None,
        "photos": list(ctx.session.scalars(select(WorkOrderPhoto.id).where(
            WorkOrderPhoto.order_id == order.id).order_by(WorkOrderPhoto.id))),
        "today": date.today().isoformat(), "me": ctx.user_id,
        "products": ctx.call("product_choices", search="", limit=500) or [],
    })


async def _change(request: Request, ctx: Context, change: Any) -> Response:
    order = _order(ctx, request)
    posted = await request.form()
    try:
        change(order, posted)
    except WorkOrderError as exc:
        flash(request, str(exc), "error")
    return redirect(f"{BASE}/{order.id}", request)


@page()
async def add_line(request: Request, ctx: Context) -> Response:
    """Add a time entry, a material, kilometres or a text (`kind` in the form)."""

    def change(order: WorkOrder, posted: FormData) -> None:
        kind = posted.get("kind")
        if kind == "time":
            duration = _number(posted.get("hours"))
            add_time(ctx, order, posted.get("user_id") or ctx.user_id,
                     _date(posted.get("work_date")) or date.today(),
                     start=_time(posted.get("start")), end=_time(posted.get("end")),
                     minutes=int(duration * 60) if duration is not None else None,
                     description=str(posted.get("description") or ""))
        elif kind == "material":
            add_material(ctx, order, posted.get("product_id"),
                         _number(posted.get("quantity")) or 0,
                         str(posted.get("description") or ""))
        elif kind == "km":
            add_km(ctx, order, _number(posted.get("km")) or 0,
                   work_date=_date(posted.get("work_date")),
                   description=str(posted.get("description") or ""))
        else:
            add_text(ctx, order, str(posted.get("text") or ""))

    return await _change(request, ctx, change)


@page()
async def delete_line(request: Request, ctx: Context) -> Response:
    """Remove a line of the order."""
    return await _change(request, ctx, lambda order, posted: remove_line(
        ctx, order, request.path_params["line_id"]))


@page()
async def assign(request: Request, ctx: Context) -> Response:
    """The employees planned on the order."""
    return await _change(request, ctx, lambda order, posted: set_assignees(
        ctx, order, posted.getlist("assignee")))


@page()
async def change_state(request: Request, ctx: Context) -> Response:
    """Start, finish, reopen or cancel the order (`action` in the form)."""

    def change(order: WorkOrder, posted: FormData) -> None:
        action = ACTIONS.get(str(posted.get("action")))
        if action is None:
            raise WorkOrderError(_("Unknown action."))
        action(ctx, order)

    return await _change(request, ctx, change)


@page()
async def options(request: Request, ctx: Context) -> Response:
    """What the PDF shows: start and end times; notes and employees' names."""

    def change(order: WorkOrder, posted: FormData) -> None:
        order.show_times = posted.get("show_times") == "1"
        order.show_names = posted.get("show_names") == "1"

    return await _change(request, ctx, change)


@public
async def asset(request: Request) -> Response:
    """The addon's script (the signature canvas, forms kept while offline) and styles."""
    name = request.path_params["name"]
    if name not in ASSETS:
        raise HTTPException(404)
    return Response((STATIC / name).read_bytes(), media_type=ASSETS[name],
                    headers={"Cache-Control": "public, max-age=3600"})


def routes() -> list[Route]:
    """The addon's pages (mounted under `/apps/work_orders`)."""
    order = "/{order_id:int}"
    return [
        Route("/", order_list, name="work_orders"),
        Route("/new", new_order, methods=["GET", "POST"], name="work_orders_new"),
        Route("/invoice", invoice, methods=["POST"], name="work_orders_invoice"),
        Route("/static/{name:str}", asset, name="work_orders_asset"),
        Route(order, order_page, name="work_order"),
        Route(f"{order}/lines", add_line, methods=["POST"], name="work_order_line"),
        Route(order + "/lines/{line_id:int}/delete", delete_line, methods=["POST"],
              name="work_order_line_delete"),
        Route(f"{order}/assignees", assign, methods=["POST"], name="work_order_assignees"),
        Route(f"{order}/state", change_state, methods=["POST"], name="work_order_state"),
        *web_sign.routes(),
        *web_planning.routes(),
        *photo_pages.routes(),
        *pdf.routes(),
        *web_rates.routes(),
        Route(f"{order}/options", options, methods=["POST"], name="work_order_options"),
    ]
