"""Discounts in the editor: the customer's general and financial discount shown and
changeable on a draft, discounts added and removed, refused with a reason; read-only once
posted; the customer changed on the draft brings their own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from page_helpers import HTMX, post

from core.documents.models import Document


def _doc(work, tenant, doc_id):
    with work(tenant) as ctx:
        doc = ctx.session.get(Document, doc_id)
        return (doc.total_excl_vat, doc.total_vat, doc.total_incl_vat,
                [(a.kind, a.origin, a.reason, a.percent, a.amount) for a in doc.allowances])


def test_discounts_on_a_draft_in_the_editor(tenant, client_of, make_customer, work):
    loyal = make_customer(tenant, "Trouw BV", general_discount="10", financial_discount="2")
    plain = make_customer(tenant, "Gewoon NV")
    client = client_of(tenant)
    made = post(client, "/documents/invoice/new",
                {"customer_id": str(loyal), "issue_date": date.today().isoformat()})
    url = made.headers["location"]
    doc_id = int(url.rsplit("/", 1)[1])
    post(client, f"{url}/lines", {"form": "free", "line_type": "free", "description": "Werk",
                                  "quantity": "10", "unit_price": "100", "vat_rate": "21"},
         headers=HTMX)
    editor = client.get(url).text
    assert 'id="discounts"' in editor and 'value="Algemene korting"' in editor
    assert 'id="total-with-discount"' in editor
    *totals, rows = _doc(work, tenant, doc_id)
    assert totals == [D("900.00"), D("185.22"), D("1085.22")]
    assert [r[:2] for r in rows] == [("allowance", "customer"), ("cash_discount", "customer")]

    added = post(client, f"{url}/allowances", {"reason": "Actie", "value": "25,50",
                                               "mode": "amount"})
    assert added.status_code == 303 and added.headers["location"].endswith("#discounts")
    assert _doc(work, tenant, doc_id)[0] == D("874.50")
    refused = post(client, f"{url}/allowances", {"reason": "Te veel", "value": "150",
                                                 "mode": "percent"})
    assert refused.status_code == 422 and "at most 100" in refused.text
    assert len(_doc(work, tenant, doc_id)[3]) == 3  # nothing added
    with work(tenant) as ctx:
        general, cash, action = ctx.session.get(Document, doc_id).allowances
        general_id, cash_id, action_id = general.id, cash.id, action.id
    post(client, f"{url}/allowances/{general_id}", {"reason": "Algemene korting",
                                                    "value": "5", "mode": "percent"})
    post(client, f"{url}/allowances/{action_id}/delete")
    post(client, f"{url}/cash-discount", {"percent": "3", "days": "10"})
    *totals, rows = _doc(work, tenant, doc_id)
    assert rows == [("allowance", "customer", "Algemene korting", D("5.00"), None),
                    ("cash_discount", "customer", "Korting bij betaling binnen 10 dagen",
                     D("3.00"), None)]
    assert totals[0] == D("950.00") and cash_id
    assert client.post(f"{url}/allowances/999999/delete").status_code in (403, 404)

    post(client, f"{url}/header", {"customer_id": str(plain), "issue_date":
                                   date.today().isoformat(), "payment_term_days": "30"})
    assert _doc(work, tenant, doc_id)[3] == []  # the new customer has no discounts
    post(client, f"{url}/allowances", {"reason": "", "value": "2", "mode": "percent"})

    post(client, f"{url}/post")
    view = client.get(url).text
    assert 'id="discounts"' in view and "/cash-discount" not in view
    assert post(client, f"{url}/allowances", {"value": "5", "mode": "percent"}
                ).status_code == 400
