"""Read models: frozen, typed views of a document and of a customer.

Hooks receive these instead of the stored rows: plain values (`Decimal` amounts, `date`s,
`str`s) that cannot change what they were read from. Core builds them
(`core.api.document_record`, `customer_record`, `read_document`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import overload

DRAFT = "draft"
"""The state of a document that can still change (it has no number yet)."""


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
    id: int | None = None
    """The stored line's id (None while a new line is not saved yet)."""


class RecordLines(Sequence[LineRecord]):
    """The lines of a `DocumentRecord`, read from the document the first time they are used
    (most hooks never look at them), then kept."""

    __slots__ = ("_items", "_read")

    def __init__(self, read: Callable[[], tuple[LineRecord, ...]]) -> None:
        self._read: Callable[[], tuple[LineRecord, ...]] | None = read
        self._items: tuple[LineRecord, ...] = ()

    def _all(self) -> tuple[LineRecord, ...]:
        if self._read is not None:
            self._items, self._read = self._read(), None
        return self._items

    @overload
    def __getitem__(self, index: int) -> LineRecord: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[LineRecord, ...]: ...

    def __getitem__(self, index: int | slice) -> LineRecord | tuple[LineRecord, ...]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[LineRecord]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"RecordLines({self._all()!r})"


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
    vat_regime: str
    party: PartyRecord
    lines: Sequence[LineRecord]
    """In document order; read from the document when first used, during the hook call."""
    totals: TotalsRecord
    notes: str = ""
    """The notes printed on the document."""
    delivery_date: date | None = None
    credited_document_id: int | None = None
    """On a credit note: the invoice it credits."""

    @property
    def is_draft(self) -> bool:
        """Whether it can still change (it has no number yet)."""
        return self.state == DRAFT

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
    currency: str = "EUR"
    is_customer: bool = True
    is_supplier: bool = False
    phone: str | None = None
    street: str = ""
    postal_code: str = ""
    city: str = ""
    merged_into_id: int | None = None
    """The contact this one was merged into (then `archived` is true)."""
