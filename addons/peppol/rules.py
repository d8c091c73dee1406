"""Business rules of EN 16931 and PEPPOL BIS Billing 3.0, checked on the finished XML.

Not the whole schematron: the rules an invoice of this application could break — the sums
(BR-CO-10/13/14/15/16/17), the VAT categories without VAT (AE, K, G, E), line amounts,
decimals, the Belgian `0208` identifiers and the structured communication. Every e-invoice is
checked before it leaves, so a wrong one is refused instead of being sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from lxml import etree
from stdnum.be import ogm_vcs

from addons.peppol.endpoints import ENTERPRISE, is_enterprise_number
from addons.peppol.ubl import CAC, CBC, CREDIT_NOTE_TYPE, CUSTOMIZATION_ID, INVOICE_TYPE, PROFILE_ID

NS = {"cac": CAC, "cbc": CBC}
ZERO = Decimal(0)
CENT = Decimal("0.01")
SLACK = Decimal("0.02")
#: Categories that charge no VAT: the prefix of their rules and whether the buyer's VAT
#: number is required besides the seller's.
NO_VAT = {"AE": ("BR-AE", True), "K": ("BR-IC", True), "G": ("BR-G", False),
          "E": ("BR-E", False)}
MIME_CODES = frozenset({"application/pdf", "image/png", "image/jpeg", "text/csv",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "application/vnd.oasis.opendocument.spreadsheet"})


@dataclass(frozen=True)
class Violation:
    """A rule the document breaks."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


