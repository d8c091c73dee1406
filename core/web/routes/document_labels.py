"""What the document pages call things (states, line types, periods) and how the editor
shows and reads numbers."""

from __future__ import annotations

from decimal import Decimal

from core.context import Context
from core.i18n import N_, _, current_language

STATE_LABELS = {
    "draft": N_("Draft"),
    "posted": N_("Posted"),
    "partially_paid": N_("Partially paid"),
    "paid": N_("Paid"),
    "credited": N_("Credited"),
    "cancelled": N_("Cancelled"),
    "open": N_("Open"),
    "overdue": N_("Overdue"),
}
STATE_FILTERS = ("", "draft", "posted", "open", "overdue", "partially_paid", "paid", "credited",
                 "cancelled")
PERIOD_LABELS = {
    "this_month": N_("This month"),
    "last_month": N_("Last month"),
    "this_quarter": N_("This quarter"),
    "this_year": N_("This year"),
    "last_year": N_("Last year"),
}
LINE_TYPE_LABELS = {
    "product": N_("Product"),
    "free": N_("Line"),
    "text": N_("Text"),
    "subtitle": N_("Subtitle"),
}
COMMA_LANGUAGES = ("nl", "fr", "de")


def state_label(state: str) -> str:
    """The name of a document state (or of the `open` / `overdue` filters)."""
    return _(STATE_LABELS.get(state, state))


def state_options() -> list[tuple[str, str]]:
    """(value, name) of the state filter, led by "every state"."""
    return [(key, _(STATE_LABELS[key]) if key else _("Every state")) for key in STATE_FILTERS]


def period_options() -> list[tuple[str, str]]:
    """(value, name) of the period filter, led by "any date"."""
    return [("", _("Any date"))] + [(key, _(label)) for key, label in PERIOD_LABELS.items()]


def decimal_input(value: Decimal | int | None, places: int = 2) -> str:
    """A number as an input field shows it: no thousands separator, at least `places`
    decimals, the decimal comma in Dutch and French."""
    if value is None:
        return ""
    number = Decimal(value).normalize()
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -places:
        number = number.quantize(Decimal(1).scaleb(-places))
    text = f"{number:f}"
    return text.replace(".", ",") if current_language() in COMMA_LANGUAGES else text


def addon_label(ctx: Context, addon_id: str | None) -> str:
    """The name of the app that added a block of lines."""
    if addon_id is None or addon_id not in ctx.app.catalogue:
        return addon_id or ""
    return ctx.app.catalogue.get(addon_id).manifest.label(ctx.language)
