"""The revenue chart of the dashboard: one bar per month, drawn as SVG on the server.

No script and no style attribute (the content security policy allows neither): geometry in
SVG attributes, colours from classes in the stylesheet. Each bar carries a `<title>` with
the month and amount, and the figures are repeated in a table for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from babel.dates import format_date
from markupsafe import Markup, escape

from core.documents.figures import MonthRevenue
from core.web.formatting import babel_locale, format_currency

WIDTH, HEIGHT = 640, 220
TOP, BOTTOM, LEFT, RIGHT = 16, 28, 8, 8


@dataclass(frozen=True)
class Bar:
    """One drawn bar: its month label, the amount as text and its geometry."""

    label: str
    amount: str
    x: float
    y: float
    width: float
    height: float
    negative: bool


def bars(months: list[MonthRevenue], language: str | None = None) -> tuple[list[Bar], float]:
    """The bars of the chart and the y of its zero line."""
    if not months:
        return [], float(HEIGHT - BOTTOM)
    highest = max([m.amount for m in months] + [Decimal(0)])
    lowest = min([m.amount for m in months] + [Decimal(0)])
    span = (highest - lowest) or Decimal(1)
    usable = HEIGHT - TOP - BOTTOM
    zero = TOP + float(highest / span) * usable
    slot = (WIDTH - LEFT - RIGHT) / len(months)
    found = []
    for index, month in enumerate(months):
        size = float(abs(month.amount) / span) * usable
        negative = month.amount < 0
        found.append(Bar(
            label=format_date(month.month, "MMM", locale=babel_locale(language)),
            amount=format_currency(month.amount, language=language),
            x=round(LEFT + index * slot + slot * 0.15, 1),
            y=round(zero if negative else zero - size, 1),
            width=round(slot * 0.7, 1),
            height=round(max(size, 1.0 if month.amount else 0.0), 1),
            negative=negative,
        ))
    return found, round(zero, 1)


def revenue_svg(months: list[MonthRevenue], title: str, language: str | None = None) -> Markup:
    """The chart as an inline `<svg>` element."""
    drawn, zero = bars(months, language)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{LEFT}" y1="{zero}" x2="{WIDTH - RIGHT}" y2="{zero}"/>',
    ]
    for bar in drawn:
        css = "bar negative" if bar.negative else "bar"
        parts.append(
            f'<g><rect class="{css}" x="{bar.x}" y="{bar.y}" width="{bar.width}" '
            f'height="{bar.height}"><title>{escape(bar.label)}: {escape(bar.amount)}</title>'
            f"</rect>"
            f'<text class="month" x="{round(bar.x + bar.width / 2, 1)}" y="{HEIGHT - 8}" '
            f'text-anchor="middle">{escape(bar.label)}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
