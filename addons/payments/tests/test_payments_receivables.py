"""Open and overdue receivables, the dashboard summary, accounts and the cash book."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from addons.payments.accounts import (
    balance,
    cash_book,
    create_account,
    default_account,
    delete_account,
    list_accounts,
)
from addons.payments.errors import PaymentError
from addons.payments.models import AccountKind
from addons.payments.receivables import (
    PaymentStatus,
    days_overdue,
    open_invoices,
    overdue_invoices,
    payment_status,
    receivables_summary,
)
from addons.payments.service import record_movement, record_payment
from core.documents.models import Document


def test_open_and_overdue_lists_and_summary(
    facturo_app, shop, make_tenant, new_customer, post_invoice
):
    quick = new_customer(shop, "Janssens BV", payment_term_days=10)
    slow = new_customer(shop, "Peeters NV", payment_term_days=60)
    late = post_invoice(shop, quick, "100.00", issue_date=date(2026, 3, 2))  # due 12/3
    not_due = post_invoice(shop, slow, "200.00", issue_date=date(2026, 3, 2))  # due 1/5
    paid = post_invoice(shop, quick, "50.00", issue_date=date(2026, 3, 3))
    half = post_invoice(shop, quick, "10.00", issue_date=date(2026, 3, 4))  # due 14/3
    other = make_tenant("Slagerij Maes", addons=("payments",))
    post_invoice(other, new_customer(other), "999.00", issue_date=date(2026, 1, 1))
    today = date(2026, 3, 20)
    with facturo_app.tenant_context(shop.id) as ctx:
        record_payment(ctx, paid, "60.50")
        record_payment(ctx, half, "2.10")
    with facturo_app.tenant_context(shop.id) as ctx:
        assert [d.id for d in open_invoices(ctx)] == [late, half, not_due]
        assert [d.id for d in overdue_invoices(ctx, today)] == [late, half]
        assert [d.id for d in overdue_invoices(ctx, today, customer_id=slow)] == []
        summary = receivables_summary(ctx, today)
        assert (summary.open_count, summary.open_total) == (3, Decimal("373.00"))
        assert (summary.overdue_count, summary.overdue_total) == (2, Decimal("131.00"))
        assert summary.not_yet_due_total == Decimal("242.00")
        docs = {d.id: d for d in ctx.session.query(Document)}
        assert payment_status(docs[late], today) == PaymentStatus.OVERDUE
        assert days_overdue(docs[late], today) == 8
        assert payment_status(docs[not_due], today) == PaymentStatus.OPEN
        assert payment_status(docs[paid], today) == PaymentStatus.PAID
        assert payment_status(docs[late], date(2026, 3, 12)) == PaymentStatus.OPEN


def test_cash_book_running_balance(facturo_app, shop, new_customer, post_invoice):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        till = create_account(ctx, "Kassa winkel", AccountKind.CASH, opening_balance="150,00")
        record_movement(ctx, "-20.00", date(2026, 3, 5), till, description="Postzegels")
        record_payment(ctx, invoice_id, "121.00", date(2026, 3, 4), till)
        record_movement(ctx, "35.50", date(2026, 3, 9), till, description="Verkoop toonbank")
        record_movement(ctx, "-100.00", date(2026, 3, 9), till, description="Naar de bank")
        record_movement(ctx, "999.00", date(2026, 3, 9), default_account(ctx))
        till_id = till.id
    with facturo_app.tenant_context(shop.id) as ctx:
        book = cash_book(ctx, till_id)
        assert book.opening == Decimal("150.00")
        assert [(e.date.day, e.amount, e.balance) for e in book.entries] == [
            (4, Decimal("121.00"), Decimal("271.00")),
            (5, Decimal("-20.00"), Decimal("251.00")),
            (9, Decimal("35.50"), Decimal("286.50")),
            (9, Decimal("-100.00"), Decimal("186.50")),
        ]
        assert book.entries[0].document_numbers and "F2026" in book.entries[0].description
        assert (book.total_in, book.total_out, book.closing) == (
            Decimal("156.50"), Decimal("120.00"), Decimal("186.50")
        )
        later = cash_book(ctx, till_id, date_from=date(2026, 3, 6), date_to=date(2026, 3, 31))
        assert later.opening == Decimal("251.00")
        assert [e.balance for e in later.entries] == [Decimal("286.50"), Decimal("186.50")]
        assert balance(ctx, till_id, date(2026, 3, 4)) == Decimal("271.00")
        assert balance(ctx, till_id) == Decimal("186.50")


def test_accounts_seeded_validated_and_kept(facturo_app, shop):
    with facturo_app.tenant_context(shop.id) as ctx:
        accounts = list_accounts(ctx)
        assert [(a.kind, a.is_default) for a in accounts] == [
            (AccountKind.BANK, True), (AccountKind.CASH, False)
        ]
        bank = create_account(ctx, "KBC zicht", iban="be71 0961 2345 6769", is_default=True)
        assert bank.iban == "BE71096123456769"
        assert default_account(ctx).id == bank.id
        with pytest.raises(PaymentError):
            create_account(ctx, "Foute", iban="BE00 1234 5678 9012")
        with pytest.raises(PaymentError):
            create_account(ctx, "kbc ZICHT")
        record_movement(ctx, "10.00", date(2026, 3, 1), bank)
        with pytest.raises(PaymentError):
            delete_account(ctx, bank)
        spare = create_account(ctx, "Spaar")
        delete_account(ctx, spare)
    facturo_app.addon_manager.switch_off(shop.id, "payments")
    facturo_app.addon_manager.switch_on(shop.id, "payments")
    with facturo_app.tenant_context(shop.id) as ctx:
        assert len(list_accounts(ctx)) == 3


def test_dates_far_apart_keep_their_order(facturo_app, shop):
    with facturo_app.tenant_context(shop.id) as ctx:
        till = default_account(ctx, AccountKind.CASH)
        start = date(2025, 12, 30)
        for offset in (5, 0, 3):
            record_movement(ctx, "1.00", start + timedelta(days=offset), till)
        book = cash_book(ctx, till)
        assert [e.date for e in book.entries] == sorted(e.date for e in book.entries)
        assert book.closing == Decimal("3.00")
