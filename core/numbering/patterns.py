"""Number patterns: `%Y` (2026), `%y` (26), `%m` (04) and `(N)`, the counter padded to N digits.

`F%Y(4)` -> `F20260001`; `C(5)` -> `C00001`; `PK-(3)` -> `PK-001`. Padding never truncates:
`(3)` with counter 1234 gives `1234`. `%%` is a literal `%`.
"""

from __future__ import annotations

import re
from datetime import date

COUNTER = re.compile(r"\((\d{1,2})\)")
_TAG = re.compile(r"%.?", re.DOTALL)
_KNOWN_TAGS = frozenset({"%Y", "%y", "%m", "%%"})


class PatternError(ValueError):
    """A numbering pattern that cannot produce numbers."""


def _tags(pattern: str) -> list[str]:
    return _TAG.findall(pattern)


def validate_pattern(pattern: str) -> str:
    """Check a pattern has exactly one counter `(N)` and only known tags; return it."""
    counters = COUNTER.findall(pattern)
    if len(counters) != 1:
        raise PatternError(f"pattern {pattern!r} needs exactly one counter such as (4)")
    unknown = [tag for tag in _tags(pattern) if tag not in _KNOWN_TAGS]
    if unknown:
        raise PatternError(f"pattern {pattern!r} has unknown tag(s) {', '.join(unknown)}")
    return pattern


def render(pattern: str, counter: int, on: date, year: int | None = None) -> str:
    """The number for a counter value on a date.

    `year` is the (fiscal) year that `%Y` and `%y` show; by default the date's calendar year.
    """
    validate_pattern(pattern)
    shown = on.year if year is None else year
    values = {"%Y": f"{shown:04d}", "%y": f"{shown % 100:02d}", "%m": f"{on.month:02d}",
              "%%": "%"}
    text = COUNTER.sub(lambda m: str(counter).zfill(int(m.group(1))), pattern)
    return _TAG.sub(lambda m: values[m.group(0)], text)


def uses_year(pattern: str) -> bool:
    """Whether the pattern shows the year (its counter then restarts each fiscal year)."""
    return any(tag in ("%Y", "%y") for tag in _tags(pattern))
