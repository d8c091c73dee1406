"""Deposits kept out of the taxable base are no turnover: revenue and products sold leave them
out (and heading lines, which carry no amount)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from addons.deposits import service
from core.contacts.revenue import customer_revenue, products_sold
from core.documents.figures import revenue_between, revenue_by_month
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import create_document


def test_revenue_and_products_sold_leave_deposits_and_headings_out(
    facturo_app, in_tenant, customer_id, crate, pils
):
    with in_tenant() as ctx:
        invoice = create_document(ctx, "invoice", customer_id, lines=[
            LineData(line_type="subtitle", description="Levering maart"),
            LineData(line_type="product", product_id=pils, quantity=3),
        ])
        service.set_returns(ctx, invoice, {crate: 1})
        post_document(ctx, invoice)
        assert invoice.total_excl_vat == Decimal("46.00")  # 36.00 of pils, 10.00 of crates
        today = invoice.issue_date
        assert customer_revenue(ctx, customer_id).total == Decimal("36.00")
        assert customer_revenue(ctx, customer_id).by_year == {today.year: Decimal("36.00")}
        sold = products_sold(ctx, customer_id)
        assert [(s.product_id, s.quantity, s.amount) for s in sold] == [
            (pils, Decimal(3), Decimal("36.00"))
        ]
        first = date(today.year, 1, 1)
        assert revenue_between(ctx, first, date(today.year, 12, 31)) == Decimal("36.00")
        assert revenue_by_month(ctx, today, 1)[0].amount == Decimal("36.00")
