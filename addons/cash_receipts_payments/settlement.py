"""A posted cash receipt is paid at once: its payment is recorded as it is posted.

The payment of the receipt's total goes to the cash register (paid in cash) or to the bank
account (paid by card), in the posting transaction: the receipt is paid as it is posted, or
not posted at all. Its `external_id` names the receipt, so the database refuses a second
payment of the same receipt on that account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from addons.cash_receipts.api import CASH, CASH_RECEIPT, method_of, paid_with
from addons.payments.api import (
    AccountKind,
    Payment,
    PaymentAccount,
    PaymentError,
    PaymentSource,
    default_account,
    record_payment,
)

if TYPE_CHECKING:
    from core.api import Context, DocumentRecord


def account_for(ctx: Context, method: str) -> PaymentAccount:
    """The account a method pays into: the cash register for cash, the bank for a card."""
    return default_account(ctx, AccountKind.CASH if method == CASH else AccountKind.BANK)


def settlement_problems(ctx: Context, document: DocumentRecord) -> list[str]:
    """Why a receipt cannot be booked as paid (no open account for its method), or []."""
    if document.kind != CASH_RECEIPT.id:
        return []
    try:
        account_for(ctx, method_of(ctx, document.id))
    except PaymentError as exc:
        return [str(exc)]
    return []


def settle(ctx: Context, document: DocumentRecord) -> Payment | None:
    """Record the payment of a receipt just posted (when something is to be paid): the
    `Payment`, or None."""
    if document.kind != CASH_RECEIPT.id or document.totals.due <= 0:
        return None
    method = method_of(ctx, document.id)
    payment: Payment = record_payment(
        ctx, document.id, document.totals.due, document.issue_date, account_for(ctx, method),
        reference=document.number or "",
        description=paid_with(method),
        source=PaymentSource.ADDON,
        external_id=f"{CASH_RECEIPT.id}:{document.number}",
    )
    return payment
