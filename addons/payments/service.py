"""Recording payments, allocating them to invoices, and taking them back.

Every change to what an invoice has received goes through the documents core
(`core.documents.service.apply_payment`), which keeps `amount_paid` and the state (posted,
partially paid, paid) right; a posted invoice's content is never touched. The invoice row is
locked while a payment is booked on it, so two payments at once cannot overpay it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from addons.payments.accounts import CENT, default_account, get_account, parse_amount
from addons.payments.errors import Overpayment, PaymentError
from addons.payments.models import ZERO, Payment, PaymentAllocation, PaymentSource
from addons.payments.translation import N_, _
from core.api import (
    Document,
    DocumentState,
    Formatter,
    apply_payment,
    document_record,
    kind_of,
    ogm,
    require_write,
)
from core.api import load_document as load

if TYPE_CHECKING:
    from addons.payments.models import PaymentAccount
    from core.api import Context

MSG_NOT_PAYABLE = N_("%(number)s is not a posted invoice; only posted invoices can be paid.")
MSG_CREDITED = N_("Invoice %(number)s is credited in full; nothing is left to pay.")
MSG_PAID = N_("Invoice %(number)s is paid in full already.")
MSG_OVERPAID = N_(
    "%(amount)s is more than the %(open)s still open on invoice %(number)s; "
    "record at most %(open)s."
)
MSG_POSITIVE = N_("A payment of an invoice is an amount above zero.")
MSG_ZERO = N_("A movement needs an amount other than zero.")
MSG_ARCHIVED = N_("Account %(name)s is archived; choose another account.")
MSG_NO_PAYMENT = N_("Payment %(id)s does not exist.")
MSG_NOT_RECEIVED = N_("Only money received can be matched to an invoice.")
MSG_NOTHING_LEFT = N_("This payment is matched to invoices in full already.")
MSG_MORE_THAN_LEFT = N_("Only %(left)s of this payment is not matched yet, not %(amount)s.")
MSG_NO_ALLOCATION = N_("This payment is not matched to invoice %(number)s.")


def _money(ctx: Context, amount: Decimal) -> str:
    return Formatter(ctx.language).money(amount)


def _label(doc: Document) -> str:
    return doc.number or f"#{doc.id}"


def lock_invoice(ctx: Context, invoice: Document | int) -> Document:
    """The invoice, read again and locked for the rest of the transaction."""
    ctx.app.db.write_lock(ctx.session)
    doc = load(ctx, invoice)
    ctx.session.flush()
    locked = ctx.session.get(Document, doc.id, with_for_update=True, populate_existing=True)
    assert locked is not None
    return locked


def check_payable(ctx: Context, doc: Document) -> None:
    """Refuse a document that is not a posted, unpaid document taking payment (an invoice,
    a cash receipt)."""
    if doc.state == DocumentState.DRAFT or not kind_of(ctx, doc.kind).takes_payment:
        raise PaymentError(_(MSG_NOT_PAYABLE) % {"number": _label(doc)})
    if doc.state == DocumentState.CREDITED:
        raise PaymentError(_(MSG_CREDITED) % {"number": _label(doc)})
    if doc.open_amount <= 0:
        raise PaymentError(_(MSG_PAID) % {"number": _label(doc)})


def check_not_overpaid(ctx: Context, doc: Document, amount: Decimal) -> None:
    """Refuse an amount above what is still open on the invoice."""
    if amount > doc.open_amount:
        raise Overpayment(
            _(MSG_OVERPAID)
            % {
                "amount": _money(ctx, amount),
                "open": _money(ctx, doc.open_amount),
                "number": _label(doc),
            }
        )


def _open_account(ctx: Context, account: PaymentAccount | int | None) -> PaymentAccount:
    acc = default_account(ctx) if account is None else get_account(ctx, account)
    if acc.archived:
        raise PaymentError(_(MSG_ARCHIVED) % {"name": acc.name})
    return acc


def new_payment(
    ctx: Context,
    account: PaymentAccount | int | None,
    amount: Decimal,
    on: date | None,
    reference: str,
    **fields: Any,
) -> Payment:
    """Add a payment row on an open account (amount checked by the caller)."""
    acc = _open_account(ctx, account)
    reference = " ".join((reference or "").split())
    payment = Payment(
        account_id=acc.id,
        date=on or date.today(),
        amount=amount,
        reference=reference[:200],
        structured_ref=ogm.normalise(reference),
        counterparty=fields.get("counterparty") or "",
        counterparty_iban=fields.get("counterparty_iban") or None,
        description=fields.get("description") or "",
        source=fields.get("source") or PaymentSource.MANUAL,
        external_id=fields.get("external_id") or None,
    )
    ctx.session.add(payment)
    ctx.session.flush()
    return payment


def book_allocation(
    ctx: Context, payment: Payment, doc: Document, amount: Decimal
) -> PaymentAllocation:
    """Give `amount` of a payment to a locked invoice (checked by the caller) and tell the
    addons through `payment_received`."""
    allocation = PaymentAllocation(document_id=doc.id, amount=amount)
    payment.allocations.append(allocation)
    apply_payment(ctx, doc, amount)
    ctx.session.flush()
    ctx.call("payment_received", invoice=document_record(doc), payment=payment)
    return allocation


def record_payment(
    ctx: Context,
    invoice: Document | int,
    amount: Any,
    date: date | None = None,
    account: PaymentAccount | int | None = None,
    reference: str = "",
    *,
    counterparty: str = "",
    description: str = "",
    source: str = PaymentSource.MANUAL,
    external_id: str | None = None,
) -> Payment:
    """Record money received for an invoice, in full or in part, on an account (the default
    one when not given), and update the invoice's paid amount and state.

    `external_id` names the payment where it came from (a bank line, a collection by an
    addon): the same id is refused a second time on the same account by the database.

    Raises `Overpayment` when the amount is more than what is still open, `PaymentError`
    for an invoice that is a draft, credited or paid, or an amount that is not positive.
    Calls the `payment_received` hook inside the transaction.
    """
    require_write(ctx)
    doc = lock_invoice(ctx, invoice)
    check_payable(ctx, doc)
    value = parse_amount(amount)
    if value <= 0:
        raise PaymentError(_(MSG_POSITIVE))
    check_not_overpaid(ctx, doc, value)
    payment = new_payment(
        ctx,
        account,
        value,
        date,
        reference or (ogm.display(doc.structured_ref) if doc.structured_ref else ""),
        counterparty=counterparty or (doc.party or {}).get("name", ""),
        description=description,
        source=source,
        external_id=external_id,
    )
    book_allocation(ctx, payment, doc, value)
    return payment


def record_movement(
    ctx: Context,
    amount: Any,
    date: date | None = None,
    account: PaymentAccount | int | None = None,
    reference: str = "",
    **fields: Any,
) -> Payment:
    """Record money received (positive) or paid out (negative) without an invoice yet.

    `fields` may hold `counterparty`, `counterparty_iban`, `description`, `source` and
    `external_id`. Money received can be matched to invoices later with `allocate`.
    """
    require_write(ctx)
    value = parse_amount(amount)
    if value == 0:
        raise PaymentError(_(MSG_ZERO))
    return new_payment(ctx, account, value, date, reference, **fields)


def get_payment(ctx: Context, payment: Payment | int) -> Payment:
    """The tenant's payment, given itself or its id; a clear error when it does not exist."""
    if isinstance(payment, Payment):
        return payment
    found = ctx.session.get(Payment, payment)
    if found is None:
        raise PaymentError(_(MSG_NO_PAYMENT) % {"id": payment})
    return found


