"""The payments cards on the dashboard: overdue invoices and money still to be matched."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from addons.payments.matching import unmatched_total
from addons.payments.receivables import receivables_summary
from addons.payments.service import list_payments
from addons.payments.translation import _, ngettext
from core.api import format_currency

if TYPE_CHECKING:
    from core.api import Context


def _card(title: str, figure: str, note: str, url: str, label: str) -> Markup:
    return Markup(
        '<article class="card"><h2>{}</h2><p class="figure">{}</p>'
        '<p class="note">{}</p><a href="{}">{}</a></article>'
    ).format(title, figure, note, url, label)


def dashboard_cards(ctx: Context, today: date | None = None) -> str:
    """Two cards: overdue receivables (amount and count) and unmatched payments."""
    summary = receivables_summary(ctx, today)
    waiting = list_payments(ctx, unmatched=True)
    cards = [
        _card(
            _("Overdue invoices"),
            format_currency(summary.overdue_total),
            ngettext("%(num)d invoice", "%(num)d invoices", summary.overdue_count)
            % {"num": summary.overdue_count},
            "/apps/payments/receivables?show=overdue",
            _("Details"),
        ),
        _card(
            _("Payments to match"),
            format_currency(unmatched_total(waiting)),
            ngettext("%(num)d payment", "%(num)d payments", len(waiting))
            % {"num": len(waiting)},
            "/apps/payments/?show=unmatched",
            _("Details"),
        ),
    ]
    label = escape(_("Payments"))
    return str(
        Markup('<section class="cards payments-cards" aria-label="{}">{}</section>').format(
            label, Markup("").join(cards)
        )
    )
