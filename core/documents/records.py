"""Building the read models (`core.contract.records`) from stored documents and contacts.

Core hands hooks records built here; an addon reads a document of its own choosing through
`read_document(ctx, id)` and finds overdue ones with `overdue_documents`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect, select

from core.contacts.models import Contact
from core.contract.records import (
    CustomerRecord,
    DocumentRecord,
    LineRecord,
    PartyRecord,
    RecordLines,
    TotalsRecord,
)
from core.documents.models import Document, DocumentLine, DocumentState
from core.documents.state import load

if TYPE_CHECKING:
    from core.context import Context


_LINE = ("position", "line_type", "description", "quantity", "unit", "unit_price",
         "discount_percent", "vat_rate", "net_amount", "product_id", "addon_id", "id")
_HEADER = ("id", "kind", "state", "number", "customer_id", "issue_date", "due_date",
           "language", "currency", "structured_ref", "vat_regime", "notes", "delivery_date",
           "credited_document_id", "party", "total_excl_vat", "total_vat", "total_incl_vat",
           "amount_paid", "amount_credited")
_PARTY = ("name", "vat_number", "street", "postal_code", "city", "country", "email")


def _read(obj: object, names: tuple[str, ...]) -> list[Any]:
    """The values of mapped attributes: from the object's loaded state where they are there
    (records are built on hot paths: a hook called per line), else through the attribute,
    which loads what is not."""
    loaded = inspect(obj).dict
    return [loaded[name] if name in loaded else getattr(obj, name) for name in names]


def line_record(line: DocumentLine) -> LineRecord:
    """The read model of one line (also of a new line not saved yet)."""
    return LineRecord(*_read(line, _LINE))


def _party(values: dict[str, Any]) -> PartyRecord:
    return PartyRecord(*[str(values.get(key) or "") for key in _PARTY])


def document_record(document: Document | DocumentRecord) -> DocumentRecord:
    """The read model of a loaded document (a record is returned as it is)."""
    if isinstance(document, DocumentRecord):
        return document
    (id_, kind, state, number, customer_id, issue_date, due_date, language, currency,
     structured_ref, vat_regime, notes, delivery_date, credited_document_id, party,
     *totals) = _read(document, _HEADER)
    return DocumentRecord(
        id=id_, kind=kind, state=state, number=number, customer_id=customer_id,
        issue_date=issue_date, due_date=due_date, language=language, currency=currency,
        structured_ref=structured_ref, vat_regime=vat_regime, party=_party(party or {}),
        lines=RecordLines(lambda: tuple(map(line_record, document.lines))),
        notes=notes or "", delivery_date=delivery_date,
        credited_document_id=credited_document_id, totals=TotalsRecord(*totals),
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
