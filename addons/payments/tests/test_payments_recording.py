"""Recording payments against invoices: states, several payments, overpayment, deletion,
credit notes, and money received before it is matched."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from addons.payments.accounts import default_account
from addons.payments.errors import Overpayment, PaymentError
from addons.payments.models import AccountKind
from addons.payments.service import (
    allocate,
    delete_payment,
    list_payments,
    payments_of,
    record_movement,
    record_payment,
    unallocate,
)
from core.documents.credit import create_credit_note
from core.documents.errors import DocumentError
from core.documents.models import Document, DocumentState
from core.documents.posting import post_document
from core.documents.service import create_document


def invoice_state(app, tenant, invoice_id):
    with app.tenant_context(tenant.id) as ctx:
        doc = ctx.session.get(Document, invoice_id)
        return doc.state, doc.amount_paid, doc.open_amount


def test_partial_then_full_payment(facturo_app, shop, new_customer, post_invoice):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")  # 121.00 incl. VAT
    assert invoice_state(facturo_app, shop, invoice_id) == (
        DocumentState.POSTED, Decimal("0.00"), Decimal("121.00")
    )
    with facturo_app.tenant_context(shop.id) as ctx:
        record_payment(ctx, invoice_id, "50,00", date(2026, 3, 10))
    assert invoice_state(facturo_app, shop, invoice_id) == (
        DocumentState.PARTIALLY_PAID, Decimal("50.00"), Decimal("71.00")
    )
    with facturo_app.tenant_context(shop.id) as ctx:
        record_payment(ctx, invoice_id, Decimal("21.00"), date(2026, 3, 12))
        record_payment(ctx, invoice_id, "50", date(2026, 3, 15))
    assert invoice_state(facturo_app, shop, invoice_id) == (
        DocumentState.PAID, Decimal("121.00"), Decimal("0.00")
    )
    with facturo_app.tenant_context(shop.id) as ctx:
        seen = payments_of(ctx, invoice_id)
        assert [(p.payment.date.day, p.amount) for p in seen] == [
            (10, Decimal("50.00")), (12, Decimal("21.00")), (15, Decimal("50.00"))
        ]
        invoice = ctx.session.get(Document, invoice_id)
        assert seen[0].payment.structured_ref == invoice.structured_ref
        assert seen[0].payment.account_id == default_account(ctx).id


def test_overpayment_is_refused_and_changes_nothing(
    facturo_app, shop, new_customer, post_invoice
):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        record_payment(ctx, invoice_id, "100.00")
    with pytest.raises(Overpayment, match="more than the 21,00\xa0€ still open on invoice F2026"), \
            facturo_app.tenant_context(shop.id, language="en") as ctx:
        record_payment(ctx, invoice_id, "21.01")
    assert invoice_state(facturo_app, shop, invoice_id)[1] == Decimal("100.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        assert len(payments_of(ctx, invoice_id)) == 1
        record_payment(ctx, invoice_id, "21.00")
    with pytest.raises(PaymentError, match="paid in full"), \
            facturo_app.tenant_context(shop.id, language="en") as ctx:
        record_payment(ctx, invoice_id, "1")


def test_bad_amounts_and_drafts_are_refused(facturo_app, shop, new_customer, post_invoice):
    customer = new_customer(shop)
    invoice_id = post_invoice(shop, customer, "10.00")
    for amount in ("0", "-5", "abc", "1.234"):
        with pytest.raises(PaymentError), facturo_app.tenant_context(shop.id) as ctx:
            record_payment(ctx, invoice_id, amount)
    with facturo_app.tenant_context(shop.id) as ctx:
        draft = create_document(ctx, "invoice", customer, lines=[
            {"description": "x", "unit_price": "5", "vat_rate": "21"}])
        draft_id = draft.id
    with pytest.raises(PaymentError, match="not a posted invoice"), \
            facturo_app.tenant_context(shop.id, language="en") as ctx:
        record_payment(ctx, draft_id, "1")


def test_deleting_a_payment_restores_the_state(facturo_app, shop, new_customer, post_invoice):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        first = record_payment(ctx, invoice_id, "60.00").id
        second = record_payment(ctx, invoice_id, "61.00").id
    assert invoice_state(facturo_app, shop, invoice_id)[0] == DocumentState.PAID
    with facturo_app.tenant_context(shop.id) as ctx:
        delete_payment(ctx, second)
    assert invoice_state(facturo_app, shop, invoice_id) == (
        DocumentState.PARTIALLY_PAID, Decimal("60.00"), Decimal("61.00")
    )
    with facturo_app.tenant_context(shop.id) as ctx:
        delete_payment(ctx, first)
    assert invoice_state(facturo_app, shop, invoice_id) == (
        DocumentState.POSTED, Decimal("0.00"), Decimal("121.00")
    )


def test_posted_content_stays_frozen(facturo_app, shop, new_customer, post_invoice):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        doc = ctx.session.get(Document, invoice_id)
        before = (doc.number, doc.total_incl_vat, doc.structured_ref, doc.due_date, doc.party)
        record_payment(ctx, invoice_id, "121.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        doc = ctx.session.get(Document, invoice_id)
        after = (doc.number, doc.total_incl_vat, doc.structured_ref, doc.due_date, doc.party)
    assert after == before


def test_credit_note_and_payments_share_the_open_amount(
    facturo_app, shop, new_customer, post_invoice
):
    customer = new_customer(shop)
    invoice_id = post_invoice(shop, customer, "100.00")
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        invoice = ctx.session.get(Document, invoice_id)
        line = next(line for line in invoice.lines if line.is_priced)
        note = create_credit_note(ctx, invoice_id, {line.id: "0.25"})
        post_document(ctx, note)
    with facturo_app.tenant_context(shop.id) as ctx:
        doc = ctx.session.get(Document, invoice_id)
        assert doc.amount_credited == Decimal("30.25")
        assert doc.open_amount == Decimal("121.00") - Decimal("30.25")
        with pytest.raises(Overpayment):
            record_payment(ctx, invoice_id, "90.76")
    with facturo_app.tenant_context(shop.id) as ctx:
        record_payment(ctx, invoice_id, "40.00")
    state, paid, open_amount = invoice_state(facturo_app, shop, invoice_id)
    assert (state, paid, open_amount) == (
        DocumentState.PARTIALLY_PAID, Decimal("40.00"), Decimal("50.75")
    )
    with facturo_app.tenant_context(shop.id) as ctx:
        record_payment(ctx, invoice_id, "50.75")
    assert invoice_state(facturo_app, shop, invoice_id)[:2] == (
        DocumentState.PAID, Decimal("90.75")
    )


def test_a_fully_credited_invoice_takes_no_payment(
    facturo_app, shop, new_customer, post_invoice
):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        post_document(ctx, create_credit_note(ctx, invoice_id))
    assert invoice_state(facturo_app, shop, invoice_id)[0] == DocumentState.CREDITED
    with pytest.raises(PaymentError, match="credited in full"), \
            facturo_app.tenant_context(shop.id, language="en") as ctx:
        record_payment(ctx, invoice_id, "1.00")


def test_money_received_first_is_matched_later(facturo_app, shop, new_customer, post_invoice):
    customer = new_customer(shop)
    first = post_invoice(shop, customer, "100.00")
    second = post_invoice(shop, customer, "50.00")  # 60.50
    with facturo_app.tenant_context(shop.id) as ctx:
        payment = record_movement(ctx, "200.00", date(2026, 3, 20), reference="two invoices")
        payment_id = payment.id
        assert [p.id for p in list_payments(ctx, unmatched=True)] == [payment_id]
        allocate(ctx, payment_id, first)
        allocate(ctx, payment_id, second, "30.00")
        assert payment.unallocated == Decimal("49.00")
        with pytest.raises(PaymentError, match="Only"):
            allocate(ctx, payment_id, second, "50.00")
    assert invoice_state(facturo_app, shop, first)[0] == DocumentState.PAID
    assert invoice_state(facturo_app, shop, second)[:2] == (
        DocumentState.PARTIALLY_PAID, Decimal("30.00")
    )
    with facturo_app.tenant_context(shop.id) as ctx:
        assert unallocate(ctx, payment_id, first) == Decimal("121.00")
        assert [p.id for p in list_payments(ctx, unmatched=True)] == [payment_id]
    assert invoice_state(facturo_app, shop, first)[0] == DocumentState.POSTED


def test_payments_of_another_tenant_are_out_of_reach(
    facturo_app, shop, make_tenant, new_customer, post_invoice
):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    other = make_tenant("Slagerij Maes", addons=("payments",))
    with pytest.raises(DocumentError), facturo_app.tenant_context(other.id) as ctx:
        record_payment(ctx, invoice_id, "10.00")
    with facturo_app.tenant_context(other.id) as ctx:
        cash = default_account(ctx, AccountKind.CASH)
        assert cash.kind == AccountKind.CASH
    assert invoice_state(facturo_app, shop, invoice_id)[1] == Decimal("0.00")


@pytest.mark.postgres_only
def test_two_payments_at_once_cannot_overpay(facturo_app, shop, new_customer, post_invoice):
    import threading

    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    first_holds_lock = threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        with facturo_app.tenant_context(shop.id) as ctx:
            record_payment(ctx, invoice_id, "100.00")
            first_holds_lock.set()
            threading.Event().wait(0.3)

    def second() -> None:
        first_holds_lock.wait(5)
        try:
            with facturo_app.tenant_context(shop.id) as ctx:
                record_payment(ctx, invoice_id, "100.00")
            outcome["second"] = "recorded"
        except Overpayment:
            outcome["second"] = "refused"

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcome == {"second": "refused"}
    assert invoice_state(facturo_app, shop, invoice_id)[1] == Decimal("100.00")
