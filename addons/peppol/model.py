"""What a UBL invoice or credit note is made of, as plain frozen data.

`addons.peppol.source` fills it from a posted document, `addons.peppol.ubl` writes it out as
XML; amounts are `Decimal` in the document currency, already rounded as the document is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from addons.peppol.endpoints import Endpoint
from core.api import DEFAULT_UNIT, find_unit


def unit_code(unit: str) -> str:
    """The Rec 20 code of a line's unit (`HUR`, or `uur` typed by hand); `C62` ("one") when
    the unit is empty or unknown."""
    found = find_unit(unit)
    return found.code if found is not None else DEFAULT_UNIT


@dataclass(frozen=True)
class Party:
    """The seller or the buyer."""

    name: str
    endpoint: Endpoint
    country: str
    street: str = ""
    postal_code: str = ""
    city: str = ""
    vat_number: str = ""
    legal_id: Endpoint | None = None
    email: str = ""


@dataclass(frozen=True)
class UblLine:
    """A priced line. `gross` is quantity × price in cents, `allowance` the discount on it."""

    number: int
    name: str
    description: str
    quantity: Decimal
    unit_code: str
    unit_price: Decimal
    net: Decimal
    category: str
    rate: Decimal
    discount_percent: Decimal = Decimal(0)
    gross: Decimal = Decimal(0)
    allowance: Decimal = Decimal(0)


@dataclass(frozen=True)
class AllowanceCharge:
    """A document level allowance (BG-20, `charge` False) or charge (BG-21) of one VAT
    category and rate; `base` and `percent` when it is a percentage."""

    charge: bool
    reason: str
    amount: Decimal
    category: str
    rate: Decimal
    reason_code: str = ""
    base: Decimal | None = None
    percent: Decimal | None = None


@dataclass(frozen=True)
class TaxGroup:
    """One line of the VAT breakdown, with the exemption reason where no VAT is charged."""

    category: str
    rate: Decimal
    base: Decimal
    vat: Decimal
    exemption_code: str = ""
    exemption_reason: str = ""


@dataclass(frozen=True)
class PaymentInfo:
    """Credit transfer to the seller's account with the structured communication."""

    iban: str
    account_name: str
    bic: str = ""
    payment_id: str = ""


@dataclass(frozen=True)
class Attachment:
    """A file embedded in the e-invoice (the PDF of the document)."""

    filename: str
    content: bytes
    mime_code: str = "application/pdf"
    description: str = ""


@dataclass(frozen=True)
class Delivery:
    """When the goods or services were supplied, one day (BT-72) or a period (BG-14), and the
    country they went to (BT-80; empty when the rules do not ask for it)."""

    start: date | None
    end: date | None = None
    country: str = ""


@dataclass(frozen=True)
class UblDocument:
    """An invoice (type 380) or a credit note (381) as PEPPOL BIS Billing 3.0 needs it."""

    credit: bool
    number: str
    issue_date: date
    currency: str
    seller: Party
    buyer: Party
    lines: tuple[UblLine, ...]
    tax_groups: tuple[TaxGroup, ...]
    line_total: Decimal
    tax_total: Decimal
    total: Decimal
    prepaid: Decimal = Decimal(0)
    allowance_charges: tuple[AllowanceCharge, ...] = ()
    payment_terms: str = ""
    due_date: date | None = None
    note: str = ""
    buyer_reference: str = ""
    payment: PaymentInfo | None = None
    invoice_reference: tuple[str, date | None] | None = None
    attachment: Attachment | None = None
    delivery: Delivery | None = None

    @property
    def allowance_total(self) -> Decimal:
        """The sum of the document level allowances (BT-107)."""
        return sum((a.amount for a in self.allowance_charges if not a.charge), Decimal(0))

    @property
    def charge_total(self) -> Decimal:
        """The sum of the document level charges (BT-108)."""
        return sum((a.amount for a in self.allowance_charges if a.charge), Decimal(0))

    @property
    def tax_exclusive(self) -> Decimal:
        """The total without VAT (BT-109): lines − allowances + charges."""
        return self.line_total - self.allowance_total + self.charge_total

    @property
    def payable(self) -> Decimal:
        """What remains to be paid: the total less what was paid before."""
        return self.total - self.prepaid
