"""Numbers people type, read in their language: one parser for amounts, rates and counts.

Dutch and French write `10,5` and `1.234,50` (Belgian conventions), English `10.5` and
`1,234.50`. Reading goes through `babel.numbers.parse_decimal` in strict mode, so a number
written the other way (`10.5` in Dutch, which would otherwise be read as 105) is refused
with a reason instead of read wrongly.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from babel import Locale
from babel.numbers import NumberFormatError, parse_decimal

from core.i18n import current_language

INPUT_LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en", "de": "de_BE"}
"""The locale each language's users type numbers in."""


class NumberInputError(ValueError):
    """Text that is not a number in the language it was typed in."""


def input_locale(language: str | None = None) -> str:
    """The Babel locale numbers are typed in for a language (the current one by default)."""
    return INPUT_LOCALES.get(language or current_language(), "nl_BE")


@cache
def _symbols(locale: str) -> tuple[str, str]:
    symbols = Locale.parse(locale).number_symbols["latn"]
    return symbols["decimal"], symbols["group"]


def parse_number(text: str | Decimal | int | None, language: str | None = None) -> Decimal | None:
    """The `Decimal` a person typed in `language` (the current one by default); None when
    empty. Raises `NumberInputError("expected a number")` for anything else."""
    if text is None:
        return None
    if isinstance(text, Decimal | int) and not isinstance(text, bool):
        return Decimal(text)
    cleaned = str(text).strip()
    if not cleaned:
        return None
    try:
        number = parse_decimal(cleaned, locale=input_locale(language), strict=True)
    except NumberFormatError:
        raise NumberInputError("expected a number") from None
    if not number.is_finite():
        raise NumberInputError("expected a number")
    return number


def show_number(value: Decimal | int | None, language: str | None = None) -> str:
    """A number written as `parse_number` reads it back in `language` (no grouping)."""
    if value is None:
        return ""
    decimal, _group = _symbols(input_locale(language))
    return format(Decimal(value), "f").replace(".", decimal)
