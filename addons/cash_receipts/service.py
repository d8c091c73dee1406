"""The payment method of a cash receipt, chosen on the draft and fixed once it is posted.

A receipt is paid at once: in cash (the default: a receipt without a row) or by card. The
method decides where the payments app books the money (`settlement`) and what the printed
receipt says (`printing`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select

from addons.cash_receipts.kinds import CASH_RECEIPT
from addons.cash_receipts.models import ReceiptMethod
from addons.cash_receipts.translation import N_, _
from core.api import Document, DocumentError, require_draft
from core.api import load_document as load

if TYPE_CHECKING:
    from core.api import Context

CASH = "cash"
CARD = "card"
METHODS = (CASH, CARD)
METHOD_LABELS = {CASH: N_("Cash"), CARD: N_("Card")}
PAID_WITH = {CASH: N_("Paid in cash"), CARD: N_("Paid by card")}

MSG_NOT_A_RECEIPT = N_("Document %(number)s is not a cash receipt.")
MSG_METHOD = N_("A cash receipt is paid in cash or by card.")


class CashReceiptError(DocumentError):
    """A cash receipt operation that cannot be done; `str(error)` says why."""


def receipt(ctx: Context, document: Document | int) -> Document:
    """The tenant's cash receipt; `CashReceiptError` for a document of another kind."""
    doc = load(ctx, document)
    if doc.kind != CASH_RECEIPT.id:
        raise CashReceiptError(_(MSG_NOT_A_RECEIPT) % {"number": doc.number or doc.id})
    return doc


def methods_of(ctx: Context, document_ids: Sequence[int]) -> dict[int, str]:
    """The method of each receipt among `document_ids` ({id: method}, cash when unset)."""
    if not document_ids:
        return {}
    chosen = {doc_id: method for doc_id, method in ctx.session.execute(
        select(ReceiptMethod.document_id, ReceiptMethod.method)
        .where(ReceiptMethod.document_id.in_(list(document_ids))))}
    return {doc_id: chosen.get(doc_id, CASH) for doc_id in document_ids}


def method_of(ctx: Context, document_id: int) -> str:
    """How a receipt is paid: `cash` or `card`."""
    return methods_of(ctx, [document_id])[document_id]


def paid_with(method: str, language: str | None = None) -> str:
    """How a receipt was paid, in words ("Paid in cash"), in a language (the current one)."""
    return _(PAID_WITH[method], language)


def set_method(ctx: Context, document: Document | int, method: str) -> Document:
    """Choose how a draft receipt is paid; a posted one keeps its method."""
    if method not in METHODS:
        raise CashReceiptError(_(MSG_METHOD))
    doc = require_draft(receipt(ctx, document))
    row = ctx.session.scalar(select(ReceiptMethod).where(ReceiptMethod.document_id == doc.id))
    if row is None:
        ctx.session.add(ReceiptMethod(document_id=doc.id, method=method))
    else:
        row.method = method
    ctx.session.flush()
    return doc
