"""Money paid back for a posted credit note (`addons.payments.api.record_refund`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from addons.payments.api import PaymentError, PaymentSource, payments_of, record_refund
from addons.payments.service import delete_payment, list_payments
from core.documents.credit import create_credit_note
from core.documents.errors import DocumentError
from core.documents.models import Document, DocumentState
from core.documents.posting import post_document


def credited(app, tenant, invoice_id, post=True):
    """A credit note of the whole invoice (posted unless told): its id."""
    with app.tenant_context(tenant.id, write=True) as ctx:
        note = create_credit_note(ctx, invoice_id)
        if post:
            post_document(ctx, note)
        return note.id


def test_money_paid_back_is_a_payment_out_matched_to_the_credit_note(
    facturo_app, shop, new_customer, post_invoice
):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    note_id = credited(facturo_app, shop, invoice_id)
    with facturo_app.tenant_context(shop.id) as ctx:
        before = ctx.session.get(Document, note_id)
        state, total = before.state, before.total_incl_vat
        payment = record_refund(ctx, note_id, "121,00", date(2026, 3, 20),
                                source=PaymentSource.ADDON, external_id="bank:refund-1",
                                counterparty_iban="BE68539007547034")
        assert (payment.amount, payment.source) == (Decimal("-121.00"), PaymentSource.ADDON)
        assert payment.counterparty_iban == "BE68539007547034"
    with facturo_app.tenant_context(shop.id) as ctx:
        note = ctx.session.get(Document, note_id)
        assert (note.state, note.total_incl_vat) == (state, total)
        [seen] = payments_of(ctx, note_id)
        assert seen.amount == Decimal("-121.00")
        assert seen.payment.reference == note.number
        assert [p.amount for p in list_payments(ctx)] == [Decimal("-121.00")]


def test_more_than_the_credit_note_is_never_paid_back(
    facturo_app, shop, new_customer, post_invoice
):
    note_id = credited(facturo_app, shop, post_invoice(shop, new_customer(shop), "100.00"))
    with facturo_app.tenant_context(shop.id) as ctx:
        record_refund(ctx, note_id, "100.00")
    with pytest.raises(PaymentError, match=r"21,00\xa0€ of credit note .* not paid back yet"), \
            facturo_app.tenant_context(shop.id, language="en") as ctx:
        record_refund(ctx, note_id, "21.01")
    for amount in ("0", "-5"):
        with pytest.raises(PaymentError, match="above zero"), \
                facturo_app.tenant_context(shop.id, language="en") as ctx:
            record_refund(ctx, note_id, amount)
    with facturo_app.tenant_context(shop.id) as ctx:
        record_refund(ctx, note_id, "21.00")
        assert sum(p.amount for p in payments_of(ctx, note_id)) == Decimal("-121.00")


def test_only_a_posted_credit_note_is_paid_back(facturo_app, shop, new_customer, post_invoice):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    draft_id = credited(facturo_app, shop, invoice_id, post=False)
    for document_id in (invoice_id, draft_id):
        with pytest.raises(PaymentError, match="not a posted credit note"), \
                facturo_app.tenant_context(shop.id, language="en") as ctx:
            record_refund(ctx, document_id, "1.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        assert list_payments(ctx) == []
        assert ctx.session.get(Document, invoice_id).state == DocumentState.POSTED


def test_a_refund_deleted_can_be_paid_back_again(facturo_app, shop, new_customer, post_invoice):
    note_id = credited(facturo_app, shop, post_invoice(shop, new_customer(shop), "100.00"))
    with facturo_app.tenant_context(shop.id) as ctx:
        payment_id = record_refund(ctx, note_id, "121.00").id
    with facturo_app.tenant_context(shop.id) as ctx:
        delete_payment(ctx, payment_id)
    with facturo_app.tenant_context(shop.id) as ctx:
        assert payments_of(ctx, note_id) == []
        record_refund(ctx, note_id, "121.00")
        assert len(payments_of(ctx, note_id)) == 1


def test_another_companys_credit_note_is_out_of_reach(
    facturo_app, shop, new_customer, post_invoice, make_tenant
):
    note_id = credited(facturo_app, shop, post_invoice(shop, new_customer(shop), "100.00"))
    other = make_tenant("Slagerij Claes", addons=("payments",))
    with pytest.raises(DocumentError), facturo_app.tenant_context(other.id) as ctx:
        record_refund(ctx, note_id, "1.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        assert payments_of(ctx, note_id) == []
