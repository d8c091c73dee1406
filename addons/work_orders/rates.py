"""Billable hourly rates: the tenant's default, a rate per user, a customer's override.

The most specific rate wins: the user's rate for that customer, the customer's rate, the
user's rate, then the default of the addon's settings.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select

from addons.work_orders.models import HourlyRate
from addons.work_orders.translation import N_, _

if TYPE_CHECKING:
    from core.api import Context

ADDON = "work_orders"
MSG_NEGATIVE = N_("An hourly rate cannot be negative.")


class RateTable:
    """The tenant's rates, read once, to price many time entries."""

    def __init__(self, ctx: Context) -> None:
        self.default: Decimal = ctx.addon_settings(ADDON)["default_hourly_rate"]
        self.rates = {
            (row.user_id, row.customer_id): row.hourly_rate
            for row in ctx.session.scalars(select(HourlyRate))
        }

    def rate(self, user_id: int | None, customer_id: int | None) -> Decimal:
        """The hourly rate of `user_id`'s time for `customer_id`."""
        for key in ((user_id, customer_id), (None, customer_id), (user_id, None)):
            if key != (None, None) and key in self.rates:
                return self.rates[key]
        return self.default


def hourly_rate(ctx: Context, user_id: int | None, customer_id: int | None) -> Decimal:
    """The billable hourly rate of a user's time for a customer."""
    return RateTable(ctx).rate(user_id, customer_id)


def set_rate(ctx: Context, rate: Decimal | None, *, user_id: int | None = None,
             customer_id: int | None = None) -> None:
    """Set (or with `rate=None` remove) the rate of a user, a customer, or both."""
    if rate is not None and rate < 0:
        raise ValueError(_(MSG_NEGATIVE))
    row = ctx.session.scalars(select(HourlyRate).where(
        HourlyRate.user_id.is_(None) if user_id is None else HourlyRate.user_id == user_id,
        HourlyRate.customer_id.is_(None) if customer_id is None
        else HourlyRate.customer_id == customer_id,
    )).first()
    if rate is None:
        if row is not None:
            ctx.session.delete(row)
    elif row is None:
        ctx.session.add(HourlyRate(user_id=user_id, customer_id=customer_id, hourly_rate=rate))
    else:
        row.hourly_rate = rate
    ctx.session.flush()
