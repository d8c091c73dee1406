"""From a posted invoice or credit note to the `UblDocument` its e-invoice is written from.

The seller block comes from the tenant's company settings (`company.*`, read through the PDF
adapter so that the PDF and the e-invoice always agree), the buyer from the document's frozen
party, the amounts from the stored lines and VAT breakdown; the embedded PDF is the one stored
when the document was posted (rendered from the tenant's theme when none is stored yet).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from stdnum import iban as iban_number
from stdnum.exceptions import ValidationError

from addons.peppol.endpoints import EndpointError, legal_registration, party_endpoint
from addons.peppol.errors import (
    MSG_BUYER_ADDRESS,
    MSG_NO_INVOICE,
    MSG_NOT_POSTED,
    MSG_NOT_SALE,
    MSG_SELLER_VAT,
    MSG_SELLER_VAT_BAD,
    PeppolError,
)
from addons.peppol.kinds import is_einvoice
from addons.peppol.model import (
    AllowanceCharge,
    Attachment,
    Delivery,
    Party,
    PaymentInfo,
    TaxGroup,
    UblDocument,
    UblLine,
    unit_code,
)
from addons.peppol.translation import _
from core.api import (
    Buyer,
    Document,
    DocumentLine,
    DocumentState,
    DocumentView,
    InvalidVatNumber,
    Seller,
    Totals,
    build_view,
    cash_discount_of,
    cents,
    file_bytes,
    kind_of,
    normalise_vat,
    pdf_kind,
    render_pdf,
    stored_file,
    totals_of,
    vat,
)

if TYPE_CHECKING:
    from core.api import Context

ZERO = Decimal(0)
INTRA_COMMUNITY = "K"

#: Exemption codes and reasons come from the regimes table, `core.documents.vat.REGIMES`,
#: in the document language.
#: The financial discount is added back as a charge outside the VAT base (category E), with
#: the reason its amount is not taxed.
CASH_DISCOUNT_CATEGORY = "E"
#: Amounts kept out of the taxable base (art. 28, 4°) are stated in that category too.
OUTSIDE_BASE_CATEGORY = "E"
CASH_DISCOUNT_EXEMPTION = {
    "nl": "Korting voor contante betaling, niet in de maatstaf van heffing (art. 28, 2° WBTW)",
    "fr": "Escompte pour paiement comptant, exclu de la base d'imposition (art. 28, 2° CTVA)",
    "en": "Discount for prompt payment, outside the taxable amount (Belgian VAT Code, art. 28, 2°)",
    "de": "Skonto, nicht in der Bemessungsgrundlage (belgisches MwStGB, Art. 28 Nr. 2)",
}


def safe_filename(number: str) -> str:
    """A document number usable as a file name (`F2026/0001` → `F2026_0001`)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", number).strip("._")
    return cleaned or "document"


def _seller(seller: Seller) -> Party:
    if not seller.vat_number:
        raise PeppolError(_(MSG_SELLER_VAT))
    try:
        number = normalise_vat(seller.vat_number, seller.address.country or "BE") or ""
        endpoint = party_endpoint(number)
        legal_id = legal_registration(number)
    except (InvalidVatNumber, EndpointError) as exc:
        raise PeppolError(
            _(MSG_SELLER_VAT_BAD) % {"vat": seller.vat_number, "reason": str(exc)}
        ) from None
    return Party(
        name=seller.name,
        endpoint=endpoint,
        country=seller.address.country or "BE",
        street=seller.address.street,
        postal_code=seller.address.postal_code,
        city=seller.address.city,
        vat_number=number,
        legal_id=legal_id,
        email=seller.email,
    )


def _buyer(buyer: Buyer) -> Party:
    try:
        number = normalise_vat(buyer.vat_number, buyer.address.country or "BE") or ""
        endpoint = party_endpoint(number)
        legal_id = legal_registration(number)
    except (InvalidVatNumber, EndpointError) as exc:
        raise PeppolError(
            _(MSG_BUYER_ADDRESS) % {"name": buyer.name, "reason": str(exc).rstrip(".")}
        ) from None
    return Party(
        name=buyer.name,
        endpoint=endpoint,
        country=buyer.address.country or "BE",
        street=buyer.address.street,
        postal_code=buyer.address.postal_code,
        city=buyer.address.city,
        vat_number=number,
        legal_id=legal_id,
        email=buyer.email.split(",")[0].strip(),
    )


