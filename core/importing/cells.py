"""Spreadsheet cells that are data, never formulas: the one guard every CSV writer uses.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some programs, a
tab or a carriage return) as a formula. A text that starts with one of them is written
with a leading `'`, which spreadsheets show as text and the importer takes off again. A
number (an `int`, a `Decimal`, a `float`) is data: `-12.50` stays a number.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def guard_text(text: str) -> str:
    """A text a spreadsheet would run as a formula, quoted; any other text as it is."""
    return QUOTE + text if text.startswith(FORMULA_STARTS) else text


def unguard_text(text: str) -> str:
    """The text `guard_text` quoted, as it was (other texts as they are)."""
    if len(text) > 1 and text[0] == QUOTE and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def csv_cell(value: Any) -> str:
    """The CSV text of a value: numbers and dates as data, texts guarded, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | Decimal | float):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    return guard_text(str(value))
