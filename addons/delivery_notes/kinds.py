"""The document kind of the delivery notes addon, and the numbering it starts with."""

from __future__ import annotations

from core.api import DocumentKind

DELIVERY_NOTE = DocumentKind(
    "delivery_note",
    {"nl": "Leveringsbon", "fr": "Bon de livraison", "en": "Delivery note", "de": "Lieferschein"},
    plurals={"nl": "Leveringsbonnen", "fr": "Bons de livraison", "en": "Delivery notes",
             "de": "Lieferscheine"},
)

#: The pattern the numbering series starts with (LB2026-0001; the tenant may change it).
PATTERN = "LB%Y-(4)"
