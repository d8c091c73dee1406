"""The fixed words printed on documents, translated into the document language."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from core.i18n import N_, gettext

#: Titles of the document kinds core and the built-in addons know; others print their
#: own `DocumentView.title`.
KIND_TITLES = {
    "invoice": N_("Invoice"),
    "credit_note": N_("Credit note"),
    "quote": N_("Quote"),
    "order_confirmation": N_("Order confirmation"),
    "delivery_note": N_("Delivery note"),
    "work_order": N_("Work order"),
    "cash_receipt": N_("Cash receipt"),
}

LABELS = {
    "draft": N_("Draft"),
    "number": N_("Number"),
    "date": N_("Date"),
    "due_date": N_("Due date"),
    "delivery_date": N_("Delivery date"),
    "customer_number": N_("Customer number"),
    "reference": N_("Your reference"),
    "vat_number": N_("VAT number"),
    "attention": N_("Attn."),
    "description": N_("Description"),
    "quantity": N_("Quantity"),
    "unit_price": N_("Unit price"),
    "discount": N_("Discount"),
    "vat": N_("VAT"),
    "amount": N_("Amount"),
    "vat_rate": N_("VAT rate"),
    "vat_base": N_("Taxable amount"),
    "vat_amount": N_("VAT amount"),
    "line_total": N_("Total of the lines"),
    "total_net": N_("Total excl. VAT"),
    "outside_base": N_("Outside the taxable base"),
    "total_vat": N_("Total VAT"),
    "total": N_("Total incl. VAT"),
    "paid": N_("Already paid"),
    "amount_due": N_("Amount due"),
    "payment": N_("Payment"),
    "pay_to": N_("Please transfer the amount to"),
    "communication": N_("Structured communication"),
    "pay_by": N_("by"),
    "scan_to_pay": N_("Scan to pay"),
    "page": N_("Page"),
    "of": N_("of"),
    "iban": N_("IBAN"),
    "bic": N_("BIC"),
    "corrects_invoice": N_("Credit note for invoice"),
    "invoice_date": N_("Invoice date"),
    "enterprise_number": N_("Enterprise number"),
    "in_liquidation": N_("in liquidation"),
}


def labels(language: str) -> Mapping[str, str]:
    """Every document label in one language, read-only."""
    return MappingProxyType({key: gettext(text, language) for key, text in LABELS.items()})


def kind_title(kind: str, language: str) -> str:
    """The printed title of a document kind (`invoice` → `Factuur`)."""
    text = KIND_TITLES.get(kind)
    if text is None:
        return kind.replace("_", " ").capitalize()
    return gettext(text, language)
