"""Time rounding per started quarter, half hour, hour or not at all: property tests."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addons.work_orders.rounding import STEPS, hours, minutes_between, rounded_minutes

MODES = st.sampled_from(sorted(STEPS))
MINUTES = st.integers(min_value=0, max_value=24 * 60 * 7)


@given(minutes=MINUTES, mode=MODES)
def test_rounded_time_is_a_whole_number_of_steps_never_less_and_less_than_a_step_more(
        minutes: int, mode: str) -> None:
    step = STEPS[mode]
    rounded = rounded_minutes(minutes, mode)
    assert rounded % step == 0
    assert minutes <= rounded < minutes + step


@given(minutes=MINUTES, mode=MODES)
def test_rounding_twice_changes_nothing(minutes: int, mode: str) -> None:
    once = rounded_minutes(minutes, mode)
    assert rounded_minutes(once, mode) == once


@given(a=MINUTES, b=MINUTES, mode=MODES)
def test_more_time_never_rounds_to_less(a: int, b: int, mode: str) -> None:
    low, high = sorted((a, b))
    assert rounded_minutes(low, mode) <= rounded_minutes(high, mode)


@given(minutes=MINUTES)
def test_coarser_steps_never_round_to_less(minutes: int) -> None:
    results = [rounded_minutes(minutes, mode) for mode in ("none", "quarter", "half_hour", "hour")]
    assert results == sorted(results)


@given(minutes=MINUTES)
def test_without_rounding_the_time_stays_and_whole_hours_are_exact(minutes: int) -> None:
    assert rounded_minutes(minutes, "none") == minutes
    assert hours(rounded_minutes(minutes, "hour")) == rounded_minutes(minutes, "hour") // 60


@pytest.mark.parametrize(("minutes", "mode", "expected"), [
    (61, "quarter", 75), (1, "quarter", 15), (0, "hour", 0), (31, "half_hour", 60),
    (60, "hour", 60), (61, "hour", 120), (7, "none", 7)])
def test_a_started_step_counts_whole(minutes: int, mode: str, expected: int) -> None:
    assert rounded_minutes(minutes, mode) == expected


def test_negative_time_is_refused() -> None:
    with pytest.raises(ValueError):
        rounded_minutes(-1, "quarter")


def test_minutes_between_two_times_of_a_day() -> None:
    assert minutes_between(time(8, 0), time(10, 15)) == 135
    assert minutes_between(time(10, 0), time(9, 0)) == -60
