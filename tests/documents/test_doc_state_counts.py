"""The counts of a list filtered by state (open, overdue, a state): exact up to the cap, the
cap beyond it, and only the tenant's own documents."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert

from core.contacts import service
from core.db.base import utcnow
from core.documents.listing import list_documents
from core.documents.models import Document

TODAY = date(2026, 6, 30)


def _invoices(facturo_app, tenant_id: int, customer_id: int, count: int) -> list[dict]:
    rows = []
    for i in range(count):
        issued = TODAY - timedelta(days=i)
        paid = Decimal("121.00") if i % 3 == 0 else Decimal("0")  # a third paid
        rows.append({
            "tenant_id": tenant_id, "kind": "invoice", "state": "paid" if paid else "posted",
            "number": f"F{tenant_id}-{i:04d}", "customer_id": customer_id, "attention": "",
            "issue_date": issued, "due_date": issued + timedelta(days=10),
            "payment_term_days": 10, "vat_regime": "standard", "language": "nl",
            "currency": "EUR", "structured_ref": f"{tenant_id:03d}{i:09d}",
            "total_excl_vat": Decimal("100.00"), "total_vat": Decimal("21.00"),
            "total_incl_vat": Decimal("121.00"), "amount_paid": paid,
            "amount_credited": Decimal(0), "party": {}, "notes": "", "internal_note": "",
            "custom_data": {}, "posted_at": utcnow(), "created_at": utcnow(),
            "updated_at": utcnow(),
        })
    with facturo_app.db.session(tenant_id) as session:
        session.execute(insert(Document.__table__), rows)
    return rows


def test_state_filters_count_right_up_to_the_cap(facturo_app, in_tenant, make_tenant, tenant):
    other = make_tenant("Other", slug="other")
    written = {}
    for owner in (tenant, other):
        with in_tenant(owner) as ctx:
            customer = service.create_customer(ctx, {"name": f"Klant {owner.id}"})
        written[owner.id] = _invoices(facturo_app, owner.id, customer.id,
                                      30 if owner is tenant else 40)
    open_rows = [r for r in written[tenant.id] if r["state"] == "posted"]
    overdue = [r for r in open_rows if r["due_date"] < TODAY]
    with in_tenant(tenant) as ctx:
        for state, expected in (("open", 20), ("overdue", len(overdue)), ("paid", 10),
                                ("posted", 20)):
            counted = list_documents(ctx, kind="invoice", state=state, today=TODAY)
            assert (counted.total, counted.exact) == (expected, True), state
            capped = list_documents(ctx, kind="invoice", state=state, today=TODAY,
                                    count_limit=5, summary=True)
            assert (capped.total, capped.exact) == (5, False), state
            roomy = list_documents(ctx, kind="invoice", state=state, today=TODAY,
                                   count_limit=expected, per_page=7, summary=True)
            assert (roomy.total, roomy.exact) == (expected, True), state
            assert len(roomy.items) == min(7, expected)
        newest = list_documents(ctx, kind="invoice", state="open", today=TODAY, per_page=3,
                                count_limit=5, summary=True)
        assert [row.document.number for row in newest.items] == [
            r["number"] for r in sorted(open_rows, key=lambda r: r["issue_date"],
                                        reverse=True)[:3]]
