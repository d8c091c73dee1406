"""Amounts, numbers and dates formatted for the current language, with Babel."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel import dates, numbers

from core.i18n import current_language

# Facturo serves Belgian businesses: each UI language uses its Belgian conventions.
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_BE", "de": "de_BE"}


def locale_for(language: str | None = None) -> str:
    """The Babel locale of a language (the current one when none is given)."""
    return LOCALES.get(language or current_language(), "nl_BE")


def format_currency(
    amount: Decimal | int | None, currency: str = "EUR", language: str | None = None
) -> str:
    """An amount with its currency sign, e.g. `€ 1.234,50` in Dutch."""
    if amount is None:
        return ""
    return numbers.format_currency(amount, currency, locale=locale_for(language))


def format_decimal(
    value: Decimal | int | None, places: int | None = None, language: str | None = None
) -> str:
    """A number with the locale's separators; `places` fixes the number of decimals."""
    if value is None:
        return ""
    if places is not None:
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return numbers.format_decimal(value, format=pattern, locale=locale_for(language))
    return numbers.format_decimal(value, locale=locale_for(language))


def format_date(
    value: date | datetime | None, style: str = "medium", language: str | None = None
) -> str:
    """A date in the locale's `short`, `medium`, `long` or `full` style."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return dates.format_date(value, format=style, locale=locale_for(language))
