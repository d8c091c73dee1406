"""Checking and normalising what is typed or imported for a contact, field by field.

`clean_contact` is the one place these rules live: the web form, the importer and the
"save as new customer" action all go through it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any

from babel import Locale
from babel.numbers import list_currencies

from core.contacts.errors import ValidationError
from core.contacts.models import Contact
from core.contacts.vat import InvalidVatNumber, normalise_vat
from core.i18n import _
from core.number_input import NumberInputError, parse_number

LANGUAGES = ("nl", "fr", "en", "de")
VAT_REGIMES = ("standard", "renovation_6", "reverse_charge", "intra_eu", "intra_eu_services",
               "export", "exempt")
TEXT_FIELDS = ("name", "number", "street", "postal_code", "city", "website", "internal_note")
PHONE_FIELDS = ("phone", "mobile")
BOOL_FIELDS = ("is_company", "is_customer", "is_supplier")
DISCOUNT_FIELDS = ("general_discount", "financial_discount")
EDITABLE = (
    *TEXT_FIELDS, *PHONE_FIELDS, *BOOL_FIELDS, *DISCOUNT_FIELDS, "vat_number", "email",
    "country", "language", "currency", "vat_regime", "payment_term_days",
)

_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]{2,}$")
_PHONE = re.compile(r"^[0-9+()./\s-]{3,}$")
_TRUE = {"1", "true", "yes", "y", "ja", "j", "oui", "o", "x", "waar", "vrai"}
_FALSE = {"0", "false", "no", "n", "nee", "non", "", "onwaar", "faux"}
_LANGUAGE_NAMES = {
    "nederlands": "nl", "dutch": "nl", "néerlandais": "nl", "vlaams": "nl",
    "français": "fr", "francais": "fr", "frans": "fr", "french": "fr",
    "english": "en", "engels": "en", "anglais": "en",
    "deutsch": "de", "duits": "de", "german": "de", "allemand": "de",
}
_REGIME_NAMES = {
    "normaal": "standard", "standaard": "standard", "normal": "standard",
    "renovatie": "renovation_6", "rénovation": "renovation_6", "renovation": "renovation_6",
    "medecontractant": "reverse_charge", "btw verlegd": "reverse_charge",
    "verlegging van heffing": "reverse_charge",
    "autoliquidation": "reverse_charge", "intracommunautair": "intra_eu",
    "intracommunautaire": "intra_eu", "intra-eu": "intra_eu", "uitvoer": "export",
    "exportation": "export", "vrijgesteld": "exempt", "exonéré": "exempt",
}


@cache
def _length(field: str) -> int | None:
    return getattr(Contact.__table__.c[field].type, "length", None)


def clean_text(value: Any, field: str) -> str:
    """Text stripped of surrounding space, refused when longer than the column."""
    text = "" if value is None else str(value).strip()
    limit = _length(field)
    if limit is not None and len(text) > limit:
        raise ValueError(_("at most %(count)s characters") % {"count": limit})
    return text


def parse_bool(value: Any) -> bool:
    """A yes/no in any of the usual spellings (1/0, ja/nee, oui/non, true/false, x)."""
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(_("expected yes or no"))


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def parse_decimal(value: Any) -> Decimal | None:
    """A number typed by a person or found in a file; None when empty; a trailing `%` is
    allowed.

    Read first in the user's language (`core.number_input.parse_number`: `1.234,50` in Dutch
    and French, `1,234.50` in English), so `1.234` is 1234 for a Dutch user and 1.234 for an
    English one. Text that language cannot read is then taken as a program writes it
    (`1234.5`, the exports' spelling) or in the Belgian convention (`1.234,50`); anything
    else, `1,234.50` typed in Dutch say, is refused rather than guessed."""
    if isinstance(value, float):  # a spreadsheet cell, already a number
        return Decimal(str(value))
    text = value.strip().removesuffix("%").rstrip() if isinstance(value, str) else value
    try:
        return parse_number(text)
    except NumberInputError:
        pass
    if _PLAIN_NUMBER.fullmatch(text):
        return Decimal(text)
    try:
        return parse_number(text, "nl")
    except NumberInputError:
        raise ValueError(_("expected a number")) from None


def clean_discount(value: Any) -> Decimal:
    """A discount percentage between 0 and 100, to two decimals."""
    number = parse_decimal(value) or Decimal("0")
    if not Decimal("0") <= number <= Decimal("100"):
        raise ValueError(_("a percentage between 0 and 100"))
    return number.quantize(Decimal("0.01"))


def clean_payment_term(value: Any) -> int | None:
    """A payment term in days (0 to 365), or None to use the tenant's default."""
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value() or not 0 <= number <= 365:
        raise ValueError(_("a whole number of days between 0 and 365"))
    return int(number)


def clean_emails(value: Any) -> str | None:
    """One or more e-mail addresses (comma or semicolon separated), or None."""
    parts = [p.strip() for p in re.split(r"[,;]", "" if value is None else str(value))]
    parts = [p for p in parts if p]
    if not parts:
        return None
    bad = [p for p in parts if not _EMAIL.match(p)]
    if bad:
        raise ValueError(_("%(address)s is not an e-mail address") % {"address": bad[0]})
    joined = ", ".join(parts)
    if len(joined) > 500:
        raise ValueError(_("at most %(count)s characters") % {"count": 500})
    return joined


def clean_phone(value: Any, field: str = "phone") -> str | None:
    """A phone number as typed (digits, spaces, + ( ) . / -), or None."""
    text = clean_text(value, field)
    if not text:
        return None
    if not _PHONE.match(text):
        raise ValueError(_("%(value)s is not a phone number") % {"value": text})
    return text


@cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in ("en", "fr", "de", "nl"):
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names[name.lower()] = code
    return names


def clean_country(value: Any) -> str:
    """An ISO country code from a code (`be`) or a name in nl/fr/en/de (`België`)."""
    text = "" if value is None else str(value).strip()
    if not text:
        return "BE"
    code = text.upper() if len(text) == 2 else _country_names().get(text.lower(), "")
    if code == "EL":
        code = "GR"
    if code not in _country_names().values():
        raise ValueError(_("%(value)s is not a country") % {"value": text})
    return code


def clean_language(value: Any) -> str:
    """A document language: nl, fr, en or de (names are understood too)."""
    text = "" if value is None else str(value).strip().lower()
    if not text:
        return "nl"
    code = _LANGUAGE_NAMES.get(text, text[:2] if len(text) in (2, 5) else text)
    if code not in LANGUAGES:
        choices = ", ".join(LANGUAGES)
        raise ValueError(_("language must be one of %(choices)s") % {"choices": choices})
    return code


def clean_currency(value: Any) -> str:
    """An ISO 4217 currency code."""
    text = "" if value is None else str(value).strip().upper()
    if not text:
        return "EUR"
    if text == "€":
        return "EUR"
    if text not in list_currencies():
        raise ValueError(_("%(value)s is not a currency code") % {"value": text})
    return text


def clean_vat_regime(value: Any) -> str | None:
    """A VAT regime key (see `VAT_REGIMES`), or None for the tenant's default."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    key = _REGIME_NAMES.get(text.lower(), text.lower())
    if key not in VAT_REGIMES:
        raise ValueError(
            _("VAT regime must be one of %(choices)s") % {"choices": ", ".join(VAT_REGIMES)}
        )
    return key


_CLEANERS: dict[str, Callable[[Any], Any]] = {
    "email": clean_emails,
    "country": clean_country,
    "language": clean_language,
    "currency": clean_currency,
    "vat_regime": clean_vat_regime,
    "payment_term_days": clean_payment_term,
    **{f: parse_bool for f in BOOL_FIELDS},
    **{f: clean_discount for f in DISCOUNT_FIELDS},
    **{f: (lambda v, f=f: clean_phone(v, f)) for f in PHONE_FIELDS},
    **{f: (lambda v, f=f: clean_text(v, f)) for f in TEXT_FIELDS},
}


def clean_contact(
    data: Mapping[str, Any], *, current: Contact | None = None
) -> dict[str, Any]:
    """The checked, normalised values of the known fields present in `data`.

    Raises `ValidationError` naming every bad field. With `current` (an update) only the
    given fields are checked; without it (a creation) a name is required.
    """
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field, cleaner in _CLEANERS.items():
        if field in data:
            try:
                cleaned[field] = cleaner(data[field])
            except ValueError as exc:
                errors[field] = str(exc)
    name_needed = "name" in cleaned or current is None
    if name_needed and not cleaned.get("name") and "name" not in errors:
        errors["name"] = _("a name is required")
    if "vat_number" in data:
        country = cleaned.get("country") or (current.country if current else "BE")
        try:
            cleaned["vat_number"] = normalise_vat(data["vat_number"], country)
        except InvalidVatNumber as exc:
            errors["vat_number"] = str(exc)
    if "postal_code" in cleaned and "postal_code" not in errors:
        country = cleaned.get("country") or (current.country if current else "BE")
        code = cleaned["postal_code"]
        if country == "BE" and code and not re.fullmatch(r"[1-9]\d{3}", code):
            errors["postal_code"] = _("a Belgian postal code has 4 digits")
    if errors:
        raise ValidationError(errors)
    return cleaned
