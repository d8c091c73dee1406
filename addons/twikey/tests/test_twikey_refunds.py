"""A credit note on an invoice Twikey collected offers to pay it back through Twikey."""

from decimal import Decimal

from addons.twikey.models import CollectionState, Kind
from addons.twikey.tests.flow import collections, credit, paid_by_twikey, post, run_outbox
from core.testing.web import post_form


def test_a_credit_note_on_a_collected_invoice_is_refunded_through_twikey(
        facturo_app, shop, twikey, customer, web_client):
    invoice = paid_by_twikey(facturo_app, shop, twikey, customer)
    note_id, number = credit(facturo_app, shop, invoice.id)
    client = web_client(shop, language="en")
    page = client.get(f"/documents/{note_id}").text
    assert "The invoice this credit note corrects was collected by Twikey." in page
    assert f'href="/apps/twikey/documents/{note_id}/refund"' in page
    assert post_form(client, f"/apps/twikey/documents/{note_id}/refund").status_code == 303
    assert run_outbox(facturo_app).done == 1
    [refund] = twikey.calls_to("POST", "/creditor/transfer")
    assert refund.form == {"customerNumber": refund.form["customerNumber"],
                           "iban": "BE68539007547034", "message": number,
                           "amount": "121.00", "ref": number}
    assert refund.headers["idempotency-key"] == f"facturo-{shop.id}-{number}-refund-1"
    row = next(c for c in collections(facturo_app, shop) if c.kind == Kind.REFUND)
    assert (row.state, row.amount) == (CollectionState.PENDING, Decimal("121.00"))
    assert post_form(client, f"/apps/twikey/documents/{note_id}/refund").status_code == 303
    assert len(collections(facturo_app, shop)) == 2
    assert "sent to Twikey" in client.get(f"/documents/{note_id}").text


def test_a_credit_note_of_an_invoice_not_collected_offers_no_refund(
        facturo_app, shop, twikey, customer, web_client):
    invoice = post(facturo_app, shop, customer)
    note_id, _number = credit(facturo_app, shop, invoice.id)
    client = web_client(shop, language="en")
    assert "/refund" not in client.get(f"/documents/{note_id}").text
    post_form(client, f"/apps/twikey/documents/{note_id}/refund")
    assert collections(facturo_app, shop) == []
