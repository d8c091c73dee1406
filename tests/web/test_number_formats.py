"""Whole numbers and amounts written as Babel writes them, in every language of the app."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from babel import numbers

from core.i18n import use_language
from core.web.formatting import (
    LOCALES,
    IntegerShape,
    amount_shape,
    babel_locale,
    format_currency,
    format_decimal,
    integer_shape,
)

pytestmark = pytest.mark.sqlite_only


def whole_numbers() -> list[int]:
    """Small, round, large and negative numbers."""
    rng = random.Random(4)
    spread = [rng.randint(-10**15, 10**15) // 10 ** rng.randint(0, 14) for _ in range(2000)]
    return [0, 1, -1, 999, 1000, -1000, 2000, 123456789, *spread]


@pytest.mark.parametrize("language", sorted(LOCALES))
def test_whole_numbers_are_written_as_babel_writes_them(language: str) -> None:
    locale = babel_locale(language)
    for number in whole_numbers():
        assert format_decimal(number, language=language) == numbers.format_decimal(
            number, locale=locale)
    with use_language(language):
        assert format_decimal(-1234567) == numbers.format_decimal(-1234567, locale=locale)


def test_whole_numbers_follow_the_belgian_conventions() -> None:
    assert integer_shape("nl_BE") == IntegerShape(".", "-")
    assert format_decimal(2000, language="nl") == "2.000"
    assert format_decimal(-2000, language="fr") == "-2\u202f000"


def test_a_locale_that_groups_otherwise_is_left_to_babel() -> None:
    assert integer_shape("hi_IN") is None  # 12,34,567
    assert amount_shape("hi_IN", "INR") is None


@pytest.mark.parametrize("language", sorted(LOCALES))
@pytest.mark.parametrize("currency", ["EUR", "USD", "JPY"])
def test_amounts_are_written_as_babel_writes_them(language: str, currency: str) -> None:
    locale = babel_locale(language)
    digits = numbers.get_currency_precision(currency)
    smallest = Decimal(1).scaleb(-digits) / 2
    for number in whole_numbers()[:600]:
        for amount in (Decimal(number) / 1000, number):
            if 0 < abs(amount) <= smallest:  # rounds to -0: left as Babel's own question
                continue
            expected = numbers.format_currency(amount, currency, locale=locale)
            assert format_currency(amount, currency, language) == expected
