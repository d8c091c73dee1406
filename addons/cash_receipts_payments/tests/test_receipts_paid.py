"""With payments on, a cash receipt is paid as it is posted: in the cash register or on the
bank account, or not posted at all; the glue follows the two apps on and off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from addons.cash_receipts.service import set_method
from addons.payments.api import AccountKind, PaymentSource, default_account, payments_of
from core.contacts.service import create_customer
from core.documents.errors import ValidationFailed
from core.documents.figures import receivables
from core.documents.lines import LineData
from core.documents.models import DocumentState
from core.documents.posting import post_document
from core.documents.service import create_document

GLUE = "cash_receipts_payments"


@pytest.fixture
def till(make_tenant: Callable[..., Any]) -> Any:
    """A shop with cash receipts and payments (a bank account and a cash register)."""
    return make_tenant("IJzerhandel Wouters", addons=("cash_receipts", "payments"))


def receipt(ctx: Any, amount: str, method: str | None = None, posted: bool = True) -> Any:
    """A receipt of one line at 21 % for the walk-in customer, paid with `method`."""
    customer = create_customer(ctx, {"name": "Toevallige klant", "is_company": False}).id
    document = create_document(ctx, "cash_receipt", customer, issue_date=date.today(), lines=[
        LineData(description="Verfrol", quantity=1, unit_price=amount, vat_rate="21")])
    if method is not None:
        set_method(ctx, document, method)
    return post_document(ctx, document) if posted else document


def test_posting_books_it_paid_in_the_cash_register_or_on_the_bank(facturo_app, till):
    with facturo_app.tenant_context(till.id) as ctx:
        assert ctx.is_active(GLUE)  # glue: on by itself with both apps
        cash, card = receipt(ctx, "10.00"), receipt(ctx, "20.00", method="card")
        for document, total, kind, words in (
                (cash, "12.10", AccountKind.CASH, "Contant betaald"),
                (card, "24.20", AccountKind.BANK, "Betaald met de kaart")):
            assert document.state == DocumentState.PAID
            assert document.amount_paid == document.total_incl_vat == Decimal(total)
            [paid] = payments_of(ctx, document)
            assert (paid.amount, paid.payment.account_id) == (
                Decimal(total), default_account(ctx, kind).id)
            assert paid.payment.source == PaymentSource.ADDON
            assert paid.payment.reference == document.number
            assert paid.payment.description == words  # in the user's language
        assert receivables(ctx).open_count == 0


def test_a_receipt_that_cannot_be_booked_is_not_posted(facturo_app, till):
    with facturo_app.tenant_context(till.id) as ctx:
        default_account(ctx, AccountKind.CASH).archived = True
        draft = receipt(ctx, "10.00", posted=False)
        with pytest.raises(ValidationFailed, match="geen open rekening"):
            post_document(ctx, draft)
        assert draft.is_draft and draft.number is None
        assert payments_of(ctx, draft) == []
        assert post_document(ctx, receipt(ctx, "5.00", method="card", posted=False)).number


def test_with_payments_off_a_receipt_is_simply_posted(facturo_app, till):
    facturo_app.addon_manager.switch_off(till.id, "payments")
    with facturo_app.tenant_context(till.id) as ctx:
        assert not ctx.is_active(GLUE)  # the glue went off with payments
        document = receipt(ctx, "10.00")
        assert (document.state, document.amount_paid) == (DocumentState.POSTED, Decimal(0))
        assert receivables(ctx).open_count == 0  # nor is it asked for
    facturo_app.addon_manager.switch_on(till.id, "payments")
    with facturo_app.tenant_context(till.id) as ctx:
        assert ctx.is_active(GLUE)
        assert receipt(ctx, "10.00").state == DocumentState.PAID
