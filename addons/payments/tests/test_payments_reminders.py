"""Automatic reminders as a scheduled job: due date + N days (the customer's own term in
the due date), each level once, only where payments is on, one failing tenant alone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from addons.payments.models import PaymentReminder, ReminderStatus
from addons.payments.reminders import ReminderRules, reminders_of, send_due_reminders
from addons.payments.service import list_payments, record_payment
from core.addons.errors import SettingsError
from core.addons.state import TenantAddon
from core.jobs import last_runs, run_due_jobs
from core.mail.models import OutboxMessage


def morning(day: date) -> datetime:
    """8 o'clock (Belgian winter time) on a day."""
    return datetime(day.year, day.month, day.day, 7, 0, tzinfo=UTC)


def levels(app, tenant, invoice_id):
    with app.tenant_context(tenant.id) as ctx:
        return [(r.level, r.sent_on) for r in reminders_of(ctx, invoice_id)]


def outbox(app, tenant):
    with app.tenant_context(tenant.id) as ctx:
        return [
            (m.to, m.subject)
            for m in ctx.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        ]


def test_levels_follow_the_due_date_with_the_customers_own_term(
    facturo_app, shop, new_customer, post_invoice
):
    customer = new_customer(shop, "Janssens BV", payment_term_days=10,
                            email="boekhouding@janssens.example")
    invoice_id = post_invoice(shop, customer, "100.00", issue_date=date(2026, 3, 2))
    default_term = post_invoice(shop, new_customer(shop, "Peeters NV"), "50.00",
                                issue_date=date(2026, 3, 2))  # tenant's 30 days: due 1/4
    run_due_jobs(facturo_app, morning(date(2026, 3, 18)))  # due 12/3 + 7 = 19/3
    assert levels(facturo_app, shop, invoice_id) == []
    report = run_due_jobs(facturo_app, morning(date(2026, 3, 19)))
    assert [(o.job, o.status) for o in report.outcomes] == [("payments.reminders", "ran")]
    assert levels(facturo_app, shop, invoice_id) == [(1, date(2026, 3, 19))]
    [(to, subject)] = outbox(facturo_app, shop)
    assert to == ["boekhouding@janssens.example"]
    assert subject.startswith("Herinnering: factuur F2026")
    assert run_due_jobs(facturo_app, morning(date(2026, 3, 19))).outcomes[0].status == "not_due"
    run_due_jobs(facturo_app, morning(date(2026, 3, 19)), force=True)
    assert len(outbox(facturo_app, shop)) == 1
    run_due_jobs(facturo_app, morning(date(2026, 3, 25)))
    assert len(levels(facturo_app, shop, invoice_id)) == 1
    run_due_jobs(facturo_app, morning(date(2026, 3, 26)))  # due + 14
    run_due_jobs(facturo_app, morning(date(2026, 4, 11)))  # due + 30
    run_due_jobs(facturo_app, morning(date(2026, 5, 30)))
    assert levels(facturo_app, shop, invoice_id) == [
        (1, date(2026, 3, 19)), (2, date(2026, 3, 26)), (3, date(2026, 4, 11))
    ]
    assert levels(facturo_app, shop, default_term) == [
        (1, date(2026, 4, 11)), (2, date(2026, 5, 30))
    ]
    subjects = [subject for _to, subject in outbox(facturo_app, shop)]
    assert sum(s.startswith("Laatste aanmaning") for s in subjects) == 1
    with facturo_app.tenant_context(shop.id) as ctx:
        body = ctx.session.scalars(select(OutboxMessage.body_text)).first()
    assert "121,00" in body and "+++" in body and "Bakkerij Peeters" in body


def test_an_invoice_found_late_gets_its_levels_spaced():
    rules = ReminderRules(True, {1: 7, 2: 14, 3: 30})
    due = date(2026, 1, 1)
    assert rules.next_level(due, {}, date(2026, 1, 7)) is None
    assert rules.next_level(due, {}, date(2026, 1, 8)) == 1
    assert rules.next_level(due, {}, date(2026, 3, 1)) == 1
    assert rules.next_level(due, {1: date(2026, 3, 1)}, date(2026, 3, 7)) is None
    assert rules.next_level(due, {1: date(2026, 3, 1)}, date(2026, 3, 8)) == 2
    sent = {1: date(2026, 3, 1), 2: date(2026, 3, 8)}
    assert rules.next_level(due, sent, date(2026, 3, 23)) is None
    assert rules.next_level(due, sent, date(2026, 3, 24)) == 3
    assert rules.next_level(due, {**sent, 3: date(2026, 3, 24)}, date(2027, 1, 1)) is None


def test_paid_invoices_and_customers_without_address(
    facturo_app, shop, new_customer, post_invoice
):
    paid = post_invoice(shop, new_customer(shop), "100.00", issue_date=date(2026, 1, 5))
    silent = post_invoice(shop, new_customer(shop, "Zonder Mail", email=None), "10.00",
                          issue_date=date(2026, 1, 5))
    with facturo_app.tenant_context(shop.id) as ctx:
        record_payment(ctx, paid, "121.00")
        sent = send_due_reminders(ctx, date(2026, 3, 1))
        assert [(r.document_id, r.level, r.status) for r in sent] == [
            (silent, 1, ReminderStatus.NO_ADDRESS)
        ]
        assert send_due_reminders(ctx, date(2026, 3, 1)) == []
    assert outbox(facturo_app, shop) == []


