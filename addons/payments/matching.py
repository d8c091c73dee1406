"""Bank statement lines: recorded as payments and matched to open invoices.

A line whose communication holds a structured communication (`+++123/4567/89012+++`,
written in any usual way) of an open invoice is matched to it: as much as is still open on
the invoice; anything above stays unmatched. Every other line is kept as an unmatched
payment, to be matched by hand (`suggestions` proposes invoices). Importing the same line
twice (same `external_id` on the same account) adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from addons.payments.accounts import CENT, get_account, parse_amount
from addons.payments.models import Payment, PaymentAllocation, PaymentSource
from addons.payments.receivables import find_open_by_reference, open_query
from addons.payments.service import (
    book_allocation,
    get_payment,
    list_payments,
    lock_invoice,
    new_payment,
)
from core.api import Contact, Document, require_write

if TYPE_CHECKING:
    from addons.payments.models import PaymentAccount
    from core.api import Context


@dataclass(frozen=True)
class BankLine:
    """One line of a bank statement, as the bank gives it."""
    date: date
    amount: Any
    communication: str = ""
    counterparty: str = ""
    counterparty_iban: str | None = None
    external_id: str | None = None


@dataclass
class ImportResult:
    """What importing bank lines did: payments matched, left unmatched, skipped as known."""
    matched: list[Payment] = field(default_factory=list)
    unmatched: list[Payment] = field(default_factory=list)
    duplicates: int = 0


def _known(ctx: Context, account_id: int, external_id: str | None) -> bool:
    if not external_id:
        return False
    found = ctx.session.scalar(
        select(Payment.id).where(
            Payment.account_id == account_id, Payment.external_id == external_id
        )
    )
    return found is not None


def match_on_reference(ctx: Context, payment: Payment | int) -> PaymentAllocation | None:
    """Match a received payment to the open invoice its structured communication names.

    Allocates as much as both the payment (what is not matched yet) and the invoice (what
    is still open) allow; returns None when there is no such invoice or nothing to match.
    """
    pay = get_payment(ctx, payment)
    if pay.amount <= 0 or not pay.structured_ref or pay.unallocated < CENT:
        return None
    invoice = find_open_by_reference(ctx, pay.structured_ref)
    if invoice is None:
        return None
    invoice = lock_invoice(ctx, invoice)
    amount = min(pay.unallocated, invoice.open_amount)
    if amount < CENT:
        return None
    return book_allocation(ctx, pay, invoice, amount)


def import_bank_lines(
    ctx: Context, account: PaymentAccount | int, lines: Iterable[BankLine]
) -> ImportResult:
    """Record bank statement lines on an account and match what can be matched."""
    require_write(ctx)
    acc = get_account(ctx, account)
    result = ImportResult()
    for line in lines:
        if _known(ctx, acc.id, line.external_id):
            result.duplicates += 1
            continue
        amount = parse_amount(line.amount)
        if amount == 0:
            continue
        payment = new_payment(
            ctx,
            acc,
            amount,
            line.date,
            line.communication,
            counterparty=line.counterparty,
            counterparty_iban=line.counterparty_iban,
            source=PaymentSource.BANK,
            external_id=line.external_id,
        )
        match_on_reference(ctx, payment)
        if payment.amount > 0 and payment.unallocated >= CENT:
            result.unmatched.append(payment)
        elif payment.allocations:
            result.matched.append(payment)
    return result


def rematch(ctx: Context) -> list[PaymentAllocation]:
    """Try the structured communication of every unmatched payment again (e.g. after an
    invoice was posted later than its payment arrived)."""
    found = []
    for payment in list_payments(ctx, unmatched=True):
        allocation = match_on_reference(ctx, payment)
        if allocation is not None:
            found.append(allocation)
    return found


def suggestions(ctx: Context, payment: Payment | int, limit: int = 10) -> list[Document]:
    """Open invoices a payment probably belongs to, the likeliest first: the same amount
    open, then the payer's name or the invoice number in the communication."""
    pay = get_payment(ctx, payment)
    left = pay.unallocated
    if left < CENT:
        return []
    query = open_query(ctx).join(Contact, Contact.id == Document.customer_id)
    hints = [func.abs(Document.open_amount - left) < CENT / 2]
    words = [w for w in (pay.counterparty or "").split() if len(w) > 2]
    hints.extend(Contact.name.ilike(f"%{word}%") for word in words[:4])
    candidates = list(ctx.session.scalars(query.where(or_(*hints)).limit(200)))
    reference = (pay.reference or "").lower()

    def score(doc: Document) -> tuple[int, date | None]:
        points = 0
        if abs(doc.open_amount - left) < CENT / 2:
            points += 4
        if doc.number and doc.number.lower() in reference:
            points += 3
        name = ((doc.party or {}).get("name") or "").lower()
        if name and any(word.lower() in name for word in words):
            points += 2
        return (-points, doc.due_date)

    candidates.sort(key=score)
    return candidates[:limit]


def unmatched_total(payments: Iterable[Payment]) -> Decimal:
    """What the given payments still have to be matched."""
    return sum((p.unallocated for p in payments), Decimal("0.00"))
