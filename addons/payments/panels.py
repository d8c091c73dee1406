"""The reminders of an invoice on the invoice's page, and of a customer on the customer's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from sqlalchemy import func, select

from addons.payments.models import PaymentReminder
from addons.payments.reminders import LEVEL_LABELS, reminders_of
from addons.payments.translation import _, ngettext
from core.api import Document, format_date

if TYPE_CHECKING:
    from core.api import Context


def invoice_reminders_panel(ctx: Context, document: Any) -> str | None:
    """The reminders sent for the invoice, with a link to them on the reminders page."""
    reminders = reminders_of(ctx, document.id)
    if not reminders:
        return None
    items = Markup("").join(
        Markup("<li>{}: {}</li>").format(format_date(r.sent_on), _(LEVEL_LABELS[r.level]))
        for r in reminders
    )
    return Markup(
        '<section class="panel"><h2>{}</h2><ul>{}</ul>'
        '<a href="/apps/payments/reminders?invoice={}">{}</a></section>'
    ).format(_("Reminders"), items, document.id, _("Show the reminders of this invoice"))


def customer_reminders_panel(ctx: Context, customer: Any) -> str | None:
    """How many reminders the customer got, with a link to them on the reminders page."""
    count = ctx.session.scalar(
        select(func.count()).select_from(PaymentReminder)
        .join(Document, Document.id == PaymentReminder.document_id)
        .where(Document.customer_id == customer.id)
    )
    if not count:
        return None
    return Markup(
        '<section class="panel"><h2>{}</h2><p>{}</p>'
        '<a href="/apps/payments/reminders?customer={}">{}</a></section>'
    ).format(_("Reminders"),
             ngettext("%(num)d reminder sent", "%(num)d reminders sent", count) % {"num": count},
             customer.id, _("Show the reminders of this customer"))
