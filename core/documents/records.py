"""Building the read models (`core.contract.records`) from stored documents and contacts.

Core hands hooks records built here; an addon reads a document of its own choosing through
`read_document(ctx, id)` and finds overdue ones with `overdue_documents`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from core.contacts.models import Contact
from core.contract.records import (
    CustomerRecord,
    DocumentRecord,
    LineRecord,
    PartyRecord,
    TotalsRecord,
)
from core.documents.models import Document, DocumentLine, DocumentState
from core.documents.state import load

if TYPE_CHECKING:
    from core.context import Context


def line_record(line: DocumentLine) -> LineRecord:
    """The read model of one line (also of a new line not saved yet)."""
    return LineRecord(line.position, line.line_type, line.description, line.quantity,
                      line.unit, line.unit_price, line.discount_percent, line.vat_rate,
                      line.net_amount, line.product_id, line.addon_id, line.id)


def _party(values: dict[str, Any]) -> PartyRecord:
    return PartyRecord(*(str(values.get(key) or "") for key in (
        "name", "vat_number", "street", "postal_code", "city", "country", "email")))


def document_record(document: Document | DocumentRecord) -> DocumentRecord:
    """The read model of a loaded document (a record is returned as it is)."""
    if isinstance(document, DocumentRecord):
        return document
    return DocumentRecord(
        id=document.id, kind=document.kind, state=document.state, number=document.number,
        customer_id=document.customer_id, issue_date=document.issue_date,
        due_date=document.due_date, language=document.language, currency=document.currency,
        structured_ref=document.structured_ref, vat_regime=document.vat_regime,
        party=_party(document.party or {}),
        lines=tuple(map(line_record, document.lines)),
        notes=document.notes or "", delivery_date=document.delivery_date,
        credited_document_id=document.credited_document_id,
        totals=TotalsRecord(document.total_excl_vat, document.total_vat,
                            document.total_incl_vat, document.amount_paid,
                            document.amount_credited),
    )


def read_document(ctx: Context, document_id: int) -> DocumentRecord:
    """The tenant's document with this id; a `DocumentError` for any other id."""
    return document_record(load(ctx, document_id))


def customer_record(contact: Contact | CustomerRecord) -> CustomerRecord:
    """The read model of a contact (a record is returned as it is)."""
    if isinstance(contact, CustomerRecord):
        return contact
    return CustomerRecord(
        id=contact.id, number=contact.number, name=contact.name,
        is_company=contact.is_company, vat_number=contact.vat_number, email=contact.email,
        language=contact.language, country=contact.country,
        payment_term_days=contact.payment_term_days, archived=contact.archived,
        currency=contact.currency, is_customer=contact.is_customer,
        is_supplier=contact.is_supplier, phone=contact.phone,
        street=contact.street, postal_code=contact.postal_code, city=contact.city,
        merged_into_id=contact.merged_into_id,
    )


def overdue_documents(ctx: Context, on: date, kind: str = "invoice") -> list[DocumentRecord]:
    """The tenant's posted documents of a kind still (partly) unpaid after their due date,
    oldest due first."""
    found = ctx.session.scalars(
        select(Document)
        .where(Document.kind == kind, Document.due_date < on,
               Document.state.in_((DocumentState.POSTED, DocumentState.PARTIALLY_PAID)))
        .order_by(Document.due_date, Document.number)
    )
    return [record for record in map(document_record, found) if record.totals.due > 0]
