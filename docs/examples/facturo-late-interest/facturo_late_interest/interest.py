"""The interest owed to date on what is still due on an overdue invoice."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.api import Context, DocumentRecord, overdue_documents

ADDON = "late_interest"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Overdue:
    """An overdue invoice, the days it is late and the interest owed for them."""

    invoice: DocumentRecord
    days: int
    interest: Decimal


def interest_to_date(invoice: DocumentRecord, rate: Decimal, on: date) -> Decimal:
    """Simple yearly interest on the amount due, per day late (a 365-day year), to the cent."""
    days = Decimal(invoice.overdue_days(on))
    return (invoice.totals.due * rate / 100 * days / 365).quantize(CENT, ROUND_HALF_UP)


def overdue(ctx: Context, on: date) -> list[Overdue]:
    """The tenant's overdue invoices on `on`, oldest due first, at the tenant's rate."""
    rate = ctx.addon_settings(ADDON)["rate"]
    return [Overdue(invoice, invoice.overdue_days(on), interest_to_date(invoice, rate, on))
            for invoice in overdue_documents(ctx, on)]
