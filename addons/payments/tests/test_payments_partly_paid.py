"""Partly paid invoices: "Partly paid" on the open invoices list (Deels betaald, Partiellement
payée), and the demo's partly paid invoice with a real payment behind it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from addons.payments.models import Payment, PaymentAllocation
from addons.payments.service import record_payment
from core.demo_documents import INVOICES, demo_document, seed_documents
from core.documents.models import Document


@pytest.mark.parametrize(("language", "label"), [
    ("nl", "Deels betaald"), ("fr", "Partiellement payée"), ("en", "Partly paid")])
def test_open_invoices_say_partly_paid(
    facturo_app, shop, new_customer, post_invoice, web_client, language, label
):
    customer = new_customer(shop)
    partly = post_invoice(shop, customer, "100.00", issue_date=date.today())
    post_invoice(shop, customer, "50.00", issue_date=date.today())
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        record_payment(ctx, partly, "21.00", date.today())
    page = web_client(shop, language=language).get("/apps/payments/receivables").text
    assert page.count(f'<span class="badge partly_paid">{label}</span>') == 1
    assert page.count('<span class="badge open">') == 1


def test_the_demos_partly_paid_invoice_has_a_payment(facturo_app, shop):
    seed_documents(facturo_app, shop, issued=date(2026, 3, 2))
    [spec] = [spec for spec in INVOICES if spec.paid is not None]
    with facturo_app.tenant_context(shop.id) as ctx:
        invoice = demo_document(ctx, spec.key)
        assert invoice.amount_paid == spec.paid == Decimal("1000.00")
        assert invoice.state == "partially_paid"
        [(amount, paid_on)] = ctx.session.execute(
            select(PaymentAllocation.amount, Payment.date)
            .join(Payment, Payment.id == PaymentAllocation.payment_id)
            .where(PaymentAllocation.document_id == invoice.id)).all()
        assert amount == spec.paid and paid_on == date(2026, 3, 2)
        assert ctx.session.get(Document, invoice.id).open_amount > 0
