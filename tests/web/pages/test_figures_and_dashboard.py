"""Key figures (receivables, revenue per month), the document listing service, and the
dashboard that shows them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from page_helpers import title_of

from core.documents.credit import create_credit_note
from core.documents.figures import (
    MonthRevenue,
    latest_documents,
    receivables,
    revenue_between,
    revenue_by_month,
)
from core.documents.listing import list_documents, period_dates
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import apply_payment
from core.web.routes.revenue_chart import bars, revenue_svg

pytestmark = pytest.mark.sqlite_only


def test_period_dates():
    today = date(2026, 2, 17)
    assert period_dates("this_month", today) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_dates("last_month", today) == (date(2026, 1, 1), date(2026, 1, 31))
    assert period_dates("this_quarter", today) == (date(2026, 1, 1), date(2026, 3, 31))
    assert period_dates("last_year", today) == (date(2025, 1, 1), date(2025, 12, 31))
    assert period_dates("whenever", today) == (None, None)


def test_receivables_revenue_and_latest_documents(tenant, make_customer, make_invoice, work):
    customer = make_customer(tenant)
    today = date.today()
    first_of_month = today.replace(day=1)
    # 300 + 21 % = 363.00 each (1 × 100 + 2 × 100)
    old = make_invoice(tenant, customer, post=True, issue_date=first_of_month
                       - timedelta(days=45), payment_term_days=10)
    paid = make_invoice(tenant, customer, post=True, issue_date=first_of_month,
                        payment_term_days=30)
    credited = make_invoice(tenant, customer, post=True, issue_date=first_of_month,
                            payment_term_days=30)
    make_invoice(tenant, customer)  # a draft counts nowhere
    with work(tenant) as ctx:
        apply_payment(ctx, ctx.session.get(Document, paid), Decimal("63.00"))
        post_document(ctx, create_credit_note(ctx, credited, issue_date=first_of_month))
    with work(tenant) as ctx:
        owed = receivables(ctx, today)
        assert (owed.open_count, owed.open_total) == (2, Decimal("663.00"))
        assert (owed.overdue_count, owed.overdue_total) == (1, Decimal("363.00"))
        month_first, month_last = period_dates("this_month", today)
        # two invoices of 300 this month, one credited in full
        assert revenue_between(ctx, month_first, month_last) == Decimal("300.00")
        months = revenue_by_month(ctx, today, 3)
        assert [m.month for m in months][-1] == first_of_month
        assert months[-1].amount == Decimal("300.00")
        assert sum(m.amount for m in months) == Decimal("600.00")
        latest = latest_documents(ctx, 2)
        assert [row.document.kind for row in latest] == ["credit_note", "invoice"]
        page = list_documents(ctx, kind="invoice", sort="-date", per_page=2, page=2)
        assert page.total == 4 and page.pages == 2 and len(page.items) == 2
        assert page.items[-1].document.id == old


def test_the_chart_draws_one_bar_per_month_below_the_line_when_negative():
    months = [MonthRevenue(date(2026, m, 1), Decimal(v))
              for m, v in ((1, "100"), (2, "0"), (3, "-50"))]
    drawn, zero = bars(months, "en")
    assert [b.label for b in drawn] == ["Jan", "Feb", "Mar"]
    assert drawn[0].y + drawn[0].height == pytest.approx(zero, abs=0.2)
    assert drawn[1].height == 0 and drawn[2].negative and drawn[2].y == zero
    svg = str(revenue_svg(months, "Revenue <per month>", "en"))
    assert svg.count("<rect") == 3 and "Revenue &lt;per month&gt;" in svg
    assert "style=" not in svg and "<script" not in svg


@pytest.mark.parametrize(("language", "title", "open_label"), [
    ("en", "Dashboard", "Open receivables"),
    ("nl", "Dashboard", "Openstaande vorderingen"),
    ("fr", "Tableau de bord", "Créances ouvertes"),
])
def test_the_dashboard_shows_figures_chart_and_latest_documents(
    tenant, client_of, make_customer, make_invoice, language, title, open_label
):
    customer = make_customer(tenant, "Bakkerij Peeters")
    make_invoice(tenant, customer, post=True)
    page = client_of(tenant, language=language).get("/")
    assert title_of(page.text) == title
    assert open_label in page.text
    assert re.search(r"363,00\s€|€\s363,00|€363.00|363.00\s€", page.text.replace("\xa0", " ")
                     .replace("\u202f", " "))
    assert '<svg class="chart"' in page.text and page.text.count('<rect class="bar') == 12
    assert "Bakkerij Peeters" in page.text and re.search(r">F20\d{6}</a>", page.text)


def test_lists_count_up_to_a_limit(tenant, make_customer, make_invoice, work):
    from core.contacts.listing import list_contacts

    customers = [make_customer(tenant, f"Klant {n}") for n in range(4)]
    for customer in customers:
        make_invoice(tenant, customer, lines=1)
    with work(tenant) as ctx:
        assert list_contacts(ctx, count_limit=2, per_page=2).total == 3  # "more than 2"
        assert list_contacts(ctx, count_limit=10).total == 4
        capped = list_documents(ctx, kind="invoice", count_limit=2, per_page=2)
        assert (capped.total, capped.exact, len(capped.items)) == (2, False, 2)
        whole = list_documents(ctx, kind="invoice", count_limit=10)
        assert (whole.total, whole.exact) == (4, True)


def test_fast_amounts_are_written_exactly_as_babel_writes_them():
    import random

    from babel import numbers

    from core.web.formatting import LOCALES, format_currency

    rng = random.Random(5)
    for _ in range(2000):
        amount = Decimal(rng.randint(-10**9, 10**9)) / Decimal(10 ** rng.randint(0, 4))
        for language, locale in LOCALES.items():
            for currency in ("EUR", "USD", "JPY"):
                assert format_currency(amount, currency, language) == numbers.format_currency(
                    amount, currency, locale=locale), (amount, language, currency)
