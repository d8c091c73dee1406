"""The reminders of an invoice, as a panel on the invoice's page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from addons.payments.reminders import LEVEL_LABELS, reminders_of
from core.i18n import _
from core.web.formatting import format_date

if TYPE_CHECKING:
    from core.context import Context


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
