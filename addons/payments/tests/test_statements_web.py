"""The statement importer's pages: upload → check → import, proposals confirmed with a plain
form, the lines left to handle, bad files refused with the reason, other tenants kept out."""

from __future__ import annotations

from decimal import Decimal

from addons.payments.tests.test_statements_import import coda, ref_of
from core.documents.models import Document, DocumentState
from core.testing.web import csrf_token, post_form

BASE = "/apps/payments/statements"


def upload(client, data: bytes, name: str = "statement.cod", account: str = ""):
    return client.post(f"{BASE}/import", data={"csrf_token": csrf_token(client),
                                               "account": account},
                       files={"file": (name, data, "application/octet-stream")},
                       follow_redirects=False)


def test_statement_imported_in_three_steps_and_a_proposal_confirmed(
    facturo_app, shop, new_customer, post_invoice, web_client
):
    paid_by_ref = post_invoice(shop, new_customer(shop, "Janssens BV"), "100.00")
    by_name = post_invoice(shop, new_customer(shop, "Bakkerij Willems"), "50.00")
    ref = ref_of(facturo_app, shop, paid_by_ref)
    statement = coda(1, ("121.00", ref, "Janssens BV"), ("60.50", "", "WILLEMS BAKKERIJ"),
                     ("9.99", "", "Onbekend"))
    client = web_client(shop, language="en")
    assert client.get(f"{BASE}/import").status_code == 200
    step1 = upload(client, statement)
    assert step1.status_code == 303
    check_url = step1.headers["location"]
    step2 = client.get(check_url)
    assert step2.status_code == 200
    assert "Matched on the structured communication" in step2.text
    assert "Proposal to confirm" in step2.text and "To handle" in step2.text
    with facturo_app.tenant_context(shop.id) as ctx:
        assert ctx.session.get(Document, paid_by_ref).state == DocumentState.POSTED
    account = check_url.split("account=")[1]
    step3 = post_form(client, check_url.split("?")[0], {"account": account})
    assert step3.status_code == 303 and step3.headers["location"].endswith("/proposals")
    page = client.get(f"{BASE}/proposals")
    assert "3 lines imported, 1 matched." in page.text
    assert "WILLEMS BAKKERIJ" in page.text and "Onbekend" in page.text
    with facturo_app.tenant_context(shop.id) as ctx:
        assert ctx.session.get(Document, paid_by_ref).state == DocumentState.PAID
        number = ctx.session.get(Document, by_name).number
    payment_id = page.text.split(f"{BASE}/proposals/")[1].split("/confirm")[0]
    confirmed = post_form(client, f"{BASE}/proposals/{payment_id}/confirm",
                          {"invoice": str(by_name)})
    assert confirmed.status_code == 303
    assert f"The payment is matched to {number}." in client.get(f"{BASE}/proposals").text
    with facturo_app.tenant_context(shop.id) as ctx:
        doc = ctx.session.get(Document, by_name)
        assert (doc.state, doc.amount_paid) == (DocumentState.PAID, Decimal("60.50"))
    again = upload(client, statement)
    post_form(client, again.headers["location"].split("?")[0],
              {"account": again.headers["location"].split("account=")[1]})
    assert "0 lines imported, 0 matched, 3 imported before and skipped." in client.get(
        f"{BASE}/proposals").text


def test_bad_file_is_refused_with_the_reason(shop, web_client):
    client = web_client(shop, language="en")
    refused = upload(client, b"Datum;Bedrag\n01/03/2026;12,00\n", "export.csv")
    assert refused.status_code == 422
    assert "not a CODA file nor a CSV export of KBC" in refused.text
    nothing = client.post(f"{BASE}/import", data={"csrf_token": csrf_token(client)},
                          follow_redirects=False)
    assert nothing.status_code == 422
    dutch = web_client(shop).get(f"{BASE}/import").text
    assert "Een CODA-bestand, of een CSV-export van KBC" in dutch and "Uittrekselbestand" in dutch


def test_other_tenants_cannot_see_an_upload_nor_confirm_a_line(
    facturo_app, shop, make_tenant, new_customer, post_invoice, web_client
):
    other = make_tenant("Slagerij Maes", addons=("payments",))
    theirs = post_invoice(other, new_customer(other, "Janssens BV"), "100.00")
    mine = post_invoice(shop, new_customer(shop, "Janssens BV"), "100.00")
    client = web_client(shop, language="en")
    step1 = upload(client, coda(1, ("121.00", "", "Janssens")))
    post_form(client, step1.headers["location"].split("?")[0],
              {"account": step1.headers["location"].split("account=")[1]})
    page = client.get(f"{BASE}/proposals").text
    payment_id = page.split(f"{BASE}/proposals/")[1].split("/confirm")[0]
    intruder = web_client(other, language="en")
    assert intruder.get(step1.headers["location"]).status_code == 404
    assert post_form(intruder, f"{BASE}/proposals/{payment_id}/confirm",
                     {"invoice": str(theirs)}).status_code == 404
    wrong = post_form(client, f"{BASE}/proposals/{payment_id}/confirm", {"invoice": str(theirs)})
    assert wrong.status_code == 303
    assert "does not hold any more" in client.get(f"{BASE}/proposals").text
    with facturo_app.tenant_context(other.id) as ctx:
        assert ctx.session.get(Document, theirs).state == DocumentState.POSTED
    with facturo_app.tenant_context(shop.id) as ctx:
        assert ctx.session.get(Document, mine).state == DocumentState.POSTED


def test_pages_answer_404_where_payments_is_off(make_tenant, web_client):
    tenant = make_tenant("Zonder Betalingen")
    client = web_client(tenant, language="en")
    assert client.get(f"{BASE}/import").status_code == 404
    assert client.get(f"{BASE}/proposals").status_code == 404

