"""Checking and normalising what is typed or imported for a product, field by field.

The form, the importer and the services all go through `clean_product`. Names and
descriptions per language come either as `names={"fr": ...}` or as flat keys `name_fr`,
`description_de` (what a form or a spreadsheet column gives).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from addons.products.errors import ProductValidationError
from addons.products.translation import _
from core.api import LANGUAGES, find_unit, parse_bool, parse_decimal

VAT_RATES = (Decimal("21"), Decimal("12"), Decimal("6"), Decimal("0"))
CODE_LENGTH = 40
NAME_LENGTH = 200
PRICE_LIMIT = Decimal("10") ** 10
SIMPLE_FIELDS = (
    "code", "name", "description", "unit", "sale_price", "purchase_price", "vat_rate",
    "active", "custom_data",
)
LANGUAGE_FIELDS = tuple(f"{kind}_{lang}" for kind in ("name", "description") for lang in LANGUAGES)
CATEGORY_FIELDS = ("category", "category_id")
FIELDS = (*SIMPLE_FIELDS, "names", "descriptions", *LANGUAGE_FIELDS, *CATEGORY_FIELDS)


def _text(value: Any, limit: int | None = None) -> str:
    text = "" if value is None else str(value).strip()
    if limit is not None and len(text) > limit:
        raise ValueError(_("at most %(count)s characters") % {"count": limit})
    return text


def clean_code(value: Any) -> str:
    """A product code: no spaces around, at most 40 characters (empty: numbered later)."""
    return _text(value, CODE_LENGTH)


def clean_price(value: Any, *, optional: bool = False) -> Decimal | None:
    """A price of zero or more (`12,50`, `12.5`, `€ 1.234,50`)."""
    text = value.replace("€", "") if isinstance(value, str) else value
    number = parse_decimal(text)
    if number is None:
        if optional:
            return None
        return Decimal("0")
    if number < 0:
        raise ValueError(_("a price cannot be negative"))
    if number >= PRICE_LIMIT:
        raise ValueError(_("this price is too high"))
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        return number.quantize(Decimal("0.000001"))
    return number


def clean_vat_rate(value: Any) -> Decimal:
    """One of the Belgian VAT rates: 21, 12, 6 or 0."""
    number = parse_decimal(value)
    if number is None:
        raise ValueError(_("choose a VAT rate: 21, 12, 6 or 0 %"))
    for rate in VAT_RATES:
        if number == rate:
            return rate
    raise ValueError(_("choose a VAT rate: 21, 12, 6 or 0 %"))


def clean_unit(value: Any) -> str:
    """A UN/ECE Rec 20 unit code from a code, a symbol or a name (`stuk`, `h`, `kg`)."""
    text = _text(value)
    if not text:
        return "C62"
    unit = find_unit(text)
    if unit is None:
        raise ValueError(_("unknown unit %(unit)s") % {"unit": text})
    return unit.code


def _per_language(
    data: Mapping[str, Any], kind: str, limit: int | None, errors: dict[str, str]
) -> dict[str, str] | None:
    given = data.get(f"{kind}s")
    flat = {lang: data[f"{kind}_{lang}"] for lang in LANGUAGES if f"{kind}_{lang}" in data}
    if given is None and not flat:
        return None
    merged = dict(given or {})
    merged.update(flat)
    cleaned: dict[str, str] = {}
    for lang, value in merged.items():
        if lang not in LANGUAGES:
            errors[f"{kind}s"] = _("unknown language %(language)s") % {"language": lang}
            continue
        try:
            text = _text(value, limit)
        except ValueError as exc:
            errors[f"{kind}_{lang}"] = str(exc)
            continue
        cleaned[lang] = text
    return cleaned


CLEANERS: dict[str, Callable[[Any], Any]] = {
    "code": clean_code,
    "name": lambda value: _text(value, NAME_LENGTH),
    "description": _text,
    "unit": clean_unit,
    "sale_price": clean_price,
    "purchase_price": lambda value: clean_price(value, optional=True),
    "vat_rate": clean_vat_rate,
    "active": parse_bool,
}


def clean_product(data: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """Column values from form or import data; `ProductValidationError` lists every problem.

    Only the fields present are returned (an update changes only those). `names` and
    `descriptions` keep an empty text for a language given empty (an update removes it). On
    creation a missing main name is taken from the per-language names (nl, fr, en, de).
    """
    unknown = sorted(set(data) - set(FIELDS))
    errors: dict[str, str] = {key: _("unknown field") for key in unknown}
    values: dict[str, Any] = {}
    for key, cleaner in CLEANERS.items():
        if key not in data:
            continue
        try:
            values[key] = cleaner(data[key])
        except ValueError as exc:
            errors[key] = str(exc)
    if "custom_data" in data:
        if isinstance(data["custom_data"], Mapping):
            values["custom_data"] = dict(data["custom_data"])
        else:
            errors["custom_data"] = _("expected a set of named values")
    names = _per_language(data, "name", NAME_LENGTH, errors)
    descriptions = _per_language(data, "description", None, errors)
    if names is not None:
        values["names"] = names
    if descriptions is not None:
        values["descriptions"] = descriptions
    if creating and not values.get("name"):
        fallback = next((names[lang] for lang in LANGUAGES if names and names.get(lang)), "")
        values["name"] = fallback
    if (creating or "name" in values) and not values.get("name"):
        errors["name"] = _("a product needs a name")
    if errors:
        raise ProductValidationError(errors)
    return values


def fold(text: str) -> str:
    """Lower-case text without accents, for searching (`École` → `ecole`)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def search_text(code: str, name: str, names: Mapping[str, Any]) -> str:
    """What a search looks through: the code and every name, folded."""
    parts = [code, name, *(str(value) for value in names.values())]
    unique = list(dict.fromkeys(fold(part) for part in parts if part))
    return " | ".join(unique)[:1000]