def ubl_line(number: int, line: DocumentLine) -> UblLine:
    """One priced line; a negative price becomes a negative quantity (prices are never < 0)."""
    name, _sep, detail = line.description.strip().partition("\n")
    quantity, price = Decimal(line.quantity), Decimal(line.unit_price)
    if price < 0:
        quantity, price = -quantity, -price
    gross = cents(quantity * price)
    allowance = gross - line.net_amount if line.discount_percent else ZERO
    return UblLine(
        number=number,
        name=name.strip() or "-",
        description=detail.strip(),
        quantity=quantity,
        unit_code=unit_code(line.unit or ""),
        unit_price=price,
        net=line.net_amount,
        category=ubl_category(line.vat_category),
        rate=ZERO if line.vat_category in vat.ZERO_CATEGORIES else line.vat_rate,
        discount_percent=line.discount_percent if allowance else ZERO,
        gross=gross if allowance else ZERO,
        allowance=allowance,
    )


def ubl_category(category: str) -> str:
    """The e-invoice category of a line or group: an amount kept out of the taxable base
    (`vat.OUTSIDE_BASE`, art. 28, 4°) is stated as exempt, `E` (BR-O-11 forbids `O` beside
    other categories; docs/architecture.md, "Deposits in the e-invoice")."""
    return OUTSIDE_BASE_CATEGORY if vat.is_outside_base(category) else category


def exemption(document: Document, category: str) -> tuple[str, str]:
    """The exemption code and reason (in the document language) of a category without VAT.

    Both come from the document's VAT regime in the regimes table, so the e-invoice and the
    PDF cite the same article.
    """
    if vat.is_outside_base(category):
        return "", vat.outside_base_mention(document.language)
    regime = vat.regime(document.vat_regime)
    if regime.category != category:  # a line given its own category under a VAT regime
        found = vat.regime_of_category(category)
        if found is None:
            return "", ""
        regime = found
    return regime.exemption_code or "", regime.exemption_reason(
        document.language, article=document.vat_exemption_article
    )


def _joined(first: str, second: str) -> str:
    return "; ".join(t for t in (first, second) if t)


def _tax_groups(document: Document, totals: Totals) -> tuple[TaxGroup, ...]:
    """One group per e-invoice category and rate: amounts kept out of the taxable base and
    the financial discount's charge join the exempt (`E`) group, their reasons joined."""
    groups: dict[tuple[str, Decimal], TaxGroup] = {}

    def add(group: TaxGroup) -> None:
        key = (group.category, group.rate)
        found = groups.get(key)
        if found is None:
            groups[key] = group
            return
        groups[key] = TaxGroup(
            found.category, found.rate, found.base + group.base, found.vat + group.vat,
            found.exemption_code or group.exemption_code,
            _joined(found.exemption_reason, group.exemption_reason),
        )

    for group in totals.breakdown:
        code, reason = exemption(document, group.category)
        add(TaxGroup(ubl_category(group.category), group.rate, group.base, group.vat, code,
                     reason))
    cash = sum((group.cash_discount for group in totals.breakdown), ZERO)
    if cash:  # the financial discount's charge joins the exempt amounts
        add(TaxGroup(CASH_DISCOUNT_CATEGORY, ZERO, cash, ZERO, "", _cash_exemption(document)))
    return tuple(groups.values())


def delivery_of(document: Document, groups: tuple[TaxGroup, ...], buyer: Party) -> Delivery | None:
    """The document's delivery date or period and the country delivered to. An
    intra-community supply always states both (BR-IC-11, BR-IC-12): without a delivery date it
    is the issue date, as on the invoice itself; without a country, the customer's."""
    intra = any(group.category == INTRA_COMMUNITY for group in groups)
    start, end = document.delivery_date, document.delivery_end
    if start is None and intra:
        start = document.issue_date
    country = document.delivery_country or (buyer.country if intra else "")
    if start is None and not country:
        return None
    return Delivery(start, end, country)
def _cash_exemption(document: Document) -> str:
    return CASH_DISCOUNT_EXEMPTION.get(document.language, CASH_DISCOUNT_EXEMPTION["en"])


