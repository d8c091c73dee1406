"""Hook implementations of the payments addon."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from starlette.routing import BaseRoute
from typer import Typer

from addons.payments.accounts import ensure_default_accounts
from addons.payments.dashboard import dashboard_cards
from addons.payments.panels import customer_reminders_panel, invoice_reminders_panel
from addons.payments.reminders import run_reminders, settings_problems
from addons.payments.report import payments_section
from addons.payments.requests import pay_to, request_account
from addons.payments.service import record_payment
from addons.payments.statements.cli import cli
from addons.payments.texts import mail_text_kinds
from addons.payments.translation import _
from addons.payments.web import routes
from addons.payments.web_accounts import routes as account_routes
from addons.payments.web_reminders import routes as reminder_routes
from core.api import (
    DAILY,
    Context,
    CustomerRecord,
    Job,
    MailTextKind,
    MenuItem,
    ReportSection,
    hookimpl,
)

ADDON_ID = "payments"


@hookimpl
def facturo_jobs() -> list[Job]:
    """The daily reminder run."""
    return [
        Job(
            "reminders",
            run_reminders,
            DAILY,
            description="Send the payment reminders that are due today.",
        )
    ]


@hookimpl
def payment_account(ctx: Context) -> tuple[str, str] | None:
    """The bank account the tenant chose for payment requests, when it chose one."""
    if request_account(ctx) is None:
        return None
    chosen = pay_to(ctx)
    return chosen.iban, chosen.bic


@hookimpl
def demo_payment(ctx: Context, document_id: int, amount: Decimal, day: date) -> bool | None:
    """The demo's partly paid invoice gets a real payment on the bank account."""
    record_payment(ctx, document_id, amount, day, reference="Demo")
    return True


@hookimpl
def facturo_mail_texts(ctx: Context) -> list[MailTextKind]:
    """The three reminder e-mails, editable per language in Settings → E-mail."""
    return list(mail_text_kinds())


@hookimpl
def addon_activated(ctx: Context) -> None:
    """A tenant switching payments on gets a bank account and a cash register (once)."""
    ensure_default_accounts(ctx)


@hookimpl
def addon_settings_validate(
    ctx: Context, addon_id: str, settings: dict[str, Any]
) -> dict[str, str]:
    """Reminder days are 0 or more and grow from the first reminder to the final notice."""
    if addon_id != ADDON_ID:
        return {}

    return settings_problems(settings)


@hookimpl
def facturo_routes() -> list[BaseRoute]:
    """Payments, recording, matching, open invoices and the cash book under /apps/payments/."""
    return [*account_routes, *reminder_routes, *routes]


@hookimpl
def facturo_cli(app: Typer) -> None:
    """`facturo payments import-statement TENANT FILE`: bring a bank statement in."""
    app.add_typer(cli, name="payments")


@hookimpl
def facturo_menu(ctx: Context) -> list[MenuItem]:
    """Payments and open invoices in the main menu."""
    return [
        MenuItem(_("Payments"), "/apps/payments/", icon="euro", order=40),
        MenuItem(_("Open invoices"), "/apps/payments/receivables", icon="clock", order=41),
    ]


@hookimpl
def ui_slot(ctx: Context, name: str, obj: Any) -> str | None:
    """The overdue invoices and the payments to match, as cards on the dashboard; the
    reminders of an invoice and of a customer on their pages."""
    if name == "document.detail.panels" and obj is not None:

        return invoice_reminders_panel(ctx, obj)
    if name == "contact.detail.panels" and obj is not None:

        return customer_reminders_panel(ctx, obj)
    if name != "dashboard.cards":
        return None

    return dashboard_cards(ctx)


@hookimpl
def customer_report_sections(ctx: Context, customer: CustomerRecord) -> list[ReportSection] | None:
    """The payments received for the customer's invoices, in the customer's full report."""
    return [payments_section(ctx, customer)]
