"""`facturo demo` gives a shop's first run real material: products with units, a quote, a
delivery note, a paid cash receipt, a paid and an overdue invoice and a credit note; a second
run adds nothing."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from addons.products.models import Product
from core.demo import seed_demo
from core.documents.models import Document, DocumentState


def snapshot(app, tenant_id):  # type: ignore[no-untyped-def]
    with app.tenant_context(tenant_id) as ctx:
        documents = list(ctx.session.scalars(select(Document)))
        products = list(ctx.session.scalars(select(Product)))
        kinds = Counter(document.kind for document in documents)
        paid = [d for d in documents
                if d.kind in ("invoice", "cash_receipt") and d.state == DocumentState.PAID]
        overdue = [d for d in documents if d.kind == "invoice"
                   and d.state == DocumentState.POSTED and d.due_date is not None
                   and d.due_date < date.today()]
        units = {product.unit for product in products}
        return kinds, len(paid), len(overdue), len(products), units


def test_the_demo_seeds_a_small_business_once(facturo_app):
    result = seed_demo(facturo_app)
    assert {"products", "quotes", "delivery_notes", "cash_receipts"} <= set(result.addons)
    kinds, paid, overdue, products, units = snapshot(facturo_app, result.tenant.id)
    assert kinds["quote"] == 1 and kinds["delivery_note"] == 1 and kinds["credit_note"] == 1
    assert kinds["cash_receipt"] == 1
    assert paid >= 2 and overdue >= 1
    assert products >= 6 and {"C62", "HUR", "MTK", "MTR"} <= units
    again = seed_demo(facturo_app)
    assert snapshot(facturo_app, again.tenant.id) == (kinds, paid, overdue, products, units)
