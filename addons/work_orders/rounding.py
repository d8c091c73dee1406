"""Rounding of time worked: per started quarter, half hour or hour, or not at all."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

STEPS = {"none": 1, "quarter": 15, "half_hour": 30, "hour": 60}
MINUTES_PER_HOUR = Decimal(60)


def rounded_minutes(minutes: int, mode: str) -> int:
    """`minutes` rounded up to the next started step of `mode` (`none`: as they are).

    A step that is started counts whole: 61 minutes per started quarter are 75.
    """
    if minutes < 0:
        raise ValueError("time worked cannot be negative")
    step = STEPS[mode]
    return -(-minutes // step) * step


def minutes_between(start: time, end: time) -> int:
    """Whole minutes from `start` to `end` on the same day; negative when `end` is earlier."""
    day = date(2000, 1, 1)
    delta = datetime.combine(day, end) - datetime.combine(day, start)
    return int(delta.total_seconds() // 60)


def hours(minutes: int) -> Decimal:
    """Minutes as hours, to the hundredth (an invoice line's quantity): 75 → 1.25."""
    return (Decimal(minutes) / MINUTES_PER_HOUR).quantize(Decimal("0.01"))
