"""The document kind of the cash receipts addon, and the numbering it starts with."""

from __future__ import annotations

from core.api import DocumentKind

#: A sale over the counter: it counts for VAT and revenue, and is paid at once, so it asks
#: for no payment (no due date, no structured communication).
CASH_RECEIPT = DocumentKind(
    "cash_receipt",
    {"nl": "Kasticket", "fr": "Ticket de caisse", "en": "Cash receipt", "de": "Kassenbon"},
    plurals={"nl": "Kastickets", "fr": "Tickets de caisse", "en": "Cash receipts",
             "de": "Kassenbons"},
    vat_sale=True,
    payable=False,
)

#: The pattern the numbering series starts with (KT2026-0001; the tenant may change it).
PATTERN = "KT%Y-(4)"
