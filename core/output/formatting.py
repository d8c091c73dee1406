"""Amounts, quantities and dates written the way a document's reader expects (Babel)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_date, get_date_format
from babel.numbers import format_currency, format_decimal

#: The Babel locale of each document language: Belgian conventions in every language.
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_BE", "de": "de_BE"}

# The narrow no-break space that CLDR uses in French is missing from the PDF base fonts;
# the ordinary no-break space looks the same and prints everywhere.
_PRINTABLE = str.maketrans({"\u202f": "\u00a0"})
_NAMED_STYLES = ("medium", "long", "full")
_DAY = re.compile(r"(?<![d'])d(?!d)")


def format_day(value: date, style: str, locale: str) -> str:
    """A date in one of the locale's styles (Babel), where French writes the first of the
    month as "1er" (le 1er mars 2026), which the CLDR patterns do not."""
    if value.day == 1 and style in _NAMED_STYLES and str(locale).startswith("fr"):
        pattern = _DAY.sub("d'er'", get_date_format(style, locale=locale).pattern, count=1)
        return format_date(value, pattern, locale=locale)
    return format_date(value, style, locale=locale)


@dataclass(frozen=True)
class Formatter:
    """Formats numbers and dates in one document language and currency."""

    language: str
    currency: str = "EUR"

    @property
    def locale(self) -> str:
        """The Babel locale behind the language."""
        return LOCALES.get(self.language, LOCALES["nl"])

    def money(self, amount: Decimal | None) -> str:
        """An amount with its currency, two decimals (`€ 1.234,50`)."""
        if amount is None:
            return ""
        return format_currency(amount, self.currency, locale=self.locale).translate(_PRINTABLE)

    def price(self, amount: Decimal | None) -> str:
        """A unit price: at least two decimals, more when the price has them."""
        if amount is None:
            return ""
        text = format_currency(
            amount.normalize(),
            self.currency,
            locale=self.locale,
            decimal_quantization=False,
        )
        return text.translate(_PRINTABLE)

    def number(self, value: Decimal | None) -> str:
        """A quantity without needless trailing zeros (`2`, `1,5`, `0,125`)."""
        if value is None:
            return ""
        return format_decimal(value, format="#,##0.####", locale=self.locale).translate(
            _PRINTABLE
        )

    def percent(self, value: Decimal | None) -> str:
        """A percentage given in percent (`21` → `21 %`)."""
        if value is None:
            return ""
        return f"{self.number(value)}\u00a0%"

    def date(self, value: date | None, style: str = "long") -> str:
        """A date (`1 maart 2026`, `1 mars 2026`, `1 March 2026`)."""
        if value is None:
            return ""
        return format_day(value, style, self.locale).translate(_PRINTABLE)