def test_reminders_can_be_switched_off_in_the_settings(
    facturo_app, shop, new_customer, post_invoice
):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00", issue_date=date(2026, 1, 5))
    facturo_app.addon_manager.configure(shop.id, "payments", {"enabled": "no"})
    run_due_jobs(facturo_app, morning(date(2026, 3, 1)))
    assert levels(facturo_app, shop, invoice_id) == []
    facturo_app.addon_manager.configure(
        shop.id, "payments", {"enabled": "yes", "first_reminder_days": "3"}
    )
    with pytest.raises(SettingsError, match="second_reminder_days"):
        facturo_app.addon_manager.configure(shop.id, "payments", {"second_reminder_days": 2})
    run_due_jobs(facturo_app, morning(date(2026, 3, 1)))  # ran already today
    assert levels(facturo_app, shop, invoice_id) == []
    run_due_jobs(facturo_app, morning(date(2026, 3, 2)))
    assert levels(facturo_app, shop, invoice_id) == [(1, date(2026, 3, 2))]


def test_job_runs_only_where_payments_is_on_and_survives_a_failing_tenant(
    facturo_app, make_tenant, new_customer, post_invoice
):
    broken = make_tenant("Kapotte BV", addons=("payments",))
    without = make_tenant("Zonder Betalingen")
    healthy = make_tenant("Gezonde BV", addons=("payments",))
    invoices = {
        t.slug: post_invoice(t, new_customer(t), "100.00", issue_date=date(2026, 1, 5))
        for t in (broken, without, healthy)
    }
    with facturo_app.db.session(broken.id) as session:
        session.execute(
            update(TenantAddon)
            .where(TenantAddon.addon_id == "payments")
            .values(settings={"first_reminder_days": "soon"})
        )
    report = run_due_jobs(facturo_app, morning(date(2026, 3, 1)))
    by_tenant = {o.tenant_id: o for o in report.outcomes}
    assert set(by_tenant) == {broken.id, healthy.id}
    assert by_tenant[broken.id].status == "failed" and "soon" in by_tenant[broken.id].error
    assert by_tenant[healthy.id].status == "ran"
    assert levels(facturo_app, healthy, invoices[healthy.slug]) == [(1, date(2026, 3, 1))]
    assert levels(facturo_app, broken, invoices[broken.slug]) == []
    with facturo_app.db.session(without.id) as session:
        assert session.scalars(select(PaymentReminder)).all() == []
    runs = last_runs(facturo_app, broken.id)["payments.reminders"]
    assert runs.last_run_at is None and "soon" in runs.last_error
    assert last_runs(facturo_app, without.id) == {}


def test_switched_off_behaves_as_without_and_comes_back(
    facturo_app, shop, new_customer, post_invoice
):
    customer = new_customer(shop)
    first = post_invoice(shop, customer, "100.00", issue_date=date(2026, 1, 5))
    with facturo_app.tenant_context(shop.id) as ctx:
        record_payment(ctx, first, "21.00")
    facturo_app.addon_manager.switch_off(shop.id, "payments")
    second = post_invoice(shop, customer, "100.00", issue_date=date(2026, 1, 6))
    assert run_due_jobs(facturo_app, morning(date(2026, 3, 1))).outcomes == []
    assert levels(facturo_app, shop, first) == levels(facturo_app, shop, second) == []
    assert outbox(facturo_app, shop) == []
    facturo_app.addon_manager.switch_on(shop.id, "payments")
    with facturo_app.tenant_context(shop.id) as ctx:
        assert [p.amount for p in list_payments(ctx)] == [Decimal("21.00")]
    run_due_jobs(facturo_app, morning(date(2026, 3, 1)))
    assert levels(facturo_app, shop, first) == [(1, date(2026, 3, 1))]
    assert levels(facturo_app, shop, second) == [(1, date(2026, 3, 1))]


def test_facturo_jobs_run_on_the_command_line(
    facturo_app, facturo_catalogue, shop, new_customer, post_invoice
):
    from typer.testing import CliRunner

    from core.cli.main import build_cli

    invoice_id = post_invoice(shop, new_customer(shop), "100.00", issue_date=date(2026, 1, 5))
    env = {"FACTURO_DATABASE_URL": facturo_app.settings.database_url,
           "FACTURO_SECRET_KEY": "test-secret", "COLUMNS": "200"}
    cli = build_cli(facturo_catalogue)
    result = CliRunner().invoke(cli, ["jobs", "run", "--now", "2026-03-01T08:00"], env=env)
    assert result.exit_code == 0, result.output
    assert "1 job runs, 0 failed" in result.output
    assert levels(facturo_app, shop, invoice_id) == [(1, date(2026, 3, 1))]
    bad = CliRunner().invoke(cli, ["jobs", "run", "--now", "yesterday"], env=env)
    assert bad.exit_code == 2 and "yesterday" in bad.output