def allocate(
    ctx: Context, payment: Payment | int, invoice: Document | int, amount: Any = None
) -> PaymentAllocation:
    """Match (part of) a payment to an invoice: by default as much as both allow."""
    require_write(ctx)
    pay = get_payment(ctx, payment)
    if pay.amount <= 0:
        raise PaymentError(_(MSG_NOT_RECEIVED))
    doc = lock_invoice(ctx, invoice)
    check_payable(ctx, doc)
    left = pay.unallocated
    if left <= 0:
        raise PaymentError(_(MSG_NOTHING_LEFT))
    value = min(left, doc.open_amount) if amount in (None, "") else parse_amount(amount)
    if value <= 0:
        raise PaymentError(_(MSG_POSITIVE))
    if value > left:
        raise PaymentError(
            _(MSG_MORE_THAN_LEFT) % {"left": _money(ctx, left), "amount": _money(ctx, value)}
        )
    check_not_overpaid(ctx, doc, value)
    return book_allocation(ctx, pay, doc, value)


def _take_back(ctx: Context, allocation: PaymentAllocation) -> None:
    doc = lock_invoice(ctx, allocation.document_id)
    if kind_of(ctx, doc.kind).payable:  # money paid back for a credit note changes no state
        apply_payment(ctx, doc, -allocation.amount)


