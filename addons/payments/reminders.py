"""Automatic payment reminders: first reminder, second reminder, final notice.

The rules are the addon's settings: `enabled`, and for each level the number of days after
the due date (`first_reminder_days`, `second_reminder_days`, `final_notice_days`). The due
date already reflects the customer's own payment term.

**Decision:** levels go in order, each once per invoice. A level is due on the due date plus
its days, and never sooner after the previous level than the gap between the two settings:
an invoice found 40 days late gets its first reminder now and its second one 7 days later
(with the defaults), never three e-mails on one day. Sending means queuing an e-mail in the
outbox (`queue_reminder_email`); a reminder is recorded even when the customer has no
e-mail address (status `no_address`), so that the list shows who must be called instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from addons.payments.models import PaymentReminder, ReminderStatus
from addons.payments.receivables import overdue_invoices
from addons.payments.requests import pay_to
from addons.payments.texts import FINAL, FIRST, LEVELS, SECOND, default_text, template_kind
from addons.payments.translation import N_, _
from core.api import (
    Contact,
    Document,
    Formatter,
    MailText,
    OutboxMessage,
    Tenant,
    email_for,
    job_time,
    kind_of,
    ogm,
    template_for,
)
from core.api import render_placeholders as render

if TYPE_CHECKING:
    from core.api import Context

ADDON_ID = "payments"
LOCAL_TIME = ZoneInfo("Europe/Brussels")
SETTING_OF_LEVEL = {
    FIRST: "first_reminder_days",
    SECOND: "second_reminder_days",
    FINAL: "final_notice_days",
}
LEVEL_LABELS = {
    FIRST: N_("First reminder"),
    SECOND: N_("Second reminder"),
    FINAL: N_("Final notice"),
}
MSG_DAYS = N_("a whole number of days, 0 or more")
MSG_ORDER = N_("must be more days than the %(previous)s")


@dataclass(frozen=True)
class ReminderRules:
    """Whether reminders go out, and after how many days past the due date, per level."""

    enabled: bool
    days: Mapping[int, int]

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> ReminderRules:
        """The rules from the addon's settings (already validated and typed)."""
        return cls(
            bool(settings.get("enabled", True)),
            {level: int(settings[key]) for level, key in SETTING_OF_LEVEL.items()},
        )

    def next_level(self, due_date: date, sent: Mapping[int, date], today: date) -> int | None:
        """The level to send today for an invoice due on `due_date`, given the levels sent
        (level → date), or None."""
        last = max(sent, default=0)
        upcoming = [level for level in LEVELS if level > last]
        if not upcoming:
            return None
        level = upcoming[0]
        earliest = due_date + timedelta(days=self.days[level])
        if last:
            gap = self.days[level] - self.days[last]
            earliest = max(earliest, sent[last] + timedelta(days=gap))
        return level if today >= earliest else None


def rules(ctx: Context) -> ReminderRules:
    """The tenant's reminder rules."""
    return ReminderRules.from_settings(ctx.addon_settings(ADDON_ID))


