"""The payments pages under /apps/payments/: list, record form, matching, open invoices,
cash book, dashboard cards; 404 where the addon is off."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from addons.payments.accounts import default_account
from addons.payments.matching import BankLine, import_bank_lines
from addons.payments.models import AccountKind
from core.documents.models import Document, DocumentState
from core.testing.web import post_form

pytestmark = pytest.mark.sqlite_only


def test_pages_render_and_a_payment_is_recorded_through_the_form(
    facturo_app, shop, new_customer, post_invoice, web_client
):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00", issue_date=date(2026, 1, 5))
    client = web_client(shop, language="en")
    for url in ("/apps/payments/", "/apps/payments/?show=unmatched", "/apps/payments/receivables",
                "/apps/payments/receivables?show=overdue", "/apps/payments/cash-book",
                "/apps/payments/record", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Overdue invoices" in client.get("/").text
    form = client.get(f"/apps/payments/record?invoice={invoice_id}")
    assert 'value="121.00"' in form.text
    with facturo_app.tenant_context(shop.id) as ctx:
        account_id = default_account(ctx).id
    refused = post_form(client, "/apps/payments/record", {
        "invoice": str(invoice_id), "amount": "500", "date": "2026-03-01",
        "account": str(account_id), "reference": "mijn betaling",
    })
    assert refused.status_code == 422
    assert "still open on invoice" in refused.text and 'value="mijn betaling"' in refused.text
    bad_date = post_form(client, "/apps/payments/record", {
        "invoice": str(invoice_id), "amount": "50", "date": "gisteren", "account": str(account_id),
    })
    assert bad_date.status_code == 422 and 'value="gisteren"' in bad_date.text
    done = post_form(client, "/apps/payments/record", {
        "invoice": str(invoice_id), "amount": "50,00", "date": "01/03/2026",
        "account": str(account_id),
    })
    assert done.status_code == 303
    listing = client.get("/apps/payments/")
    assert "Payment of" in listing.text and "F2026" in listing.text
    with facturo_app.tenant_context(shop.id) as ctx:
        doc = ctx.session.get(Document, invoice_id)
        assert (doc.state, doc.amount_paid) == (DocumentState.PARTIALLY_PAID, Decimal("50.00"))
    receivables = client.get("/apps/payments/receivables").text
    assert "71,00" in receivables and "Overdue" in receivables


def test_unmatched_payment_matched_on_its_page_and_deleted(
    facturo_app, shop, new_customer, post_invoice, web_client
):
    invoice_id = post_invoice(shop, new_customer(shop, "Janssens BV"), "100.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        result = import_bank_lines(ctx, default_account(ctx), [
            BankLine(date(2026, 3, 20), "121.00", "factuur", "JANSSENS BV")
        ])
        payment_id = result.unmatched[0].id
    client = web_client(shop, language="en")
    page = client.get(f"/apps/payments/{payment_id}/match")
    assert page.status_code == 200 and "Suggested invoices" in page.text
    assert client.get("/apps/payments/999999/match").status_code == 404
    matched = post_form(client, f"/apps/payments/{payment_id}/match",
                        {"invoice": str(invoice_id)})
    assert matched.status_code == 303
    with facturo_app.tenant_context(shop.id) as ctx:
        assert ctx.session.get(Document, invoice_id).state == DocumentState.PAID
    assert post_form(client, f"/apps/payments/{payment_id}/delete").status_code == 303
    with facturo_app.tenant_context(shop.id) as ctx:
        assert ctx.session.get(Document, invoice_id).state == DocumentState.POSTED


def test_cash_book_page_shows_the_running_balance(facturo_app, shop, web_client):
    from addons.payments.service import record_movement

    with facturo_app.tenant_context(shop.id) as ctx:
        till = default_account(ctx, AccountKind.CASH)
        record_movement(ctx, "40.00", date(2026, 3, 2), till, description="Verkoop")
        record_movement(ctx, "-15.00", date(2026, 3, 3), till, description="Koffie")
        till_id = till.id
    client = web_client(shop, language="en")
    page = client.get(f"/apps/payments/cash-book?account={till_id}&from=2026-03-03")
    assert page.status_code == 200
    assert "Koffie" in page.text and "Verkoop" not in page.text
    assert "40,00" in page.text and "25,00" in page.text
    assert client.get("/apps/payments/cash-book?from=bad").status_code == 200


def test_pages_answer_404_where_payments_is_off(make_tenant, web_client):
    tenant = make_tenant("Zonder Betalingen")
    client = web_client(tenant, language="en")
    assert client.get("/apps/payments/").status_code == 404
    assert "Overdue invoices" not in client.get("/").text
