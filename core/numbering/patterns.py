"""Number patterns: `%Y` (2026), `%y` (26), `%m` (04) and `(N)`, the counter padded to N digits.

`F%Y(4)` -> `F20260001`; `C(5)` -> `C00001`; `PK-(3)` -> `PK-001`. Padding never truncates:
`(3)` with counter 1234 gives `1234`.
"""

from __future__ import annotations

import re
from datetime import date

COUNTER = re.compile(r"\((\d{1,2})\)")
_TAGS = re.compile(r"%[Yym%]")


class PatternError(ValueError):
    """A numbering pattern that cannot produce numbers."""


def validate_pattern(pattern: str) -> str:
    """Check a pattern has exactly one counter `(N)` and only known tags; return it."""
    counters = COUNTER.findall(pattern)
    if len(counters) != 1:
        raise PatternError(f"pattern {pattern!r} needs exactly one counter such as (4)")
    unknown = re.findall(r"%[^Yym%]", pattern)
    if unknown:
        raise PatternError(f"pattern {pattern!r} has unknown tag(s) {', '.join(unknown)}")
    return pattern


def render(pattern: str, counter: int, on: date) -> str:
    """The number for a counter value on a date."""
    validate_pattern(pattern)
    values = {"%Y": f"{on.year:04d}", "%y": f"{on.year % 100:02d}", "%m": f"{on.month:02d}",
              "%%": "%"}
    text = COUNTER.sub(lambda m: str(counter).zfill(int(m.group(1))), pattern)
    return _TAGS.sub(lambda m: values[m.group(0)], text)


def uses_year(pattern: str) -> bool:
    """Whether the pattern shows the year (its counter then restarts each fiscal year)."""
    return "%Y" in pattern or "%y" in pattern
