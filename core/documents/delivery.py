"""When a document's goods or services were supplied: one date (BT-72) or a period (BG-14),
and the country they went to (BT-80) when it is not the customer's.

All are optional: without them the supply took place on the issue date, which is also what
Belgian law assumes of an invoice that mentions no other date, at the customer's address. A
document shows its delivery only when it differs from its issue date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from babel import Locale

from core.documents.errors import DocumentError
from core.i18n import N_, _

MSG_BAD_DATE = N_("%(value)s is not a date.")
MSG_END_WITHOUT_START = N_("A delivery period needs its first day.")
MSG_END_BEFORE_START = N_("A delivery period cannot end before it starts.")
MSG_BAD_COUNTRY = N_("%(value)s is not a country code.")


class DeliveryError(DocumentError):
    """The delivery date, period or country makes no sense; the message says why and `field`
    names the header field at fault."""

    def __init__(self, message: str, field: str = "delivery_end") -> None:
        super().__init__(message)
        self.field = field


def checked(start: Any, end: Any) -> tuple[date | None, date | None]:
    """The delivery date and the end of the delivery period, refused when they make no sense
    (not dates, an end without a start, an end before the start); an end equal to the start
    is one day, kept as a date."""
    for value in (start, end):
        if value is not None and not isinstance(value, date):
            raise DeliveryError(_(MSG_BAD_DATE) % {"value": value})
    if end is not None and start is None:
        raise DeliveryError(_(MSG_END_WITHOUT_START))
    if start is not None and end is not None and end < start:
        raise DeliveryError(_(MSG_END_BEFORE_START))
    return start, (None if end == start else end)


def checked_country(value: Any) -> str | None:
    """The ISO 3166 code of the country delivered to, or None for the customer's own."""
    code = str(value or "").strip().upper()
    if not code:
        return None
    if len(code) != 2 or code not in Locale("en").territories:
        raise DeliveryError(_(MSG_BAD_COUNTRY) % {"value": value}, "delivery_country")
    return code


def differs(issue_date: date, start: date | None, end: date | None) -> bool:
    """Whether the delivery is worth printing: a period, or a date other than the issue date."""
    return start is not None and (end is not None or start != issue_date)
