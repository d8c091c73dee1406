"""Amounts, numbers and dates formatted for the current language, with Babel.

A list page formats a hundred amounts and fifty dates: Babel's own formatting looks the
locale data up on every call, so the shape of each (locale, currency) amount, and of whole
numbers, is worked out once with Babel and applied with plain string formatting after (checked
against Babel on sample values first; a shape that does not match falls back to Babel), and
dates are cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache, lru_cache

from babel import Locale, numbers

from core.i18n import current_language
from core.output.formatting import format_day

# Facturo serves Belgian businesses: each UI language uses its Belgian conventions.
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_BE", "de": "de_BE"}
SAMPLE = Decimal("1234567.89")
PROBES = ("0", "-0.5", "12.345", "999.995", "-42", "1000000000.01", "7")
INTEGER_PROBES = (0, 7, -42, 999, 1000, -1234, 1234567, -1000000000, 12345678901234)
_SHAPE = re.compile(r"^(?P<pre>\D*)1(?P<group>\D+)234(?P=group)567(?:(?P<point>\D+)\d+)?"
                    r"(?P<post>\D*)$")


def locale_for(language: str | None = None) -> str:
    """The Babel locale of a language (the current one when none is given)."""
    return LOCALES.get(language or current_language(), "nl_BE")


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def babel_locale(language: str | None = None) -> Locale:
    """The parsed Babel locale of a language (parsed once: formatting a long list stays cheap)."""
    return _locale(locale_for(language))


@dataclass(frozen=True)
class AmountShape:
    """How a locale writes amounts of a currency: around the digits, and the separators."""

    prefix: str
    suffix: str
    negative_prefix: str
    negative_suffix: str
    group: str
    point: str
    digits: int
    quantum: Decimal = field(init=False, repr=False, compare=False)
    spec: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "quantum", Decimal(1).scaleb(-self.digits))
        object.__setattr__(self, "spec", f",.{self.digits}f")

    def apply(self, amount: Decimal | int) -> str:
        """The amount written in this shape (rounded half to even, as Babel does)."""
        value = amount if type(amount) is Decimal else Decimal(amount)
        value = value.quantize(self.quantum, ROUND_HALF_EVEN)
        text = format(abs(value), self.spec)
        text = text.replace(",", "\0").replace(".", self.point).replace("\0", self.group)
        if value < 0:
            return f"{self.negative_prefix}{text}{self.negative_suffix}"
        return f"{self.prefix}{text}{self.suffix}"


@cache
def amount_shape(name: str, currency: str) -> AmountShape | None:
    """The shape of `currency` amounts in locale `name`, or None to leave it to Babel."""
    locale = _locale(name)

    def babel(value: Decimal) -> str:
        return numbers.format_currency(value, currency, locale=locale)

    positive, negative = _SHAPE.match(babel(SAMPLE)), _SHAPE.match(babel(-SAMPLE))
    if positive is None or negative is None or positive["group"] != negative["group"]:
        return None
    shape = AmountShape(
        positive["pre"], positive["post"], negative["pre"], negative["post"],
        positive["group"], positive["point"] or ".",
        numbers.get_currency_precision(currency),
    )
    if any(shape.apply(Decimal(p)) != babel(Decimal(p)) for p in PROBES):
        return None
    return shape


@cache
def _language_amount_shape(language: str, currency: str) -> AmountShape | None:
    return amount_shape(locale_for(language), currency)


def format_currency(
    amount: Decimal | int | None, currency: str = "EUR", language: str | None = None
) -> str:
    """An amount with its currency sign, e.g. `€ 1.234,50` in Dutch."""
    if amount is None:
        return ""
    shape = _language_amount_shape(language or current_language(), currency)
    if shape is not None and isinstance(amount, (Decimal, int)):
        return shape.apply(amount)
    return numbers.format_currency(amount, currency, locale=babel_locale(language))


@dataclass(frozen=True)
class IntegerShape:
    """How a locale writes whole numbers: its group separator and minus sign."""

    group: str
    minus: str

    def apply(self, value: int) -> str:
        """The number written in this shape."""
        text = f"{abs(value):,}".replace(",", self.group)
        return f"{self.minus}{text}" if value < 0 else text


@cache
def integer_shape(name: str) -> IntegerShape | None:
    """The shape of whole numbers in locale `name`, or None to leave them to Babel."""
    locale = _locale(name)
    shape = IntegerShape(numbers.get_group_symbol(locale), numbers.get_minus_sign_symbol(locale))
    if any(shape.apply(n) != numbers.format_decimal(n, locale=locale) for n in INTEGER_PROBES):
        return None
    return shape


@cache
def _language_integer_shape(language: str) -> IntegerShape | None:
    return integer_shape(locale_for(language))


def format_decimal(
    value: Decimal | int | None, places: int | None = None, language: str | None = None
) -> str:
    """A number with the locale's separators; `places` fixes the number of decimals."""
    if value is None:
        return ""
    if places is not None:
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return numbers.format_decimal(value, format=pattern, locale=babel_locale(language))
    if type(value) is int:
        shape = _language_integer_shape(language or current_language())
        if shape is not None:
            return shape.apply(value)
    return numbers.format_decimal(value, locale=babel_locale(language))


@lru_cache(maxsize=8192)
def _format_date(value: date, style: str, language: str) -> str:
    return format_day(value, style, babel_locale(language))


def format_date(
    value: date | datetime | None, style: str = "medium", language: str | None = None
) -> str:
    """A date in the locale's `short`, `medium`, `long` or `full` style."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return _format_date(value, style, language or current_language())
