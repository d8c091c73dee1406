"""Cash receipts: the kind, its own gapless numbering, paid at once, revenue, on and off."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from addons.cash_receipts import hooks
from addons.cash_receipts.service import CashReceiptError, method_of, set_method
from core.contacts.revenue import customer_revenue
from core.documents.credit import create_credit_note
from core.documents.errors import DocumentLocked, ValidationFailed
from core.documents.figures import receivables, revenue_between
from core.documents.kinds import UnknownKind, available, kind_of
from core.documents.models import Document, DocumentState
from core.documents.posting import post_document
from core.documents.service import create_document

YEAR = date.today().year


def test_the_kind_is_a_sale_paid_at_once(facturo_app, shop, walk_in, make_receipt):
    customer = walk_in(shop)
    with facturo_app.tenant_context(shop.id) as ctx:
        kind = kind_of(ctx, "cash_receipt")
        assert kind in available(ctx) and kind.addon_id == "cash_receipts"
        assert [kind.label(lang) for lang in ("nl", "fr", "en", "de")] == [
            "Kasticket", "Ticket de caisse", "Cash receipt", "Kassenbon"]
        assert [kind.plural(lang) for lang in ("nl", "fr", "en")] == [
            "Kastickets", "Tickets de caisse", "Cash receipts"]
        assert (kind.vat_sale, kind.is_credit, kind.payable, kind.takes_payment) == (
            True, False, False, True)
        receipt = make_receipt(ctx, customer, "10.00")
        assert (receipt.due_date, receipt.structured_ref) == (None, None)
        assert receipt.state == DocumentState.POSTED  # no payments app: simply posted
        assert receipt.amount_paid == Decimal(0)
        assert receivables(ctx).open_count == 0  # it asks for no payment


def test_the_numbering_is_its_own_and_gapless(facturo_app, shop, walk_in, make_receipt):
    customer = walk_in(shop)
    with facturo_app.tenant_context(shop.id) as ctx:
        first = make_receipt(ctx, customer)
        empty = create_document(ctx, "cash_receipt", customer)
        with pytest.raises(ValidationFailed):
            post_document(ctx, empty)  # a refused posting burns no number
        invoice = post_document(ctx, create_document(ctx, "invoice", customer, lines=[
            {"description": "Werk", "unit_price": "50", "vat_rate": "21"}]))
        second = make_receipt(ctx, customer)
        assert [first.number, second.number] == [f"KT{YEAR}-0001", f"KT{YEAR}-0002"]
        assert invoice.number is not None and not invoice.number.startswith("KT")
        assert empty.number is None and empty.is_draft


def test_revenue_is_invoices_and_receipts_less_credit_notes(
    facturo_app, shop, walk_in, make_receipt
):
    customer = walk_in(shop)
    with facturo_app.tenant_context(shop.id) as ctx:
        make_receipt(ctx, customer, "50.00")
        make_receipt(ctx, customer, "30.00", kind="invoice")
        receipt = make_receipt(ctx, customer, "20.00")
        post_document(ctx, create_credit_note(ctx, receipt))
        make_receipt(ctx, customer, "99.00", posted=False)  # a draft counts for nothing
        assert customer_revenue(ctx, customer).total == Decimal("80.00")
        today = date.today()
        assert revenue_between(ctx, today, today) == Decimal("80.00")


def test_the_method_is_chosen_on_the_draft_and_printed_on_the_posted_receipt(
    facturo_app, shop, walk_in, make_receipt
):
    customer = walk_in(shop)
    with facturo_app.tenant_context(shop.id) as ctx:
        draft = make_receipt(ctx, customer, posted=False)
        assert ctx.fragments("document_pdf_blocks", document=draft) == []
        with pytest.raises(CashReceiptError, match="cash or by card"):
            set_method(ctx, draft, "cheque")
        set_method(ctx, draft, "card")
        receipt = post_document(ctx, draft)
        [(addon, html)] = ctx.fragments("document_pdf_blocks", document=receipt)
        assert addon == "cash_receipts"
        assert "<strong>Betaald</strong>" in html and "Betaalwijze: Kaart" in html
        with pytest.raises(DocumentLocked):
            set_method(ctx, receipt, "cash")
        invoice = make_receipt(ctx, customer, kind="invoice")
        with pytest.raises(CashReceiptError, match="not a cash receipt"):
            set_method(ctx, invoice, "card")
        assert ctx.fragments("document_pdf_blocks", document=invoice) == []


def test_the_demo_gets_one_receipt_for_a_walk_in_customer(facturo_app, shop):
    for _run in range(2):
        with facturo_app.tenant_context(shop.id) as ctx:
            hooks.demo_data(ctx)
    with facturo_app.tenant_context(shop.id) as ctx:
        receipts = ctx.session.scalars(
            select(Document).where(Document.kind == "cash_receipt")).all()
        assert [(r.number, r.state) for r in receipts] == [(f"KT{YEAR}-0001", "posted")]


def test_switched_off_no_receipts_and_on_again_its_numbering_goes_on(
    facturo_app, shop, walk_in, make_receipt
):
    customer = walk_in(shop)
    with facturo_app.tenant_context(shop.id) as ctx:
        receipt_id = make_receipt(ctx, customer, method="card").id
    facturo_app.addon_manager.switch_off(shop.id, "cash_receipts")
    with facturo_app.tenant_context(shop.id) as ctx:
        assert "cash_receipt" not in {kind.id for kind in available(ctx)}
        with pytest.raises(UnknownKind):
            make_receipt(ctx, customer, posted=False)
        receipt = ctx.session.get(Document, receipt_id)
        assert ctx.fragments("document_pdf_blocks", document=receipt) == []
    facturo_app.addon_manager.switch_on(shop.id, "cash_receipts")
    with facturo_app.tenant_context(shop.id) as ctx:
        assert method_of(ctx, receipt_id) == "card"
        assert make_receipt(ctx, customer).number == f"KT{YEAR}-0002"
