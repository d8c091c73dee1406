"""French dates write the first of the month as "1er" (le 1er janvier), in documents, e-mails
and pages; other days and other languages as Babel gives them."""

from __future__ import annotations

from datetime import date

from core.output.formatting import Formatter
from core.web.formatting import format_date


def test_the_first_of_the_month_is_1er_in_french():
    fmt = Formatter("fr")
    assert fmt.date(date(2026, 1, 1)) == "1er janvier 2026"
    assert fmt.date(date(2026, 4, 1), "full") == "mercredi 1er avril 2026"
    assert fmt.date(date(2026, 1, 2)) == "2 janvier 2026"
    assert fmt.date(date(2026, 1, 1), "short") == "1/01/26"
    assert Formatter("nl").date(date(2026, 1, 1)) == "1 januari 2026"
    assert Formatter("en").date(date(2026, 1, 1)) == "1 January 2026"
    assert format_date(date(2026, 3, 1), "long", "fr") == "1er mars 2026"
    assert format_date(date(2026, 3, 1), "medium", "fr") == "1er mars 2026"
    assert format_date(date(2026, 3, 11), "medium", "fr") == "11 mars 2026"
