"""The scheduled-jobs runtime: interval slots and the job time jobs read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from core.jobs import DAILY, HOURLY, Job, job_time


def noop(ctx) -> None:
    """A job that does nothing."""


def test_a_daily_job_runs_once_per_utc_day_whatever_the_hour():
    job = Job("tidy", noop, DAILY, addon_id="sample")
    assert job.key == "sample.tidy"
    last = datetime(2026, 3, 19, 23, 50, tzinfo=UTC)
    assert job.is_due(None, last)
    assert not job.is_due(last, datetime(2026, 3, 19, 23, 59, tzinfo=UTC))
    assert job.is_due(last, datetime(2026, 3, 20, 0, 1, tzinfo=UTC))
    brussels = timezone(timedelta(hours=1))
    assert not job.is_due(last, datetime(2026, 3, 20, 0, 30, tzinfo=brussels))


def test_an_hourly_job_and_naive_times_read_as_utc():
    job = Job("poll", noop, HOURLY)
    assert job.key == "poll"
    last = datetime(2026, 3, 19, 10, 5)
    assert not job.is_due(last, datetime(2026, 3, 19, 10, 59, tzinfo=UTC))
    assert job.is_due(last, datetime(2026, 3, 19, 11, 0, tzinfo=UTC))


def test_job_time_outside_a_job_is_now():
    before = datetime.now(UTC)
    assert before <= job_time() <= datetime.now(UTC)
