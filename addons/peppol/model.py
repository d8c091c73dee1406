"""What a UBL invoice or credit note is made of, as plain frozen data.

`addons.peppol.source` fills it from a posted document, `addons.peppol.ubl` writes it out as
XML; amounts are `Decimal` in the document currency, already rounded as the document is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from addons.peppol.endpoints import Endpoint

#: UN/ECE Recommendation 20 codes for the units people type on a line.
UNIT_CODES: dict[str, str] = {
    **dict.fromkeys(("st", "stk", "stuk", "stuks", "pc", "pcs", "piece", "pieces", "pièce",
                     "pièces", "stück"), "H87"),
    **dict.fromkeys(("u", "uur", "uren", "h", "hr", "hrs", "heure", "heures", "hour", "hours",
                     "stunde", "stunden"), "HUR"),
    **dict.fromkeys(("min", "minuut", "minuten", "minute", "minutes"), "MIN"),
    **dict.fromkeys(("dag", "dagen", "day", "days", "jour", "jours", "tag", "tage"), "DAY"),
    **dict.fromkeys(("week", "weken", "weeks", "semaine", "semaines"), "WEE"),
    **dict.fromkeys(("maand", "maanden", "month", "months", "mois", "monat"), "MON"),
    **dict.fromkeys(("jaar", "year", "years", "an", "ans", "année", "jahr"), "ANN"),
    "kg": "KGM", "g": "GRM", "t": "TNE", "ton": "TNE",
    "m": "MTR", "km": "KMT", "cm": "CMT", "mm": "MMT",
    "m2": "MTK", "m²": "MTK", "m3": "MTQ", "m³": "MTQ",
    **dict.fromkeys(("l", "liter", "litre", "liters", "litres"), "LTR"),
    "cl": "CLT", "ml": "MLT", "kwh": "KWH", "set": "SET",
    **dict.fromkeys(("forfait", "lump sum", "pauschal"), "LS"),
}
DEFAULT_UNIT = "C62"


def unit_code(unit: str) -> str:
    """The Rec 20 code of a typed unit (`uur` → `HUR`); `C62` ("one") when unknown or empty."""
    return UNIT_CODES.get(unit.strip().lower().rstrip("."), DEFAULT_UNIT)


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
    due_date: date | None = None
    note: str = ""
    buyer_reference: str = ""
    payment: PaymentInfo | None = None
    invoice_reference: tuple[str, date | None] | None = None
    attachment: Attachment | None = None

    @property
    def payable(self) -> Decimal:
        """What remains to be paid: the total less what was paid before."""
        return self.total - self.prepaid
