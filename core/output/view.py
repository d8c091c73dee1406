"""The document view: everything a printed document shows, as plain frozen data.

The documents service turns a stored document into a `DocumentView` (see
`core.output.adapter.build_view`); the PDF renderer and the e-mail placeholders read only
this, never the database. Amounts are `Decimal`, already rounded by the documents service;
texts (legal mentions, line descriptions, VAT labels) are already in the document language.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from stdnum.be import ogm_vcs

from core.i18n import LANGUAGES

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_ACCENT = "#1f4e79"


class LineKind(enum.StrEnum):
    """What a document line is: a priced item, a subtitle grouping items, or free text."""

    ITEM = "item"
    SUBTITLE = "subtitle"
    TEXT = "text"


@dataclass(frozen=True)
class Address:
    """A postal address."""

    street: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = "BE"

    def lines(self, home_country: str = "BE") -> tuple[str, ...]:
        """The printable lines; the country is named only when abroad."""
        city_line = " ".join(part for part in (self.postal_code, self.city) if part)
        lines = [line for line in (self.street, city_line) if line]
        if self.country and self.country != home_country:
            lines.append(self.country)
        return tuple(lines)


@dataclass(frozen=True)
class Seller:
    """The tenant issuing the document."""

    name: str
    address: Address = field(default_factory=Address)
    vat_number: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    iban: str = ""
    bic: str = ""
    extra_lines: tuple[str, ...] = ()
    legal_form: str = ""  # "BV", "SRL", ...
    enterprise_number: str = ""  # "0123.456.749"
    register: str = ""  # the register of legal persons and its court: "RPR Gent"
    in_liquidation: bool = False


@dataclass(frozen=True)
class CorrectedInvoice:
    """The invoice a credit note corrects, as the credit note prints it."""

    number: str
    issue_date: date


@dataclass(frozen=True)
class Buyer:
    """The customer block: who the document is addressed to."""

    name: str
    address: Address = field(default_factory=Address)
    attention: str = ""
    vat_number: str = ""
    customer_number: str = ""
    email: str = ""


@dataclass(frozen=True)
class Line:
    """One printed line; subtitles and text lines carry only a description."""

    kind: LineKind
    description: str
    quantity: Decimal | None = None
    unit: str = ""
    unit_price: Decimal | None = None
    discount_percent: Decimal | None = None
    vat_label: str = ""
    net_amount: Decimal | None = None
    code: str = ""
    detail: str = ""

    @classmethod
    def item(
        cls,
        description: str,
        quantity: Decimal,
        unit_price: Decimal,
        net_amount: Decimal,
        vat_label: str,
        **extra: object,
    ) -> Line:
        """A priced line."""
        return cls(LineKind.ITEM, description, quantity=quantity, unit_price=unit_price,
                   net_amount=net_amount, vat_label=vat_label, **extra)  # type: ignore[arg-type]

    @classmethod
    def subtitle(cls, text: str) -> Line:
        """A heading between groups of lines."""
        return cls(LineKind.SUBTITLE, text)

    @classmethod
    def text(cls, text: str) -> Line:
        """A line of free text without amounts."""
        return cls(LineKind.TEXT, text)


@dataclass(frozen=True)
class VatTotal:
    """The VAT of one rate: its label ("21 %", "Btw verlegd"), base and amount."""

    label: str
    base: Decimal
    vat: Decimal
    rate: Decimal | None = None


@dataclass(frozen=True)
class AllowanceRow:
    """A discount on the whole document as printed: its reason, percentage (if any), the VAT
    rate it lowers (when the document has several) and its amount."""

    reason: str
    amount: Decimal
    percent: Decimal | None = None
    vat_label: str = ""


@dataclass(frozen=True)
class CashDiscount:
    """The financial discount offered: `percent` off when paid within `days` (by `until`);
    `text` is the printed condition, in the document language."""

    percent: Decimal
    days: int
    amount: Decimal
    amount_due: Decimal
    until: date | None = None
    text: str = ""


@dataclass(frozen=True)
class Payment:
    """How to pay: the bank account, the amount, the due date and the reference."""

    iban: str
    beneficiary: str
    amount: Decimal
    bic: str = ""
    due_date: date | None = None
    structured_communication: str = ""
    reference_text: str = ""
    show_qr: bool = True
    currency: str = "EUR"  # the EPC QR code exists only for euro

    @property
    def framed_communication(self) -> str:
        """The structured communication as printed: `+++010/8068/17183+++` (or empty)."""
        if not self.structured_communication:
            return ""
        return f"+++{ogm_vcs.format(self.structured_communication)}+++"


@dataclass(frozen=True)
class ExtraBlock:
    """An HTML block an addon prints on the document (trusted markup, escaped by the addon)."""

    addon_id: str
    html: str


@dataclass(frozen=True)
class DocumentView:
    """One document as it is printed, in its language and theme.

    `show_prices` False prints the lines without unit price, discount, VAT and amount, and
    leaves out the totals and the payment block (a delivery note whose prices are hidden).
    """

    kind: str
    number: str | None
    issue_date: date
    language: str
    seller: Seller
    buyer: Buyer
    lines: tuple[Line, ...]
    vat_totals: tuple[VatTotal, ...]
    total_net: Decimal
    total_vat: Decimal
    total: Decimal
    currency: str = "EUR"
    title: str = ""
    due_date: date | None = None
    # printed only when it differs from the issue date; with `delivery_end`, a period
    delivery_date: date | None = None
    delivery_end: date | None = None
    reference: str = ""
    header_fields: tuple[tuple[str, str], ...] = ()
    intro: str = ""
    outro: str = ""
    legal_mentions: tuple[str, ...] = ()
    payment: Payment | None = None
    amount_paid: Decimal = Decimal("0")
    line_total: Decimal | None = None
    allowances: tuple[AllowanceRow, ...] = ()
    cash_discount: CashDiscount | None = None
    theme: str = "default"
    accent_colour: str = DEFAULT_ACCENT
    logo_path: Path | None = None
    extra_blocks: tuple[ExtraBlock, ...] = ()
    show_prices: bool = True
    corrects: CorrectedInvoice | None = None
    #: the part of `total_net` kept out of the taxable base (art. 28, 4°: deposits), printed
    #: apart from the VAT breakdown
    outside_base: Decimal = Decimal("0")

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"unknown document language {self.language!r}; one of {LANGUAGES}")
        if not _COLOUR.match(self.accent_colour):
            raise ValueError(f"accent colour {self.accent_colour!r} is not of the form #rrggbb")
        if not re.fullmatch(r"[a-z0-9_-]+", self.theme):
            raise ValueError(f"theme name {self.theme!r} may hold only a-z, 0-9, _ and -")

    @property
    def amount_due(self) -> Decimal:
        """What remains to be paid (`amount_paid` counts payments and credit notes)."""
        return self.total - self.amount_paid
