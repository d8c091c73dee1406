"""What a cash receipt prints below its totals: that it is paid, and how."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from addons.cash_receipts.kinds import CASH_RECEIPT
from addons.cash_receipts.service import METHOD_LABELS, method_of
from addons.cash_receipts.translation import N_, _

if TYPE_CHECKING:
    from core.api import Context, DocumentRecord

PAID = N_("Paid")
METHOD_LINE = N_("Payment method: %(method)s")


def paid_block(ctx: Context, document: DocumentRecord) -> str | None:
    """"Paid" and the method, in the receipt's language, on a posted receipt (a draft is
    not paid yet); None on any other document."""
    if document.kind != CASH_RECEIPT.id or document.is_draft:
        return None
    language = document.language
    method = _(METHOD_LABELS[method_of(ctx, document.id)], language)
    return Markup(
        '<p class="cash-receipt-paid"><strong>{}</strong></p><p>{}</p>'
    ).format(_(PAID, language), _(METHOD_LINE, language) % {"method": method})
