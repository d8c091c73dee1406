"""VAT numbers: validated and written the one way, `BE0123456789`, with python-stdnum."""

from __future__ import annotations

import re

from stdnum import get_cc_module
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

from core.i18n import _

# VAT prefixes of the EU member states (Greece writes EL) and Northern Ireland.
EU_PREFIXES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
})
_PREFIX = re.compile(r"^([A-Z]{2})")


class InvalidVatNumber(ValueError):
    """A VAT number that does not pass its country's checks; the message says why."""


def vat_prefix(country: str) -> str:
    """The VAT prefix of a country code (Greece: EL)."""
    country = country.upper()
    return "EL" if country == "GR" else country


def _reason(exc: ValidationError) -> str:
    if isinstance(exc, InvalidChecksum):
        return _("the check digits are wrong")
    if isinstance(exc, InvalidLength):
        return _("it has the wrong number of digits")
    if isinstance(exc, InvalidFormat):
        return _("it has characters a VAT number cannot have")
    return _("it is not a valid VAT number")


def normalise_vat(value: str | None, country: str = "BE") -> str | None:
    """The VAT number compacted with its country prefix, or None when empty.

    A number without prefix is read as one of `country` (Belgian by default, where the old
    nine-digit form gains its leading zero). EU numbers are checked strictly; numbers of other
    countries are checked when python-stdnum knows their format.
    """
    if value is None:
        return None
    raw = re.sub(r"[\s.\-/]", "", value).upper()
    if not raw:
        return None
    match = _PREFIX.match(raw)
    prefix = match.group(1) if match else vat_prefix(country)
    digits = raw[2:] if match else raw
    if prefix in EU_PREFIXES:
        try:
            return eu_vat.validate(prefix + digits)
        except ValidationError as exc:
            raise InvalidVatNumber(
                _("VAT number %(number)s is not valid: %(reason)s.")
                % {"number": value.strip(), "reason": _reason(exc)}
            ) from None
    module = get_cc_module(prefix.lower(), "vat")
    if module is None:
        return raw
    try:
        return prefix + module.compact(module.validate(digits if match else raw))
    except ValidationError as exc:
        try:  # some countries' formats include the prefix itself
            return module.compact(module.validate(prefix + digits))
        except ValidationError:
            raise InvalidVatNumber(
                _("VAT number %(number)s is not valid: %(reason)s.")
                % {"number": value.strip(), "reason": _reason(exc)}
            ) from None


def split_vat(number: str) -> tuple[str, str]:
    """(country prefix, the rest) of a normalised VAT number."""
    return number[:2], number[2:]
