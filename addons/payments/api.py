"""What the payments addon offers to addons built on it (`depends = ["payments"]`).

- `record_payment(ctx, invoice, amount, date=None, account=None, reference="", *,
  counterparty="", description="", source=PaymentSource.MANUAL, external_id=None)`: money
  received for a posted invoice; the invoice's paid amount and state follow, and
  `payment_received` is called. Refused with `PaymentError` (a draft, a credited or paid
  invoice, an amount not above zero) or `Overpayment` (more than is still open).
- `record_movement(ctx, amount, date=None, account=None, reference="", **fields)`: money
  received or paid out that is not given to an invoice (yet); it waits to be matched.
- `unallocate(ctx, payment, invoice)`: undo the matching of a payment to an invoice; the
  invoice is open again for that amount and the money waits to be matched.
- `record_refund(ctx, credit_note, amount, date=None, account=None, reference="", *,
  counterparty="", counterparty_iban="", description="", source=PaymentSource.MANUAL,
  external_id=None)`: money paid back for a posted credit note, a payment out matched to
  it. Refused with `PaymentError` (not a posted credit note, an amount not above zero, more
  than the credit note's total not paid back yet).
- `payments_of(ctx, document)`: the payments of an invoice (or a credit note), each with the
  part it brought (negative for money paid back).
- `PaymentSource.ADDON`: the source of a payment an addon records.
- `default_account(ctx, kind=None)`: the `PaymentAccount` payments go to when none is
  chosen, of a kind when given (`AccountKind.BANK` or `AccountKind.CASH`, the cash
  register); a tenant without any account gets a bank account and a cash register first.
  `PaymentError` when no open account of that kind is left.
- `record_payment` takes a cash receipt too (a sale paid at once, `takes_payment`).

The messages of the errors are translated; show them as they are.
"""

from addons.payments.accounts import default_account
from addons.payments.errors import Overpayment, PaymentError
from addons.payments.models import AccountKind, Payment, PaymentAccount, PaymentSource
from addons.payments.refunds import record_refund
from addons.payments.service import (
    InvoicePayment,
    payments_of,
    record_movement,
    record_payment,
    unallocate,
)

__all__ = [
    "AccountKind",
    "InvoicePayment",
    "Overpayment",
    "Payment",
    "PaymentAccount",
    "PaymentError",
    "PaymentSource",
    "default_account",
    "payments_of",
    "record_movement",
    "record_payment",
    "record_refund",
    "unallocate",
]
