"""The document kinds of the quotes addon, and the numbering each starts with."""

from __future__ import annotations

from core.api import DocumentKind

QUOTE = DocumentKind(
    "quote",
    {"nl": "Offerte", "fr": "Devis", "en": "Quote", "de": "Angebot"},
    plurals={"nl": "Offertes", "fr": "Devis", "en": "Quotes", "de": "Angebote"},
)
ORDER_CONFIRMATION = DocumentKind(
    "order_confirmation",
    {
        "nl": "Orderbevestiging",
        "fr": "Confirmation de commande",
        "en": "Order confirmation",
        "de": "Auftragsbestätigung",
    },
    plurals={
        "nl": "Orderbevestigingen",
        "fr": "Confirmations de commande",
        "en": "Order confirmations",
        "de": "Auftragsbestätigungen",
    },
)
KINDS = (QUOTE, ORDER_CONFIRMATION)

#: The pattern each numbering series starts with (the tenant may change it later).
PATTERNS = {QUOTE.sequence_key: "OF%Y-(4)", ORDER_CONFIRMATION.sequence_key: "OB%Y-(4)"}