def settings_problems(settings: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with reminder settings: negative days, or levels not in order."""
    problems: dict[str, str] = {}
    previous: tuple[str, int] | None = None
    for level in LEVELS:
        key = SETTING_OF_LEVEL[level]
        value = settings.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems[key] = _(MSG_DAYS)
            continue
        if previous is not None and value <= previous[1]:
            problems[key] = _(MSG_ORDER) % {"previous": _(LEVEL_LABELS[level - 1]).lower()}
        previous = (key, value)
    return problems


def local_today() -> date:
    """Today in Belgium, at the moment the running job runs for."""
    return job_time().astimezone(LOCAL_TIME).date()


def sent_levels(ctx: Context, document_ids: list[int]) -> dict[int, dict[int, date]]:
    """The reminders already sent, per invoice: level → date."""
    found: dict[int, dict[int, date]] = {}
    if not document_ids:
        return found
    rows = ctx.session.execute(
        select(PaymentReminder.document_id, PaymentReminder.level, PaymentReminder.sent_on)
        .where(PaymentReminder.document_id.in_(document_ids))
    )
    for document_id, level, sent_on in rows:
        found.setdefault(document_id, {})[level] = sent_on
    return found


def reminders_of(ctx: Context, invoice: Document | int) -> list[PaymentReminder]:
    """The reminders of an invoice, by level."""
    document_id = invoice.id if isinstance(invoice, Document) else invoice
    return list(
        ctx.session.scalars(
            select(PaymentReminder)
            .where(PaymentReminder.document_id == document_id)
            .order_by(PaymentReminder.level)
        )
    )


def due_reminders(ctx: Context, today: date) -> list[tuple[Document, int]]:
    """The overdue invoices that get a reminder today, with the level."""
    current = rules(ctx)
    if not current.enabled:
        return []
    overdue = overdue_invoices(ctx, today)
    sent = sent_levels(ctx, [doc.id for doc in overdue])
    due = []
    for doc in overdue:
        assert doc.due_date is not None
        level = current.next_level(doc.due_date, sent.get(doc.id, {}), today)
        if level is not None:
            due.append((doc, level))
    return due


def send_due_reminders(ctx: Context, today: date | None = None) -> list[PaymentReminder]:
    """Send every reminder due today (nothing when reminders are switched off)."""
    today = today or local_today()
    return [send_reminder(ctx, doc, level, today) for doc, level in due_reminders(ctx, today)]


def send_reminder(ctx: Context, invoice: Document, level: int, today: date) -> PaymentReminder:
    """Send one level of reminder for an invoice and record it; a level already sent is
    returned as it was (nothing is sent twice)."""
    existing = _recorded(ctx, invoice.id, level)
    if existing is not None:
        return existing
    recipient = reminder_address(ctx, invoice)
    message = queue_reminder_email(ctx, invoice, level, recipient) if recipient else None
    reminder = PaymentReminder(
        document_id=invoice.id,
        level=level,
        sent_on=today,
        amount_due=invoice.open_amount,
        recipient=recipient or "",
        status=ReminderStatus.QUEUED if message is not None else ReminderStatus.NO_ADDRESS,
        outbox_message_id=message.id if message is not None else None,
    )
    try:
        with ctx.session.begin_nested():
            ctx.session.add(reminder)
    except IntegrityError:
        found = _recorded(ctx, invoice.id, level)
        if found is None:
            raise
        return found
    return reminder


def _recorded(ctx: Context, document_id: int, level: int) -> PaymentReminder | None:
    return ctx.session.scalars(
        select(PaymentReminder).where(
            PaymentReminder.document_id == document_id, PaymentReminder.level == level
        )
    ).first()


def reminder_address(ctx: Context, invoice: Document) -> str | None:
    """Where the customer gets its invoices (the alternative address for invoices first)."""
    contact = ctx.session.get(Contact, invoice.customer_id)
    if contact is None:
        return None
    return email_for(ctx, contact, invoice.kind) or None


def reminder_text(ctx: Context, level: int, language: str) -> MailText:
    """The tenant's own text for a level and language, else the built-in one."""
    return template_for(ctx.session, template_kind(level), language,
                        default=default_text(level, language))


def placeholder_values(ctx: Context, invoice: Document) -> dict[str, str]:
    """The values of the e-mail placeholders for an invoice, in its language; the account
    is the one customers are asked to pay on (`addons.payments.requests`)."""
    fmt = Formatter(invoice.language, invoice.currency)
    tenant = ctx.session.get(Tenant, ctx.tenant_id)
    party = invoice.party or {}
    return {
        "number": invoice.number or "",
        "document_title": kind_of(ctx, invoice.kind).label(invoice.language),
        "issue_date": fmt.date(invoice.issue_date),
        "due_date": fmt.date(invoice.due_date),
        "total": fmt.money(invoice.total_incl_vat),
        "amount_due": fmt.money(invoice.open_amount),
        "structured_communication": (
            ogm.display(invoice.structured_ref) if invoice.structured_ref else ""
        ),
        "iban": pay_to(ctx).iban,
        "customer_name": str(party.get("name") or ""),
        "company_name": tenant.name if tenant is not None else "",
    }


def queue_reminder_email(
    ctx: Context, invoice: Document, level: int, recipient: str
) -> OutboxMessage:
    """Queue the reminder e-mail of a level for an invoice in the tenant's outbox.

    Keyed on the invoice and the level, so the same reminder is never queued twice. The
    message is not the invoice's own e-mail, so delivering it does not mark the invoice sent.
    """
    from core.api import enqueue_mail

    text = reminder_text(ctx, level, invoice.language)
    values = placeholder_values(ctx, invoice)
    return enqueue_mail(
        ctx,
        to=[part.strip() for part in recipient.split(",") if part.strip()],
        subject=render(text.subject, values),
        body_text=render(text.body, values),
        idempotency_key=f"payments:reminder:{invoice.id}:{level}",
    )


def run_reminders(ctx: Context) -> None:
    """The daily job: send the reminders due today for this tenant."""
    send_due_reminders(ctx, local_today())