def _dec(text: str | None) -> Decimal:
    try:
        return Decimal((text or "0").strip())
    except InvalidOperation:
        return Decimal("NaN")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class _Doc:
    """XPath helpers over a parsed UBL document."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.credit = etree.QName(root).localname == "CreditNote"
        self.line_tag = "cac:CreditNoteLine" if self.credit else "cac:InvoiceLine"
        self.quantity_tag = "cbc:CreditedQuantity" if self.credit else "cbc:InvoicedQuantity"

    def all(self, path: str, node: etree._Element | None = None) -> list[etree._Element]:
        return (node if node is not None else self.root).xpath(path, namespaces=NS)

    def text(self, path: str, node: etree._Element | None = None) -> str | None:
        found = self.all(path, node)
        return found[0].text if found else None

    def amount(self, path: str, node: etree._Element | None = None) -> Decimal:
        return _dec(self.text(path, node))

    def sum(self, path: str, node: etree._Element | None = None) -> Decimal:
        return sum((_dec(e.text) for e in self.all(path, node)), ZERO)


def _header(doc: _Doc) -> Iterable[Violation]:
    if doc.text("cbc:CustomizationID") != CUSTOMIZATION_ID:
        yield Violation("PEPPOL-EN16931-R004", "CustomizationID is not PEPPOL BIS Billing 3.0")
    if doc.text("cbc:ProfileID") != PROFILE_ID:
        yield Violation("PEPPOL-EN16931-R007", "ProfileID is not the billing profile 01")
    if doc.credit:
        if doc.text("cbc:CreditNoteTypeCode") != CREDIT_NOTE_TYPE:
            yield Violation("BR-CL-01", "a credit note has type code 381")
        if not (doc.text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") or "").strip():
            yield Violation("BR-55", "a credit note names the invoice it credits")
    elif doc.text("cbc:InvoiceTypeCode") != INVOICE_TYPE:
        yield Violation("BR-CL-01", "an invoice has type code 380")
    if len(doc.all("cbc:Note")) > 1:
        yield Violation("PEPPOL-EN16931-R002", "at most one note on the document")
    if not doc.text("cbc:BuyerReference") and not doc.all("cac:OrderReference/cbc:ID"):
        yield Violation("PEPPOL-EN16931-R003", "a buyer reference or order reference is needed")
    empty = [e for e in doc.root.iter() if isinstance(e.tag, str) and len(e) == 0
             and not (e.text or "").strip()]
    if empty:
        yield Violation("PEPPOL-EN16931-R008", f"empty element {etree.QName(empty[0]).localname}")


def _decimals(doc: _Doc) -> Iterable[Violation]:
    currency = doc.text("cbc:DocumentCurrencyCode")
    for element in doc.root.iter(f"{{{CBC}}}*"):
        name = etree.QName(element).localname
        if not name.endswith("Amount") or element.getparent().tag == f"{{{CAC}}}Price":
            continue  # a unit price (BT-146, BT-148) may have more decimals
        value = _dec(element.text)
        if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
            yield Violation("BR-DEC", f"{name} {element.text} has more than 2 decimals")
        if element.get("currencyID") != currency:
            yield Violation("BR-CL-03", f"{name} is not in the document currency {currency}")


def _totals(doc: _Doc) -> Iterable[Violation]:
    total = "cac:LegalMonetaryTotal/cbc:"
    lines = doc.sum(f"{doc.line_tag}/cbc:LineExtensionAmount")
    line_total = doc.amount(total + "LineExtensionAmount")
    excl = doc.amount(total + "TaxExclusiveAmount")
    incl = doc.amount(total + "TaxInclusiveAmount")
    allowances = doc.amount(total + "AllowanceTotalAmount")
    charges = doc.amount(total + "ChargeTotalAmount")
    prepaid = doc.amount(total + "PrepaidAmount")
    rounding = doc.amount(total + "PayableRoundingAmount")
    payable = doc.amount(total + "PayableAmount")
    tax_totals = [t for t in doc.all("cac:TaxTotal") if doc.all("cac:TaxSubtotal", t)]
    vat = doc.amount("cbc:TaxAmount", tax_totals[0]) if tax_totals else ZERO
    if lines != line_total:
        yield Violation("BR-CO-10", f"line amounts add up to {lines}, not {line_total}")
    if excl != line_total - allowances + charges:
        yield Violation("BR-CO-13", f"amount without VAT {excl} ≠ lines − allowances + charges")
    for tax_total in tax_totals:
        subtotals = doc.sum("cac:TaxSubtotal/cbc:TaxAmount", tax_total)
        if doc.amount("cbc:TaxAmount", tax_total) != subtotals:
            yield Violation("BR-CO-14", f"VAT total ≠ the sum of the VAT breakdown {subtotals}")
    if incl != excl + vat:
        yield Violation("BR-CO-15", f"amount with VAT {incl} ≠ {excl} + VAT {vat}")
    if payable != incl - prepaid + rounding:
        yield Violation("BR-CO-16", f"amount due {payable} ≠ {incl} − paid {prepaid}")
    if payable > 0 and not doc.credit and not (
        doc.text("cbc:DueDate") or doc.all("cac:PaymentTerms/cbc:Note")
    ):
        yield Violation("BR-CO-25", "an amount due needs a due date or payment terms")


def _line_key(doc: _Doc, line: etree._Element) -> tuple[str, Decimal]:
    category = "cac:Item/cac:ClassifiedTaxCategory/cbc:"
    return doc.text(category + "ID", line) or "", doc.amount(category + "Percent", line)


def _breakdown(doc: _Doc) -> Iterable[Violation]:
    bases: dict[tuple[str, Decimal], Decimal] = {}
    for line in doc.all(doc.line_tag):
        key = _line_key(doc, line)
        bases[key] = bases.get(key, ZERO) + doc.amount("cbc:LineExtensionAmount", line)
    for item in doc.all("cac:AllowanceCharge"):  # document level allowances and charges
        key = (doc.text("cac:TaxCategory/cbc:ID", item) or "",
               doc.amount("cac:TaxCategory/cbc:Percent", item))
        sign = 1 if doc.text("cbc:ChargeIndicator", item) == "true" else -1
        bases[key] = bases.get(key, ZERO) + sign * doc.amount("cbc:Amount", item)
    for subtotal in doc.all("cac:TaxTotal/cac:TaxSubtotal"):
        category = doc.text("cac:TaxCategory/cbc:ID", subtotal) or ""
        rate = doc.amount("cac:TaxCategory/cbc:Percent", subtotal)
        base = doc.amount("cbc:TaxableAmount", subtotal)
        tax = doc.amount("cbc:TaxAmount", subtotal)
        prefix = NO_VAT.get(category, ("BR-" + category,))[0]
        if base != bases.pop((category, rate), ZERO):
            yield Violation(f"{prefix}-08", f"taxable amount of {category} {rate} % ≠ its lines")
        if tax != _cents(base * rate / 100):
            yield Violation("BR-CO-17", f"VAT of {category} {rate} % ≠ base × rate")
        if category in NO_VAT:
            if tax != 0:
                yield Violation(f"{prefix}-09", f"category {category} charges no VAT")
            reason = doc.text("cac:TaxCategory/cbc:TaxExemptionReason", subtotal)
            code = doc.text("cac:TaxCategory/cbc:TaxExemptionReasonCode", subtotal)
            if not (reason or code):
                yield Violation(f"{prefix}-10", f"category {category} needs its exemption reason")
    for category, rate in bases:
        yield Violation("BR-CO-18", f"lines of {category} {rate} % lack a VAT breakdown")
    categories = {doc.text("cac:TaxCategory/cbc:ID", s) for s in doc.all(
        "cac:TaxTotal/cac:TaxSubtotal")}
    if "O" in categories and len(categories) > 1:
        yield Violation("BR-O-11", "amounts not subject to VAT (O) cannot be mixed with "
                        "other VAT categories on one invoice")


def _lines(doc: _Doc) -> Iterable[Violation]:
    for line in doc.all(doc.line_tag):
        line_id = doc.text("cbc:ID", line)
        category, rate = _line_key(doc, line)
        quantity = doc.amount(doc.quantity_tag, line)
        price = doc.amount("cac:Price/cbc:PriceAmount", line)
        base_quantity = doc.amount("cac:Price/cbc:BaseQuantity", line) or Decimal(1)
        allowances = doc.sum("cac:AllowanceCharge[cbc:ChargeIndicator='false']/cbc:Amount", line)
        charges = doc.sum("cac:AllowanceCharge[cbc:ChargeIndicator='true']/cbc:Amount", line)
        net = doc.amount("cbc:LineExtensionAmount", line)
        if abs(net - (quantity * price / base_quantity + charges - allowances)) > SLACK:
            yield Violation("PEPPOL-EN16931-R120", f"line {line_id}: net ≠ quantity × price")
        if price < 0:
            yield Violation("BR-27", f"line {line_id}: a price is never negative")
        for discount in doc.all("cac:AllowanceCharge[cbc:MultiplierFactorNumeric]", line):
            expected = doc.amount("cbc:BaseAmount", discount) * doc.amount(
                "cbc:MultiplierFactorNumeric", discount) / 100
            if abs(doc.amount("cbc:Amount", discount) - expected) > SLACK:
                yield Violation("PEPPOL-EN16931-R040", f"line {line_id}: discount ≠ base × %")
        if category in NO_VAT and rate != 0:
            yield Violation(f"{NO_VAT[category][0]}-05", f"line {line_id}: {category} is at 0 %")
        if category == "S" and rate <= 0:
            yield Violation("BR-S-05", f"line {line_id}: S needs a rate above 0 %")


def _parties(doc: _Doc) -> Iterable[Violation]:
    seller = "cac:AccountingSupplierParty/cac:Party/"
    buyer = "cac:AccountingCustomerParty/cac:Party/"
    for path in (seller, buyer):
        if not doc.text(path + "cbc:EndpointID"):
            yield Violation("PEPPOL-EN16931-R020", "each party needs an electronic address")
    categories = {doc.text("cbc:ID", c) for c in doc.all(
        "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory")}
    seller_vat = doc.text(seller + "cac:PartyTaxScheme/cbc:CompanyID")
    buyer_vat = doc.text(buyer + "cac:PartyTaxScheme/cbc:CompanyID")
    for category, (prefix, needs_buyer) in NO_VAT.items():
        if category not in categories:
            continue
        if not seller_vat:
            yield Violation(f"{prefix}-02", f"category {category} needs the seller's VAT number")
        if needs_buyer and not buyer_vat:
            yield Violation(f"{prefix}-02", f"category {category} needs the buyer's VAT number")
    for element in doc.root.xpath(f"//*[@schemeID='{ENTERPRISE}']"):
        if not is_enterprise_number((element.text or "").strip()):
            yield Violation("BE-0208", f"{element.text} is not a valid enterprise number")


def _payment(doc: _Doc) -> Iterable[Violation]:
    for means in doc.all("cac:PaymentMeans"):
        if doc.text("cbc:PaymentMeansCode", means) in ("30", "58") and not doc.text(
            "cac:PayeeFinancialAccount/cbc:ID", means
        ):
            yield Violation("BR-61", "a credit transfer needs the account to pay to")
        payment_id = doc.text("cbc:PaymentID", means) or ""
        if payment_id.isdigit() and not ogm_vcs.is_valid(payment_id):
            yield Violation("BE-OGM", f"{payment_id} is not a valid structured communication")
    for binary in doc.all("cac:AdditionalDocumentReference/cac:Attachment/"
                          "cbc:EmbeddedDocumentBinaryObject"):
        if binary.get("mimeCode") not in MIME_CODES or not binary.get("filename"):
            yield Violation("BR-CL-24", "an attachment needs a known MIME code and a file name")


RULES = (_header, _decimals, _totals, _breakdown, _lines, _parties, _payment)


def check(xml: bytes | etree._Element) -> list[Violation]:
    """Every rule the UBL document breaks; an empty list when it passes them all."""
    root = etree.fromstring(xml) if isinstance(xml, bytes) else xml
    doc = _Doc(root)
    return [violation for rule in RULES for violation in rule(doc)]
