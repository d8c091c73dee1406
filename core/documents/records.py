"""Read models: frozen, typed views of a document and of a customer for addons.

An addon reads a document through `document_record(document)` (or `read_document(ctx, id)`)
and a customer through `customer_record(contact)`, never through the ORM classes: the
records hold plain values (`Decimal` amounts, `date`s, `str`s) and cannot change what they
were read from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from core.contacts.models import Contact
from core.documents.models import Document, DocumentState
from core.documents.state import load

if TYPE_CHECKING:
    from core.context import Context


@dataclass(frozen=True)
class PartyRecord:
    """The customer as printed on a document (frozen with it once posted)."""

    name: str
    vat_number: str
    street: str
    postal_code: str
    city: str
    country: str
    email: str


@dataclass(frozen=True)
class LineRecord:
    """One line of a document."""

    position: int
    line_type: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount_percent: Decimal
    vat_rate: Decimal
    net_amount: Decimal
    product_id: int | None
    addon_id: str | None
    """The addon that added the line (e.g. `deposits`), None for the user's own lines."""


@dataclass(frozen=True)
class TotalsRecord:
    """What a document amounts to and what is still due on it."""

    excl_vat: Decimal
    vat: Decimal
    incl_vat: Decimal
    paid: Decimal
    credited: Decimal

    @property
    def due(self) -> Decimal:
        """Total − paid − credited."""
        return self.incl_vat - self.paid - self.credited


@dataclass(frozen=True)
class DocumentRecord:
    """A document as an addon reads it: kind, state, number, dates, party, lines, totals."""

    id: int
    kind: str
    state: str
    number: str | None
    customer_id: int
    issue_date: date
    due_date: date | None
    language: str
    currency: str
    structured_ref: str | None
    party: PartyRecord
    lines: tuple[LineRecord, ...]
    totals: TotalsRecord

    @property
    def is_draft(self) -> bool:
        """Whether it can still change (it has no number yet)."""
        return self.state == DocumentState.DRAFT

    def overdue_days(self, on: date) -> int:
        """Days past the due date on `on` while something is still due; 0 otherwise."""
        if self.is_draft or self.due_date is None or self.totals.due <= 0:
            return 0
        return max(0, (on - self.due_date).days)


@dataclass(frozen=True)
class CustomerRecord:
    """A customer as an addon reads it."""

    id: int
    number: str
    name: str
    is_company: bool
    vat_number: str | None
    email: str | None
    language: str
    country: str
    payment_term_days: int | None
    archived: bool


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
        structured_ref=document.structured_ref, party=_party(document.party or {}),
        lines=tuple(
            LineRecord(line.position, line.line_type, line.description, line.quantity,
                       line.unit, line.unit_price, line.discount_percent, line.vat_rate,
                       line.net_amount, line.product_id, line.addon_id)
            for line in document.lines
        ),
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
