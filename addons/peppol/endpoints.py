"""PEPPOL participant identifiers: the electronic address (EAS scheme + value) of a party.

Belgian companies are reached on PEPPOL under scheme `0208`, their 10-digit enterprise number
(KBO/BCE), which is the Belgian VAT number without `BE`; every Belgian participant must be
registered under it, while `9925` (the BE VAT number) is optional. So a Belgian party gets
`0208`, checked with the mod-97 test of `stdnum.be.vat`.

A foreign party is addressed by its VAT number under its country's VAT scheme of the EAS code
list (`9930` for DE, `9944` for NL, `9957` for FR, ...): the one identifier we always hold and
that access points register. Where the code list has no VAT scheme for a country, the
country's own register scheme that the VAT number contains is used (Italy `0211`, Denmark
`0198`, Sweden `0007`, Finland `0216`, Norway `0192`). A party without a VAT number (a private
customer, a patient, a buyer abroad without one) has no PEPPOL participant identifier: an
e-mail address is no scheme of the EAS code list (PEPPOL-EN16931-CL008), so such a document
cannot travel over PEPPOL and is refused with that reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.be import vat as be_vat
from stdnum.exceptions import ValidationError

from addons.peppol.translation import N_, _

ENTERPRISE = "0208"

#: The `<CC>:VAT` schemes of the EAS code list, by VAT prefix.
VAT_SCHEMES: dict[str, str] = {
    "AD": "9922", "AL": "9923", "AT": "9914", "BA": "9924", "BE": "9925", "BG": "9926",
    "CH": "9927", "CY": "9928", "CZ": "9929", "DE": "9930", "EE": "9931", "GB": "9932",
    "EL": "9933", "GR": "9933", "ES": "9920", "HR": "9934", "HU": "9910", "IE": "9935",
    "LI": "9936", "LT": "9937", "LU": "9938", "LV": "9939", "MC": "9940", "ME": "9941",
    "MK": "9942", "MT": "9943", "NL": "9944", "PL": "9945", "PT": "9946", "RO": "9947",
    "RS": "9948", "SI": "9949", "SK": "9950", "SM": "9951", "TR": "9952", "VA": "9953",
    "FR": "9957",
}
_SWISS_SUFFIX = re.compile(r"(MWST|TVA|IVA)$")

MSG_BAD_BE_VAT = N_("%(vat)s is not a valid Belgian VAT number")
MSG_NO_SCHEME = N_("no PEPPOL scheme is known for VAT numbers starting with %(prefix)s")
MSG_NO_ADDRESS = N_("without a VAT number there is no PEPPOL participant identifier")


class EndpointError(ValueError):
    """No PEPPOL address can be made for a party; the message says what is missing."""


@dataclass(frozen=True)
class Endpoint:
    """An identifier with its EAS scheme, e.g. `0208:0123456749`."""

    scheme: str
    value: str

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"


def enterprise_number(vat_number: str) -> str:
    """The 10-digit Belgian enterprise number of a BE VAT number (checksum verified)."""
    digits = be_vat.compact(vat_number)
    try:
        return str(be_vat.validate(digits))
    except ValidationError:
        raise EndpointError(_(MSG_BAD_BE_VAT) % {"vat": vat_number}) from None


def is_enterprise_number(value: str) -> bool:
    """Whether a `0208` value is 10 digits whose last two check the first eight (mod 97)."""
    return len(value) == 10 and value.isdigit() and be_vat.is_valid(value)


def _compact_vat(vat_number: str) -> str:
    return re.sub(r"[\s.\-/]", "", vat_number).upper()


def vat_endpoint(vat_number: str) -> Endpoint:
    """The electronic address derived from a (compacted, prefixed) VAT number."""
    number = _compact_vat(vat_number)
    prefix, rest = number[:2], number[2:]
    if prefix == "BE":
        return Endpoint(ENTERPRISE, enterprise_number(number))
    if prefix == "IT":
        return Endpoint("0211", number)
    if prefix == "DK":
        return Endpoint("0198", number)
    if prefix == "SE" and len(rest) == 12:
        return Endpoint("0007", rest[:10])
    if prefix == "FI":
        return Endpoint("0216", f"0037{rest}")
    if prefix == "NO":
        return Endpoint("0192", re.sub(r"\D", "", rest))
    if prefix == "CH":
        return Endpoint(VAT_SCHEMES["CH"], _SWISS_SUFFIX.sub("", number))
    scheme = VAT_SCHEMES.get(prefix)
    if scheme is None:
        raise EndpointError(_(MSG_NO_SCHEME) % {"prefix": prefix})
    return Endpoint(scheme, number)


def party_endpoint(vat_number: str | None) -> Endpoint:
    """A party's electronic address, from its VAT number; `EndpointError` without one."""
    if vat_number:
        return vat_endpoint(vat_number)
    raise EndpointError(_(MSG_NO_ADDRESS))


def legal_registration(vat_number: str | None) -> Endpoint | None:
    """The legal registration id (BT-30/BT-47): the enterprise number of a Belgian party."""
    if vat_number and _compact_vat(vat_number).startswith("BE"):
        return Endpoint(ENTERPRISE, enterprise_number(vat_number))
    return None
