"""Document totals per EN 16931, as pure functions over simple line and allowance values.

* line net amount (BT-131) = quantity × unit price − discount, rounded to cents (half up);
* sum of line nets (BT-106); document allowances (BG-20), each of one VAT category and rate:
  a percentage of the line total is split per rate (one allowance per rate, its base the
  nets of that rate), a fixed amount over several rates is shared pro rata to their bases;
  sum of allowances (BT-107); total without VAT (BT-109) = BT-106 − BT-107;
* VAT per (category, rate) on the nets of that group less its allowances, rounded to cents;
* a financial (early payment) discount lowers the taxable base of every rate that charges
  VAT (Belgian VAT code, art. 28, 2°), whether or not the customer pays in time: VAT is
  computed on (base − discount); what is due without the discount stays base + VAT.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
DISCOUNT_CODE = "95"  # UNCL 5189: Discount


def cents(amount: Decimal) -> Decimal:
    """An amount rounded to cents, halves away from zero (never a negative zero)."""
    rounded = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def line_net(quantity: Decimal, unit_price: Decimal, discount_percent: Decimal = ZERO) -> Decimal:
    """The net amount of a line: quantity × unit price less the discount, in cents."""
    gross = quantity * unit_price
    if discount_percent:
        gross -= gross * discount_percent / HUNDRED
    return cents(gross)


@dataclass(frozen=True)
class LineAmount:
    """What the totals need of a line: its net amount and its VAT category and rate.

    `discountable` False keeps the line out of the base of percentage allowances (an amount
    an app adds, such as a deposit)."""

    net: Decimal
    vat_rate: Decimal
    vat_category: str
    discountable: bool = True


@dataclass(frozen=True)
class AllowanceSpec:
    """A document allowance as the user gives it: a percentage of the line total or a fixed
    amount, with a reason. `key` ties the allowances split from it back to it."""

    reason: str
    percent: Decimal | None = None
    amount: Decimal | None = None
    reason_code: str = DISCOUNT_CODE
    key: int = 0


@dataclass(frozen=True)
class Allowance:
    """One document allowance (BG-20) of one VAT category and rate; `base` and `percent`
    are set when it is a percentage."""

    reason: str
    reason_code: str
    category: str
    rate: Decimal
    amount: Decimal
    base: Decimal | None = None
    percent: Decimal | None = None
    key: int = 0


@dataclass(frozen=True)
class VatGroup:
    """One line of the VAT breakdown: the taxable base and the VAT of a category and rate.

    `cash_discount` is the financial discount taken off this rate's base (already out of
    `base`); a rate without VAT keeps its base (the discount changes no VAT there)."""

    category: str
    rate: Decimal
    base: Decimal
    vat: Decimal
    cash_discount: Decimal = ZERO


@dataclass(frozen=True)
class Totals:
    """The document's totals (EN 16931 BT-106 to BT-112), its allowances and VAT breakdown.

    `incl_vat` is what is due without the financial discount; `cash_discount` is what the
    customer may keep off it when paying in time (on every rate, those without VAT too)."""

    excl_vat: Decimal
    vat: Decimal
    incl_vat: Decimal
    breakdown: tuple[VatGroup, ...]
    line_total: Decimal = ZERO
    allowance_total: Decimal = ZERO
    allowances: tuple[Allowance, ...] = ()
    cash_discount: Decimal = ZERO

    @property
    def incl_vat_with_cash_discount(self) -> Decimal:
        """What is due when the customer pays within the discount term."""
        return self.incl_vat - self.cash_discount


Key = tuple[str, Decimal]


def _key(category: str, rate: Decimal) -> Key:
    return (category, Decimal(rate).quantize(CENT))


def _ordered(keys: Iterable[Key]) -> list[Key]:
    return sorted(keys, key=lambda k: (-k[1], k[0]))


def _bases(lines: Iterable[LineAmount], discountable_only: bool) -> dict[Key, Decimal]:
    bases: dict[Key, Decimal] = {}
    for line in lines:
        if discountable_only and not line.discountable:
            continue
        key = _key(line.vat_category, line.vat_rate)
        bases[key] = bases.get(key, ZERO) + line.net
    return bases


def _share(amount: Decimal, bases: dict[Key, Decimal]) -> dict[Key, Decimal]:
    """A fixed amount shared pro rata to the bases in cents; the rounding rest goes to the
    largest base so that the parts add up to the amount."""
    keys = [k for k in _ordered(bases) if bases[k]]
    if not keys:
        return {}
    total = sum((bases[k] for k in keys), ZERO)
    if len(keys) == 1 or not total:
        return {keys[0]: amount}
    parts = {k: cents(amount * bases[k] / total) for k in keys}
    largest = max(keys, key=lambda k: abs(bases[k]))
    parts[largest] += amount - sum(parts.values(), ZERO)
    return parts


def split_allowances(
    specs: Sequence[AllowanceSpec], lines: Sequence[LineAmount]
) -> tuple[Allowance, ...]:
    """The document allowances of `specs`, one per VAT category and rate (BG-20)."""
    bases = _bases(lines, discountable_only=True)
    found: list[Allowance] = []
    for spec in specs:
        if spec.percent is not None:
            for key in _ordered(bases):
                if not bases[key]:
                    continue
                amount = cents(bases[key] * spec.percent / HUNDRED)
                found.append(Allowance(spec.reason, spec.reason_code, key[0], key[1], amount,
                                       bases[key], spec.percent, spec.key))
        elif spec.amount:
            for key, part in _share(cents(Decimal(spec.amount)), bases).items():
                found.append(Allowance(spec.reason, spec.reason_code, key[0], key[1], part,
                                       key=spec.key))
    return tuple(a for a in found if a.amount)


def vat_breakdown(
    lines: Iterable[LineAmount],
    allowances: Iterable[Allowance] = (),
    cash_discount_percent: Decimal = ZERO,
) -> tuple[VatGroup, ...]:
    """VAT per (category, rate) on the nets of that group less its allowances and its
    financial discount, rounded to cents."""
    bases = _bases(lines, discountable_only=False)
    for allowance in allowances:
        key = _key(allowance.category, allowance.rate)
        bases[key] = bases.get(key, ZERO) - allowance.amount
    groups = []
    for key in _ordered(bases):
        category, rate = key
        base = cents(bases[key])
        cash = cents(base * cash_discount_percent / HUNDRED) if rate and cash_discount_percent \
            else ZERO
        groups.append(VatGroup(category, rate, base - cash, cents((base - cash) * rate / HUNDRED),
                               cash))
    return tuple(groups)


def document_totals(
    lines: Iterable[LineAmount],
    specs: Sequence[AllowanceSpec] = (),
    cash_discount_percent: Decimal = ZERO,
) -> Totals:
    """The totals of a document from its lines, its allowances and its financial discount."""
    lines = list(lines)
    allowances = split_allowances(specs, lines)
    breakdown = vat_breakdown(lines, allowances, cash_discount_percent)
    line_total = sum((line.net for line in lines), ZERO)
    allowance_total = sum((a.amount for a in allowances), ZERO)
    cash = sum((group.cash_discount if group.rate else
                cents(group.base * cash_discount_percent / HUNDRED) for group in breakdown), ZERO)
    excl = line_total - allowance_total
    vat = sum((group.vat for group in breakdown), ZERO)
    return Totals(excl, vat, excl + vat, breakdown, line_total, allowance_total, allowances,
                  cash)
