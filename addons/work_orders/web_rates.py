"""The rates page: a billable hourly rate per employee, and a customer's own rate."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.work_orders.models import HourlyRate
from addons.work_orders.rates import set_rate
from addons.work_orders.translation import _
from core.api import (
    Contact,
    Context,
    flash,
    id_value,
    owned,
    page,
    parse_number,
    redirect,
    render,
    tenant_members,
)

URL = "/apps/work_orders/rates"


def _rate(text: Any) -> Decimal | None:
    try:
        value = parse_number(str(text or ""))
    except ValueError:
        raise ValueError(_("Give a number.")) from None
    if value is not None and value < 0:
        raise ValueError(_("An hourly rate cannot be negative."))
    return value


def typed(value: Decimal, language: str) -> str:
    """A rate as a person types it in `language` (what `parse_number` reads back)."""
    return str(value) if language == "en" else str(value).replace(".", ",")


@page(admin=True)
async def rates(request: Request, ctx: Context) -> Response:
    """Every rate: the default (a setting of the app), per employee, per customer."""
    rows = list(ctx.session.scalars(select(HourlyRate)))
    customers = dict(list(ctx.session.execute(select(Contact.id, Contact.name).where(
        Contact.id.in_([row.customer_id for row in rows if row.customer_id])))))
    return render(request, ctx, "work_orders/rates.html", {
        "title": _("Hourly rates"),
        "default": ctx.addon_settings("work_orders")["default_hourly_rate"],
        "members": tenant_members(ctx),
        "user_rates": {row.user_id: typed(row.hourly_rate, ctx.language) for row in rows
                       if row.user_id and not row.customer_id},
        "customer_rates": sorted((customers.get(row.customer_id, ""), row.customer_id,
                                   row.hourly_rate) for row in rows
                                  if row.customer_id and not row.user_id),
        "customers": list(ctx.session.execute(
            select(Contact.id, Contact.name).where(Contact.is_customer.is_(True))
            .order_by(Contact.name).limit(1000))),
    })


@page(admin=True)
async def save_rates(request: Request, ctx: Context) -> Response:
    """Save the employees' rates, and add or remove a customer's rate."""
    posted = await request.form()
    try:
        for member in tenant_members(ctx):
            if f"user_{member.user_id}" in posted:
                set_rate(ctx, _rate(posted.get(f"user_{member.user_id}")),
                         user_id=member.user_id)
        if posted.get("customer_id"):
            customer = owned(ctx, Contact, posted.get("customer_id"))
            set_rate(ctx, _rate(posted.get("customer_rate")), customer_id=customer.id)
        if posted.get("remove_customer"):
            customer_id = id_value(posted.get("remove_customer"))
            set_rate(ctx, None, customer_id=owned(ctx, Contact, customer_id).id)
    except ValueError as exc:
        flash(request, str(exc), "error")
        return redirect(URL, request)
    flash(request, _("The rates are saved."), "success")
    return redirect(URL, request)


def routes() -> list[Route]:
    """The rates routes."""
    return [Route("/rates", rates, name="work_orders_rates"),
            Route("/rates", save_rates, methods=["POST"], name="work_orders_rates_save")]
