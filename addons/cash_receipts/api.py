"""What the cash receipts addon offers to addons built on it (`depends = ["cash_receipts"]`).

- `CASH_RECEIPT`: the document kind (`cash_receipt`).
- `CASH`, `CARD`, `METHODS`: how a receipt is paid; `method_of(ctx, document_id)` says which
  (cash when none was chosen), `paid_with(method, language=None)` in words ("Paid in cash").
"""

from addons.cash_receipts.kinds import CASH_RECEIPT
from addons.cash_receipts.service import CARD, CASH, METHODS, method_of, paid_with

__all__ = ["CARD", "CASH", "CASH_RECEIPT", "METHODS", "method_of", "paid_with"]
