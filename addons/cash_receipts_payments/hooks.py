"""Hook implementations of the glue between cash receipts and payments."""

from __future__ import annotations

from addons.cash_receipts_payments.settlement import settle, settlement_problems
from core.api import Context, DocumentRecord, hookimpl


@hookimpl
def document_validate(ctx: Context, document: DocumentRecord) -> list[str]:
    """A receipt that cannot be booked as paid (no open account for its method) is not
    posted."""
    return settlement_problems(ctx, document)


@hookimpl
def document_posted(ctx: Context, document: DocumentRecord) -> None:
    """A posted receipt is paid at once: its payment is recorded with the posting."""
    settle(ctx, document)
