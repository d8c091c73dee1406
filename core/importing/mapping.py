"""Which column feeds which field, guessed from the file's headers in nl, fr or en."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from core.i18n import gettext
from core.importing.spec import ImportField


def normalise_header(text: str) -> str:
    """A header reduced for comparison: `Numéro de TVA` -> `numerodetva`."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())


def spellings(item: ImportField) -> set[str]:
    """Every normalised spelling of a field: its key, label (in each UI language), headers."""
    names = {item.key, item.label, *item.headers}
    names.update(gettext(item.label, language) for language in ("nl", "fr", "en"))
    return {normalise_header(name) for name in names if name}


def guess_mapping(
    headers: Sequence[str], fields: Sequence[ImportField]
) -> dict[int, str]:
    """{column index: field key} for the columns whose header names a field (each field once)."""
    known = [(item.key, spellings(item)) for item in fields]
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for index, header in enumerate(headers):
        wanted = normalise_header(header)
        if not wanted:
            continue
        for key, names in known:
            if key not in used and wanted in names:
                mapping[index] = key
                used.add(key)
                break
    return mapping


def column_field(index: int) -> str:
    """The form field that says which field column `index` feeds (`column_0`, ...)."""
    return f"column_{index}"


def chosen_mapping(
    values: Mapping[str, Any], width: int, fields: Sequence[ImportField]
) -> dict[int, str]:
    """{column index: field key} as chosen in a mapping form (`column_<index>` fields);
    unknown keys are dropped and a field chosen twice feeds its first column only."""
    known = {item.key for item in fields}
    mapping: dict[int, str] = {}
    for index in range(width):
        key = str(values.get(column_field(index)) or "")
        if key in known and key not in mapping.values():
            mapping[index] = key
    return mapping
