"""The folded text a contact is found by: lower case, accents removed, key fields joined.

`Café Dupont, 9000 Gent` is found by `cafe`, `dupont` or `9000`. Kept in
`Contact.search_text` so that a search reads one column (on both engines alike).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

SEARCHED = ("name", "number", "vat_number", "email", "street", "postal_code", "city",
            "phone", "mobile")


def fold(text: str) -> str:
    """Lower case without accents: `Élise Müller` -> `elise muller`."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_text(values: Mapping[str, Any]) -> str:
    """The folded search text of a contact's values."""
    return fold(" ".join(str(values.get(key) or "") for key in SEARCHED))
