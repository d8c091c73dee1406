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
from addons.peppol.model import (
    Attachment,
    Party,
    PaymentInfo,
    TaxGroup,
    UblDocument,
    UblLine,
    unit_code,
)
from core.contacts.vat import InvalidVatNumber, normalise_vat
from core.documents import vat
from core.documents.kinds import kind_of
from core.documents.models import Document, DocumentLine, DocumentState
from core.documents.service import breakdown
from core.documents.totals import cents
from core.i18n import _
from core.output.adapter import build_view
from core.output.pdf import render_pdf
from core.output.stored import file_bytes, pdf_kind, stored_file
from core.output.view import Buyer, DocumentView, Seller

if TYPE_CHECKING:
    from core.context import Context

ZERO = Decimal(0)

#: The exemption code (BT-121) of category O, which no Belgian regime uses (the others come
#: from the regimes table, `core.documents.vat.REGIMES`, with the reason in the document
#: language).
NOT_SUBJECT_CODE = "VATEX-EU-O"
NOT_SUBJECT = {
    "nl": "Niet onderworpen aan btw",
    "fr": "Non soumis à la TVA",
    "en": "Not subject to VAT",
    "de": "Nicht steuerbar",
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
        endpoint = party_endpoint(number, buyer.email)
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
        category=line.vat_category,
        rate=ZERO if line.vat_category in vat.ZERO_CATEGORIES else line.vat_rate,
        discount_percent=line.discount_percent if allowance else ZERO,
        gross=gross if allowance else ZERO,
        allowance=allowance,
    )


def exemption(document: Document, category: str) -> tuple[str, str]:
    """The exemption code and reason (in the document language) of a category without VAT.

    Both come from the document's VAT regime in the regimes table, so the e-invoice and the
    PDF cite the same article.
    """
    if category == "O":
        return NOT_SUBJECT_CODE, NOT_SUBJECT.get(document.language, NOT_SUBJECT["en"])
    regime = vat.regime(document.vat_regime)
    if regime.category != category:  # a line given its own category under a VAT regime
        found = vat.regime_of_category(category)
        if found is None:
            return "", ""
        regime = found
    return regime.exemption_code or "", regime.exemption_reason(
        document.language, article=document.vat_exemption_article
    )


def _tax_groups(document: Document) -> tuple[TaxGroup, ...]:
    groups = []
    for group in breakdown(document):
        code, reason = exemption(document, group.category)
        groups.append(TaxGroup(group.category, group.rate, group.base, group.vat, code, reason))
    return tuple(groups)


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
    """Refuse a draft, or a document that is no sale (a quote, a delivery note, ...)."""
    if document.state == DocumentState.DRAFT or not document.number:
        raise PeppolError(_(MSG_NOT_POSTED))
    if not kind_of(ctx, document.kind).vat_sale:
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
    return UblDocument(
        credit=kind.is_credit,
        number=document.number or "",
        issue_date=document.issue_date,
        due_date=document.due_date if kind.payable else None,
        currency=document.currency,
        seller=seller,
        buyer=buyer,
        lines=lines,
        tax_groups=_tax_groups(document),
        line_total=document.total_excl_vat,
        tax_total=document.total_vat,
        total=document.total_incl_vat,
        prepaid=ZERO if kind.is_credit else (document.amount_paid or ZERO),
        note="\n".join(text for text in notes if text),
        buyer_reference=view.buyer.customer_number or document.number or "",
        payment=_payment(view, document) if kind.payable else None,
        invoice_reference=reference,
        attachment=attachment,
    )