def allowance_charges(document: Document, totals: Totals) -> tuple[AllowanceCharge, ...]:
    """The document level allowances (one per VAT rate, EN 16931 BG-20) and, for a financial
    discount, the discount on the VAT base of each rate with the charge that adds it back
    outside the VAT base: what is due stays the total without the discount, VAT is on the
    discounted base (Belgian VAT code, art. 28, 2°)."""
    items = [
        AllowanceCharge(False, a.reason, a.amount, a.category,
                        ZERO if a.category in vat.ZERO_CATEGORIES else a.rate,
                        a.reason_code, a.base, a.percent)
        for a in totals.allowances
    ]
    offered = cash_discount_of(document)
    taxed = sum((group.cash_discount for group in totals.breakdown), ZERO)
    if offered is not None and taxed:  # where no VAT is charged it only is a payment term
        for group in totals.breakdown:
            if group.cash_discount:
                items.append(AllowanceCharge(
                    False, offered.reason, group.cash_discount, group.category, group.rate,
                    offered.reason_code, group.base + group.cash_discount, offered.percent))
        items.append(AllowanceCharge(True, offered.reason, taxed, CASH_DISCOUNT_CATEGORY, ZERO))
    return tuple(items)


def _payment(view: DocumentView, document: Document) -> PaymentInfo | None:
    payment = view.payment
    if payment is None or not payment.iban:
        return None
    try:
        account = iban_number.validate(payment.iban)
    except ValidationError:
        account = re.sub(r"\s", "", payment.iban).upper()
    return PaymentInfo(
        iban=account,
        account_name=payment.beneficiary,
        bic=re.sub(r"\s", "", payment.bic).upper(),
        payment_id=document.structured_ref or document.number or "",
    )


def _invoice_reference(ctx: Context, document: Document) -> tuple[str, date]:
    invoice = (
        ctx.session.get(Document, document.credited_document_id)
        if document.credited_document_id is not None
        else None
    )
    if invoice is None or not invoice.number:
        raise PeppolError(_(MSG_NO_INVOICE))
    return invoice.number, invoice.issue_date


def issued_pdf(ctx: Context, document: Document, view: DocumentView) -> bytes:
    """The PDF as it was issued (stored at posting), else rendered now; nothing is written."""
    found = stored_file(ctx, document.id, pdf_kind(ctx, document))
    return file_bytes(found) if found is not None else render_pdf(view)


def check_exportable(ctx: Context, document: Document) -> None:
    """Refuse a draft, or a document that is no invoice or credit note (a quote, a delivery
    note, a cash receipt, ...)."""
    if document.state == DocumentState.DRAFT or not document.number:
        raise PeppolError(_(MSG_NOT_POSTED))
    if not is_einvoice(ctx, document):
        raise PeppolError(_(MSG_NOT_SALE))


def ubl_document(ctx: Context, document: Document, *, attach_pdf: bool = True) -> UblDocument:
    """The e-invoice content of a posted invoice or credit note of the tenant."""
    check_exportable(ctx, document)
    kind = kind_of(ctx, document.kind)
    view = build_view(ctx, document)
    seller, buyer = _seller(view.seller), _buyer(view.buyer)
    reference = _invoice_reference(ctx, document) if kind.is_credit else None
    priced = [line for line in document.lines if line.is_priced]
    lines = tuple(ubl_line(index, line) for index, line in enumerate(priced, start=1))
    attachment = None
    if attach_pdf:
        attachment = Attachment(
            filename=f"{safe_filename(document.number or '')}.pdf",
            content=issued_pdf(ctx, document, view),
            description=kind.label(document.language),
        )
    notes = [document.notes.strip(), *view.legal_mentions]
    totals = totals_of(document)
    tax_groups = _tax_groups(document, totals)
    return UblDocument(
        credit=kind.is_credit,
        number=document.number or "",
        issue_date=document.issue_date,
        due_date=document.due_date if kind.payable else None,
        currency=document.currency,
        seller=seller,
        buyer=buyer,
        lines=lines,
        tax_groups=tax_groups,
        line_total=totals.line_total,
        tax_total=document.total_vat,
        total=document.total_incl_vat,
        prepaid=ZERO if kind.is_credit else (document.amount_paid or ZERO),
        allowance_charges=allowance_charges(document, totals),
        payment_terms=view.cash_discount.text if view.cash_discount is not None else "",
        note="\n".join(text for text in notes if text),
        buyer_reference=view.buyer.customer_number or document.number or "",
        payment=_payment(view, document) if kind.payable else None,
        invoice_reference=reference,
        attachment=attachment,
        delivery=delivery_of(document, tax_groups, buyer),
    )
