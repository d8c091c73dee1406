"""VIES, the EU's VAT number check: confirm a number and fetch the registered name and address.

Speaks the REST form of the service: `POST {base}/check-vat-number` with
`{"countryCode": "BE", "vatNumber": "0403170701"}`, answered by
`{"valid": true, "name": ..., "address": ...}`, or by an error envelope
`{"actionSucceed": false, "errorWrappers": [{"error": "MS_UNAVAILABLE", ...}]}`. The base URL
comes from `FACTURO_VIES_URL`. Nothing here raises on a failing service: a `ViesResult` with a
message comes back, and the caller keeps what the user typed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.contacts.vat import InvalidVatNumber, normalise_vat, split_vat
from core.context import Context
from core.i18n import _, use_language

DEFAULT_URL = "https://ec.europa.eu/taxation_customs/vies/rest-api"
_BUSY = ("MS_MAX_CONCURRENT_REQ", "GLOBAL_MAX_CONCURRENT_REQ", "TOO_MANY_REQUESTS")
_DOWN = ("MS_UNAVAILABLE", "SERVICE_UNAVAILABLE", "TIMEOUT", "SERVER_BUSY", "IO_ERROR")


def vies_url() -> str:
    """The service's base URL (`FACTURO_VIES_URL`, else the EU's)."""
    return os.environ.get("FACTURO_VIES_URL", DEFAULT_URL).rstrip("/")


@dataclass(frozen=True)
class ViesResult:
    """What VIES said. `answered` is False when the service could not give an answer."""

    answered: bool
    vat_number: str | None = None
    valid: bool | None = None
    name: str | None = None
    address: str | None = None
    street: str = ""
    postal_code: str = ""
    city: str = ""
    error_code: str | None = None
    message: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)


def split_address(address: str) -> tuple[str, str, str]:
    """(street, postal code, city) from VIES's address text, as well as it can be told."""
    lines = [" ".join(line.split()) for line in re.split(r"[\n\r]+", address) if line.strip()]
    if not lines:
        return "", "", ""
    match = re.match(r"^(?:[A-Z]{1,2}-)?(\d{4,5})\s+(.+)$", lines[-1])
    if match and len(lines) > 1:
        return ", ".join(lines[:-1]), match.group(1), match.group(2)
    return ", ".join(lines), "", ""


def _text(value: Any) -> str | None:
    text = str(value or "").strip()
    return None if text in ("", "---") else text


def _failure(code: str, number: str | None, raw: Mapping[str, Any] | None = None) -> ViesResult:
    if code in _BUSY:
        message = _("The VIES service is busy; try again in a moment.")
    elif code == "INVALID_INPUT":
        message = _("VIES does not accept this VAT number.")
    elif code in ("MS_UNAVAILABLE",):
        message = _("The VAT database of %(country)s does not answer right now; try again later."
                    ) % {"country": (number or "??")[:2]}
    else:
        message = _("The VIES service cannot be reached right now; try again later.")
    return ViesResult(answered=False, vat_number=number, error_code=code,
                      message=message, raw=dict(raw or {}))


def _error_code(payload: Mapping[str, Any]) -> str | None:
    wrappers = payload.get("errorWrappers")
    if isinstance(wrappers, list) and wrappers:
        first = wrappers[0] if isinstance(wrappers[0], Mapping) else {}
        return str(first.get("error") or "SERVICE_UNAVAILABLE")
    user_error = payload.get("userError")
    if isinstance(user_error, str) and user_error not in ("VALID", "INVALID"):
        return user_error
    return None


class ViesClient:
    """A client of the VIES REST service."""

    def __init__(self, base_url: str | None = None, timeout: float = 10.0) -> None:
        self.base_url = (base_url or vies_url()).rstrip("/")
        self.timeout = timeout

    def check(self, vat_number: str, country: str = "BE") -> ViesResult:
        """Ask VIES about a VAT number (any usual spelling; Belgian when without prefix)."""
        try:
            number = normalise_vat(vat_number, country)
        except InvalidVatNumber as exc:
            return ViesResult(answered=True, valid=False, error_code="INVALID_FORMAT",
                              message=str(exc))
        if number is None:
            return ViesResult(answered=True, valid=False, error_code="EMPTY",
                              message=_("Type a VAT number first."))
        import httpx  # imported on first look-up: it is slow to import at start-up

        prefix, digits = split_vat(number)
        try:
            response = httpx.post(
                f"{self.base_url}/check-vat-number",
                json={"countryCode": prefix, "vatNumber": digits},
                timeout=self.timeout,
            )
        except httpx.TimeoutException:
            return _failure("TIMEOUT", number)
        except httpx.HTTPError:
            return _failure("SERVICE_UNAVAILABLE", number)
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, Mapping):
            return _failure("SERVICE_UNAVAILABLE", number)
        code = _error_code(payload)
        if code is not None:
            return _failure(code, number, payload)
        if response.status_code >= 400 or "valid" not in payload:
            return _failure("SERVICE_UNAVAILABLE", number, payload)
        return self._answer(number, payload)

    @staticmethod
    def _answer(number: str, payload: Mapping[str, Any]) -> ViesResult:
        valid = bool(payload.get("valid"))
        name, address = _text(payload.get("name")), _text(payload.get("address"))
        street, postal_code, city = split_address(address or "")
        message = None if valid else (
            _("VIES does not know VAT number %(number)s.") % {"number": number})
        return ViesResult(
            answered=True, vat_number=number, valid=valid, name=name, address=address,
            street=street, postal_code=postal_code, city=city, message=message, raw=dict(payload),
        )


@dataclass(frozen=True)
class ViesFill:
    """Form data after a VIES look-up: filled in when VIES knew the number, else as typed.

    `filled` names the fields VIES set; `replaced` keeps what had been typed in those that
    were not empty, so that the form can offer it back.
    """

    data: dict[str, Any]
    result: ViesResult
    filled: tuple[str, ...] = ()
    replaced: dict[str, Any] = field(default_factory=dict)


def fill_from_vies(
    ctx: Context, data: Mapping[str, Any], *, client: ViesClient | None = None
) -> ViesFill:
    """Look up `data["vat_number"]` and fill name and address from VIES.

    Whatever happens, every value typed in `data` comes back; on failure
    `result.message` says why, in the context's language.
    """
    with use_language(ctx.language):
        result = (client or ViesClient()).check(
            str(data.get("vat_number") or ""), str(data.get("country") or "BE")
        )
    merged = dict(data)
    filled: list[str] = []
    replaced: dict[str, Any] = {}
    if result.valid:
        merged["vat_number"] = result.vat_number
        prefix = (result.vat_number or "")[:2]
        found = {"name": result.name, "street": result.street,
                 "postal_code": result.postal_code, "city": result.city,
                 "country": {"EL": "GR", "XI": "GB"}.get(prefix, prefix)}
        for key, value in found.items():
            if value and merged.get(key) != value:
                if merged.get(key):
                    replaced[key] = merged[key]
                merged[key] = value
                filled.append(key)
        merged.setdefault("is_company", True)
    return ViesFill(data=merged, result=result, filled=tuple(filled), replaced=replaced)
