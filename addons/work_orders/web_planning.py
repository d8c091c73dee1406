"""Planning: a week grid of the work orders per employee, and "my work orders today"."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.work_orders.models import OrderState, WorkOrder, WorkOrderAssignee
from addons.work_orders.translation import _
from core.api import Contact, Context, page, render, tenant_members

HIDDEN = (OrderState.CANCELLED, OrderState.INVOICED)


def monday_of(day: date) -> date:
    """The Monday of the week of `day`."""
    return day - timedelta(days=day.weekday())


def orders_between(ctx: Context, first: date, last: date,
                   user_id: int | None = None) -> list[tuple[WorkOrder, str]]:
    """(order, customer name) of the open orders planned on a day from `first` to `last`;
    only those assigned to `user_id` when given."""
    statement = (
        select(WorkOrder, Contact.name).join(Contact, Contact.id == WorkOrder.customer_id)
        .where(WorkOrder.planned_start <= last,
               func.coalesce(WorkOrder.planned_end, WorkOrder.planned_start) >= first,
               WorkOrder.state.not_in(HIDDEN))
        .order_by(WorkOrder.planned_start, WorkOrder.id))
    if user_id is not None:
        statement = statement.where(WorkOrder.id.in_(
            select(WorkOrderAssignee.order_id).where(WorkOrderAssignee.user_id == user_id)))
    return list(ctx.session.execute(statement))


def week_grid(ctx: Context, monday: date) -> dict[int | None, dict[date, list[Any]]]:
    """{user id (None: nobody assigned): {day: [(order, customer name)]}} for the week."""
    days = [monday + timedelta(days=n) for n in range(7)]
    found = orders_between(ctx, days[0], days[-1])
    people: dict[int, list[int]] = defaultdict(list)
    if found:
        for order_id, user_id in ctx.session.execute(
                select(WorkOrderAssignee.order_id, WorkOrderAssignee.user_id).where(
                    WorkOrderAssignee.order_id.in_([order.id for order, _name in found]))):
            people[order_id].append(user_id)
    grid: dict[int | None, dict[date, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for order, name in found:
        end = order.planned_end or order.planned_start
        for day in days:
            if order.planned_start <= day <= end:
                for user_id in people.get(order.id) or [None]:
                    grid[user_id][day].append((order, name))
    return grid


@page()
async def planning(request: Request, ctx: Context) -> Response:
    """The week's work orders per employee (`?week=` any day of the week)."""
    try:
        chosen = date.fromisoformat(request.query_params.get("week", ""))
    except ValueError:
        chosen = date.today()
    monday = monday_of(chosen)
    return render(request, ctx, "work_orders/planning.html", {
        "title": _("Week planning"), "monday": monday,
        "days": [monday + timedelta(days=n) for n in range(7)],
        "previous": monday - timedelta(days=7), "next": monday + timedelta(days=7),
        "members": tenant_members(ctx), "grid": week_grid(ctx, monday),
    })


@page()
async def today(request: Request, ctx: Context) -> Response:
    """The work orders of the logged-in employee for today, for a phone."""
    day = date.today()
    return render(request, ctx, "work_orders/today.html", {
        "title": _("My work today"), "day": day,
        "rows": orders_between(ctx, day, day, ctx.user_id or 0),
    })



def routes() -> list[Route]:
    """The planning routes."""
    return [Route("/planning", planning, name="work_orders_planning"),
            Route("/today", today, name="work_orders_today")]
