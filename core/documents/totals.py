"""Document totals per EN 16931, as pure functions over simple line values.

* line net amount = quantity × unit price − discount, rounded to cents (half up);
* VAT per (category, rate) on the sum of the line nets of that group, rounded to cents;
* total without VAT = Σ line nets; total VAT = Σ VAT per group; total with VAT = their sum.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def cents(amount: Decimal) -> Decimal:
    """An amount rounded to cents, halves away from zero."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def line_net(quantity: Decimal, unit_price: Decimal, discount_percent: Decimal = ZERO) -> Decimal:
    """The net amount of a line: quantity × unit price less the discount, in cents."""
    gross = quantity * unit_price
    if discount_percent:
        gross -= gross * discount_percent / HUNDRED
    return cents(gross)


@dataclass(frozen=True)
class LineAmount:
    """What the totals need of a line: its net amount and its VAT category and rate."""

    net: Decimal
    vat_rate: Decimal
    vat_category: str


@dataclass(frozen=True)
class VatGroup:
    """One line of the VAT breakdown: the taxable base and the VAT of a category and rate."""

    category: str
    rate: Decimal
    base: Decimal
    vat: Decimal


@dataclass(frozen=True)
class Totals:
    """The document's totals and its VAT breakdown."""

    excl_vat: Decimal
    vat: Decimal
    incl_vat: Decimal
    breakdown: tuple[VatGroup, ...]


def vat_breakdown(lines: Iterable[LineAmount]) -> tuple[VatGroup, ...]:
    """VAT per (category, rate), each on the sum of its line nets, rounded to cents."""
    bases: dict[tuple[str, Decimal], Decimal] = {}
    for line in lines:
        key = (line.vat_category, Decimal(line.vat_rate).quantize(CENT))
        bases[key] = bases.get(key, ZERO) + line.net
    groups = [
        VatGroup(category, rate, cents(base), cents(base * rate / HUNDRED))
        for (category, rate), base in bases.items()
    ]
    groups.sort(key=lambda g: (-g.rate, g.category))
    return tuple(groups)


def document_totals(lines: Iterable[LineAmount]) -> Totals:
    """The totals of a document from its lines."""
    breakdown = vat_breakdown(lines)
    excl = sum((group.base for group in breakdown), ZERO)
    vat = sum((group.vat for group in breakdown), ZERO)
    return Totals(excl, vat, excl + vat, breakdown)
