"""Hook implementations of the payments addon."""

from __future__ import annotations

from typing import Any

from core.api import DAILY, Job, hookimpl

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


@hookimpl
def facturo_routes() -> list[Any]:
    """Payments, recording, matching, open invoices and the cash book under /apps/payments/."""
    from addons.payments.web import routes

    return list(routes)


@hookimpl
def facturo_menu(ctx: Any) -> list[Any]:
    """Payments and open invoices in the main menu."""
    from addons.payments.translation import _
    from core.api import MenuItem

    return [
        MenuItem(_("Payments"), "/apps/payments/", icon="euro", order=40),
        MenuItem(_("Open invoices"), "/apps/payments/receivables", icon="clock", order=41),
    ]


@hookimpl
def ui_slot(ctx: Any, name: str, obj: Any) -> str | None:
    """The overdue invoices and the payments to match, as cards on the dashboard."""
    if name != "dashboard.cards":
        return None
    from addons.payments.dashboard import dashboard_cards

    return dashboard_cards(ctx)
