"""UBL 2.1 Invoice and CreditNote XML per PEPPOL BIS Billing 3.0, written with lxml.

Elements come in the order the UBL 2.1 schemas prescribe; no element is written empty.
Amounts carry two decimals and the document currency; unit prices keep their precision.
"""

from __future__ import annotations

import base64
from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

from addons.peppol.model import (
    AllowanceCharge,
    Attachment,
    Delivery,
    Party,
    PaymentInfo,
    TaxGroup,
    UblDocument,
    UblLine,
)

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NSMAP = {"cac": CAC, "cbc": CBC}
INVOICE_TYPE = "380"
CREDIT_NOTE_TYPE = "381"
CREDIT_TRANSFER = "30"
DISCOUNT_REASON = "95"
NO_PERCENT = frozenset({"O"})  # "not subject to VAT" carries no rate
CENT = Decimal("0.01")


def amount_text(value: Decimal) -> str:
    """An amount with exactly two decimals."""
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):f}"


def number_text(value: Decimal) -> str:
    """A quantity or rate without needless zeros and never in exponent form (`1.5`, `21`)."""
    text = f"{Decimal(value).normalize():f}"
    return "0" if text in ("-0", "0") else text


def price_text(value: Decimal) -> str:
    """A unit price: at least two decimals, more only when the price has them."""
    value = Decimal(value)
    if value == value.quantize(CENT):
        return amount_text(value)
    return number_text(value)


def _cbc(parent: etree._Element, tag: str, text: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CBC}}}{tag}", attrs)
    element.text = text
    return element


def _cac(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{CAC}}}{name}")


def _money(parent: etree._Element, name: str, value: Decimal, currency: str) -> None:
    _cbc(parent, name, amount_text(value), currencyID=currency)


def _optional(parent: etree._Element, name: str, text: str) -> None:
    if text:
        _cbc(parent, name, text)