def unallocate(ctx: Context, payment: Payment | int, invoice: Document | int) -> Decimal:
    """Undo the matching of a payment to an invoice; the invoice is open again for that
    amount and the money waits to be matched. Returns the amount taken back."""
    require_write(ctx)
    pay = get_payment(ctx, payment)
    doc = load(ctx, invoice)
    mine = [a for a in pay.allocations if a.document_id == doc.id]
    if not mine:
        raise PaymentError(_(MSG_NO_ALLOCATION) % {"number": _label(doc)})
    total = ZERO
    for allocation in mine:
        _take_back(ctx, allocation)
        total += allocation.amount
        pay.allocations.remove(allocation)
    ctx.session.flush()
    return total


def delete_payment(ctx: Context, payment: Payment | int) -> None:
    """Delete a payment; each invoice it paid gets its open amount and state back."""
    require_write(ctx)
    pay = get_payment(ctx, payment)
    for allocation in list(pay.allocations):
        _take_back(ctx, allocation)
    ctx.session.delete(pay)
    ctx.session.flush()


@dataclass(frozen=True)
class InvoicePayment:
    """A payment as seen from one invoice: the part of it that went to the invoice."""

    payment: Payment
    amount: Decimal


def payments_of(ctx: Context, invoice: Document | int) -> list[InvoicePayment]:
    """The payments of an invoice in date order, with the amount each brought to it."""
    doc = load(ctx, invoice)
    rows = ctx.session.execute(
        select(Payment, PaymentAllocation.amount)
        .join(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
        .where(PaymentAllocation.document_id == doc.id)
        .order_by(Payment.date, Payment.id, PaymentAllocation.id)
    )
    return [InvoicePayment(payment, amount) for payment, amount in rows]


def list_payments(
    ctx: Context,
    *,
    account: PaymentAccount | int | None = None,
    unmatched: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[Payment]:
    """Payments, newest first; `unmatched` keeps money received not fully matched yet."""
    query = select(Payment)
    if account is not None:
        query = query.where(Payment.account_id == get_account(ctx, account).id)
    if date_from is not None:
        query = query.where(Payment.date >= date_from)
    if date_to is not None:
        query = query.where(Payment.date <= date_to)
    if unmatched:
        matched = (
            select(func.coalesce(func.sum(PaymentAllocation.amount), 0))
            .where(PaymentAllocation.payment_id == Payment.id)
            .scalar_subquery()
        )
        query = query.where(Payment.amount > 0, Payment.amount - matched >= CENT)
    query = query.options(selectinload(Payment.allocations))
    return list(ctx.session.scalars(query.order_by(Payment.date.desc(), Payment.id.desc())))


def total_received(payments: Iterable[Payment]) -> Decimal:
    """The sum of the given payments."""
    return sum((p.amount for p in payments), ZERO)
