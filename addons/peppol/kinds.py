"""Which documents PEPPOL carries: invoices (sales that ask payment) and credit notes.

A sale paid at once at the counter (a cash receipt) counts for VAT but is no e-invoice; nor
is a credit note of such a sale. PEPPOL BIS Billing has an invoice and a credit note only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.api import Document, DocumentKind, kind_of
from core.api import registered_kinds as registered

if TYPE_CHECKING:
    from core.api import Context


def is_einvoice_kind(kind: DocumentKind) -> bool:
    """Whether documents of a kind are e-invoices: a sale asking payment, or a credit."""
    return kind.vat_sale and (kind.payable or kind.is_credit)


def einvoice_kinds(ctx: Context) -> list[str]:
    """The ids of the kinds PEPPOL carries."""
    return [kind.id for kind in registered(ctx.app.catalogue).values() if is_einvoice_kind(kind)]


def is_einvoice(ctx: Context, document: Document) -> bool:
    """Whether PEPPOL carries this document: an invoice, or a credit note of an invoice (a
    credit note naming no document is left to the rule that asks for one)."""
    kind = kind_of(ctx, document.kind)
    if not is_einvoice_kind(kind):
        return False
    if not kind.is_credit or document.credited_document_id is None:
        return True
    credited = ctx.session.get(Document, document.credited_document_id)
    return credited is None or is_einvoice_kind(kind_of(ctx, credited.kind))
