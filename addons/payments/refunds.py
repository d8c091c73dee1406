"""Money paid back to a customer for a posted credit note.

A refund is a payment out (a negative amount) on an account, matched to the credit note by
an allocation of that negative amount: the credit note's payments show it, the customer's
report nets it against what the invoice received. The credit note itself is not changed;
at most its total is paid back.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from addons.payments.accounts import parse_amount
from addons.payments.errors import PaymentError
from addons.payments.models import ZERO, Payment, PaymentAllocation, PaymentSource
from addons.payments.service import lock_invoice, new_payment
from addons.payments.translation import N_, _
from core.api import Document, DocumentState, Formatter, kind_of, require_write

if TYPE_CHECKING:
    from addons.payments.models import PaymentAccount
    from core.api import Context

MSG_NOT_CREDIT_NOTE = N_("%(number)s is not a posted credit note; only a posted credit note "
                         "can be paid back.")
MSG_REFUND_POSITIVE = N_("An amount paid back is an amount above zero.")
MSG_MORE_THAN_LEFT = N_("%(amount)s is more than the %(left)s of credit note %(number)s not "
                        "paid back yet.")


def paid_back(ctx: Context, credit_note: Document) -> Decimal:
    """What was paid back for a credit note so far (a positive amount)."""
    total = ctx.session.scalar(
        select(func.coalesce(func.sum(PaymentAllocation.amount), 0))
        .where(PaymentAllocation.document_id == credit_note.id))
    return -Decimal(total or ZERO)


def record_refund(
    ctx: Context,
    credit_note: Document | int,
    amount: Any,
    date: date | None = None,
    account: PaymentAccount | int | None = None,
    reference: str = "",
    *,
    counterparty: str = "",
    counterparty_iban: str = "",
    description: str = "",
    source: str = PaymentSource.MANUAL,
    external_id: str | None = None,
) -> Payment:
    """Record money paid back for a posted credit note, on an account (the default one when
    not given): a payment of `-amount` matched to the credit note.

    `external_id` names the refund where it came from; the same id is refused a second time
    on the same account by the database. Raises `PaymentError` for a document that is not
    a posted credit note, an amount not above zero, or more than is left to pay back.
    """
    require_write(ctx)
    doc = lock_invoice(ctx, credit_note)
    label = doc.number or f"#{doc.id}"
    if doc.state == DocumentState.DRAFT or not kind_of(ctx, doc.kind).is_credit:
        raise PaymentError(_(MSG_NOT_CREDIT_NOTE) % {"number": label})
    value = parse_amount(amount)
    if value <= 0:
        raise PaymentError(_(MSG_REFUND_POSITIVE))
    left = doc.total_incl_vat - paid_back(ctx, doc)
    if value > left:
        money = Formatter(ctx.language).money
        raise PaymentError(_(MSG_MORE_THAN_LEFT) % {
            "amount": money(value), "left": money(left), "number": label})
    payment = new_payment(
        ctx, account, -value, date, reference or label,
        counterparty=counterparty or (doc.party or {}).get("name", ""),
        counterparty_iban=counterparty_iban, description=description, source=source,
        external_id=external_id,
    )
    payment.allocations.append(PaymentAllocation(document_id=doc.id, amount=-value))
    ctx.session.flush()
    return payment