def _party(parent: etree._Element, role: str, party: Party) -> None:
    node = _cac(_cac(parent, role), "Party")
    _cbc(node, "EndpointID", party.endpoint.value, schemeID=party.endpoint.scheme)
    _cbc(_cac(node, "PartyName"), "Name", party.name)
    address = _cac(node, "PostalAddress")
    _optional(address, "StreetName", party.street)
    _optional(address, "CityName", party.city)
    _optional(address, "PostalZone", party.postal_code)
    _cbc(_cac(address, "Country"), "IdentificationCode", party.country)
    if party.vat_number:
        scheme = _cac(node, "PartyTaxScheme")
        _cbc(scheme, "CompanyID", party.vat_number)
        _cbc(_cac(scheme, "TaxScheme"), "ID", "VAT")
    legal = _cac(node, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", party.name)
    if party.legal_id is not None:
        _cbc(legal, "CompanyID", party.legal_id.value, schemeID=party.legal_id.scheme)
    if party.email:
        _cbc(_cac(node, "Contact"), "ElectronicMail", party.email)


def _attachment(parent: etree._Element, number: str, attachment: Attachment) -> None:
    reference = _cac(parent, "AdditionalDocumentReference")
    _cbc(reference, "ID", number)
    _optional(reference, "DocumentDescription", attachment.description)
    _cbc(
        _cac(reference, "Attachment"),
        "EmbeddedDocumentBinaryObject",
        base64.b64encode(attachment.content).decode("ascii"),
        mimeCode=attachment.mime_code,
        filename=attachment.filename,
    )


def _invoice_period(parent: etree._Element, delivery: Delivery | None) -> None:
    if delivery is not None and delivery.start is not None and delivery.end is not None:
        period = _cac(parent, "InvoicePeriod")
        _cbc(period, "StartDate", delivery.start.isoformat())
        _cbc(period, "EndDate", delivery.end.isoformat())


def _delivery(parent: etree._Element, delivery: Delivery | None) -> None:
    if delivery is None:
        return
    day = delivery.start if delivery.end is None else None
    if day is None and not delivery.country:
        return
    node = _cac(parent, "Delivery")
    if day is not None:
        _cbc(node, "ActualDeliveryDate", day.isoformat())
    if delivery.country:
        address = _cac(_cac(node, "DeliveryLocation"), "Address")
        _cbc(_cac(address, "Country"), "IdentificationCode", delivery.country)


def _payment(parent: etree._Element, payment: PaymentInfo) -> None:
    means = _cac(parent, "PaymentMeans")
    _cbc(means, "PaymentMeansCode", CREDIT_TRANSFER, name="Credit transfer")
    _optional(means, "PaymentID", payment.payment_id)
    account = _cac(means, "PayeeFinancialAccount")
    _cbc(account, "ID", payment.iban)
    _optional(account, "Name", payment.account_name)
    if payment.bic:
        _cbc(_cac(account, "FinancialInstitutionBranch"), "ID", payment.bic)


def _category(parent: etree._Element, name: str, category: str, rate: Decimal,
              group: TaxGroup | None = None) -> None:
    node = _cac(parent, name)
    _cbc(node, "ID", category)
    if category not in NO_PERCENT:
        _cbc(node, "Percent", number_text(rate))
    if group is not None:
        _optional(node, "TaxExemptionReasonCode", group.exemption_code)
        _optional(node, "TaxExemptionReason", group.exemption_reason)
    _cbc(_cac(node, "TaxScheme"), "ID", "VAT")


def _allowance_charge(parent: etree._Element, doc: UblDocument, item: AllowanceCharge) -> None:
    node = _cac(parent, "AllowanceCharge")
    _cbc(node, "ChargeIndicator", "true" if item.charge else "false")
    _optional(node, "AllowanceChargeReasonCode", item.reason_code)
    _optional(node, "AllowanceChargeReason", item.reason)
    if item.percent is not None:
        _cbc(node, "MultiplierFactorNumeric", number_text(item.percent))
    _money(node, "Amount", item.amount, doc.currency)
    if item.base is not None:
        _money(node, "BaseAmount", item.base, doc.currency)
    _category(node, "TaxCategory", item.category, item.rate)


def _tax_total(parent: etree._Element, doc: UblDocument) -> None:
    total = _cac(parent, "TaxTotal")
    _money(total, "TaxAmount", doc.tax_total, doc.currency)
    for group in doc.tax_groups:
        subtotal = _cac(total, "TaxSubtotal")
        _money(subtotal, "TaxableAmount", group.base, doc.currency)
        _money(subtotal, "TaxAmount", group.vat, doc.currency)
        _category(subtotal, "TaxCategory", group.category, group.rate, group)


def _monetary_total(parent: etree._Element, doc: UblDocument) -> None:
    total = _cac(parent, "LegalMonetaryTotal")
    _money(total, "LineExtensionAmount", doc.line_total, doc.currency)
    _money(total, "TaxExclusiveAmount", doc.tax_exclusive, doc.currency)
    _money(total, "TaxInclusiveAmount", doc.total, doc.currency)
    if any(not item.charge for item in doc.allowance_charges):
        _money(total, "AllowanceTotalAmount", doc.allowance_total, doc.currency)
    if any(item.charge for item in doc.allowance_charges):
        _money(total, "ChargeTotalAmount", doc.charge_total, doc.currency)
    if doc.prepaid:
        _money(total, "PrepaidAmount", doc.prepaid, doc.currency)
    _money(total, "PayableAmount", doc.payable, doc.currency)


def _line(parent: etree._Element, doc: UblDocument, line: UblLine) -> None:
    tag = "CreditNoteLine" if doc.credit else "InvoiceLine"
    node = _cac(parent, tag)
    _cbc(node, "ID", str(line.number))
    quantity_tag = "CreditedQuantity" if doc.credit else "InvoicedQuantity"
    _cbc(node, quantity_tag, number_text(line.quantity), unitCode=line.unit_code)
    _money(node, "LineExtensionAmount", line.net, doc.currency)
    if line.allowance:
        discount = _cac(node, "AllowanceCharge")
        _cbc(discount, "ChargeIndicator", "false")
        _cbc(discount, "AllowanceChargeReasonCode", DISCOUNT_REASON)
        _cbc(discount, "AllowanceChargeReason", "Discount")
        _cbc(discount, "MultiplierFactorNumeric", number_text(line.discount_percent))
        _money(discount, "Amount", line.allowance, doc.currency)
        _money(discount, "BaseAmount", line.gross, doc.currency)
    item = _cac(node, "Item")
    _optional(item, "Description", line.description)
    _cbc(item, "Name", line.name)
    _category(item, "ClassifiedTaxCategory", line.category, line.rate)
    _cbc(_cac(node, "Price"), "PriceAmount", price_text(line.unit_price), currencyID=doc.currency)


def build_tree(doc: UblDocument) -> etree._Element:
    """The UBL document as an lxml element."""
    root_ns, root_name = (CREDIT_NOTE_NS, "CreditNote") if doc.credit else (INVOICE_NS, "Invoice")
    root = etree.Element(f"{{{root_ns}}}{root_name}", nsmap={None: root_ns, **NSMAP})
    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
    _cbc(root, "ID", doc.number)
    _cbc(root, "IssueDate", doc.issue_date.isoformat())
    if doc.credit:
        _cbc(root, "CreditNoteTypeCode", CREDIT_NOTE_TYPE)
    else:
        if doc.due_date is not None:
            _cbc(root, "DueDate", doc.due_date.isoformat())
        _cbc(root, "InvoiceTypeCode", INVOICE_TYPE)
    _optional(root, "Note", doc.note)
    _cbc(root, "DocumentCurrencyCode", doc.currency)
    _optional(root, "BuyerReference", doc.buyer_reference)
    _invoice_period(root, doc.delivery)
    if doc.invoice_reference is not None:
        number, issued = doc.invoice_reference
        reference = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(reference, "ID", number)
        if issued is not None:
            _cbc(reference, "IssueDate", issued.isoformat())
    if doc.attachment is not None:
        _attachment(root, doc.number, doc.attachment)
    _party(root, "AccountingSupplierParty", doc.seller)
    _party(root, "AccountingCustomerParty", doc.buyer)
    _delivery(root, doc.delivery)
    if doc.payment is not None:
        _payment(root, doc.payment)
    if doc.payment_terms:
        _cbc(_cac(root, "PaymentTerms"), "Note", doc.payment_terms)
    for item in doc.allowance_charges:
        _allowance_charge(root, doc, item)
    _tax_total(root, doc)
    _monetary_total(root, doc)
    for line in doc.lines:
        _line(root, doc, line)
    return root


def to_xml(doc: UblDocument) -> bytes:
    """The UBL document as UTF-8 XML bytes with an XML declaration."""
    return etree.tostring(build_tree(doc), xml_declaration=True, encoding="UTF-8")
