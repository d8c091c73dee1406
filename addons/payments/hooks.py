"""Hook implementations of the payments addon."""

from __future__ import annotations

from typing import Any

from core import hookimpl
from core.jobs import DAILY, Job

ADDON_ID = "payments"


@hookimpl
def facturo_jobs() -> list[Job]:
    """The daily reminder run."""
    from addons.payments.reminders import run_reminders

    return [
        Job(
            "reminders",
            run_reminders,
            DAILY,
            description="Send the payment reminders that are due today.",
        )
    ]


@hookimpl
def addon_activated(ctx: Any) -> None:
    """A tenant switching payments on gets a bank account and a cash register (once)."""
    from addons.payments.accounts import ensure_default_accounts

    ensure_default_accounts(ctx)


@hookimpl
def addon_settings_validate(ctx: Any, addon_id: str, settings: dict[str, Any]) -> dict[str, str]:
    """Reminder days are 0 or more and grow from the first reminder to the final notice."""
    if addon_id != ADDON_ID:
        return {}
    from addons.payments.reminders import settings_problems

    return settings_problems(settings)
