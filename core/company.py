"""The company's own details and document defaults: checked, tidied and kept.

The values live where the documents, the PDF and PEPPOL read them: the tenant row (name,
theme, language of documents) and the tenant settings (`company.*`, `output.*` and
`documents.*` keys, see `core.output.adapter` and `core.documents.settings`), the legal
identity every document prints among them: legal form, enterprise number, register of legal
persons with its court ("RPR Gent"), "in liquidation". The logo is a
PNG or JPEG file under `var/logos/<tenant>/`, kept in `output.logo_path` relative to the data
folder.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.be import vat as stdnum_be_vat
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

from core.contacts.fields import clean_country, clean_phone
from core.contacts.vat import InvalidVatNumber, normalise_vat
from core.documents import settings as doc_settings
from core.documents import vat
from core.i18n import LANGUAGES, _, ngettext
from core.mail.addresses import check_address
from core.mail.errors import MailError
from core.output.adapter import (
    ACCENT_COLOUR,
    COMPANY_BIC,
    COMPANY_CITY,
    COMPANY_COUNTRY,
    COMPANY_EMAIL,
    COMPANY_ENTERPRISE_NUMBER,
    COMPANY_IBAN,
    COMPANY_IN_LIQUIDATION,
    COMPANY_LEGAL_FORM,
    COMPANY_PHONE,
    COMPANY_POSTAL_CODE,
    COMPANY_REGISTER,
    COMPANY_STREET,
    COMPANY_WEBSITE,
    LOGO_PATH,
)
from core.output.pdf import LOGO_MAX_BYTES, available_themes
from core.output.view import DEFAULT_ACCENT
from core.paths import var_dir
from core.tenants.models import Tenant

if TYPE_CHECKING:
    from core.context import Context

#: Form field → tenant setting key.
SETTING_KEYS = {
    "street": COMPANY_STREET,
    "postal_code": COMPANY_POSTAL_CODE,
    "city": COMPANY_CITY,
    "country": COMPANY_COUNTRY,
    "email": COMPANY_EMAIL,
    "phone": COMPANY_PHONE,
    "website": COMPANY_WEBSITE,
    "vat_number": doc_settings.SELLER_VAT_NUMBER,
    "iban": COMPANY_IBAN,
    "bic": COMPANY_BIC,
    "legal_form": COMPANY_LEGAL_FORM,
    "enterprise_number": COMPANY_ENTERPRISE_NUMBER,
    "register": COMPANY_REGISTER,
    "in_liquidation": COMPANY_IN_LIQUIDATION,
    "accent_colour": ACCENT_COLOUR,
}
FIELDS = ("name", *SETTING_KEYS, "theme")
MAX_LENGTHS = {"name": 200, "street": 200, "postal_code": 20, "city": 100, "website": 200,
               "legal_form": 40, "register": 80}
MAX_TERM_DAYS = 365
LOGO_FOLDER = "logos"
LOGO_FORMATS = {"PNG": ".png", "JPEG": ".jpg"}
LOGO_MAX_SIDE = 5000
_LOGO_NAME = re.compile(r"^[0-9a-f]{24}\.(png|jpg)$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: "RPR Gent", "RPM Liège", "RPR Brussel", "JPR Eupen": the register of legal persons (nl, fr,
#: de) and the court of the company's seat.
_REGISTER = re.compile(r"^(RPR|RPM|JPR)\s+\S.*$")
_WEBSITE = re.compile(r"^(https?://)?[^\s/@]+\.[^\s/@]{2,}(/\S*)?$", re.IGNORECASE)


class LogoError(ValueError):
    """An uploaded logo that cannot be used; the message says why."""


def _tenant(ctx: Context) -> Tenant:
    tenant = ctx.session.get(Tenant, ctx.tenant_id)
    assert tenant is not None
    return tenant


def current_details(ctx: Context) -> dict[str, str]:
    """The company's details as the form shows them."""
    tenant = _tenant(ctx)
    values = {"name": tenant.name, "theme": tenant.theme or "default"}
    for field, key in SETTING_KEYS.items():
        stored = doc_settings.get_setting(ctx.session, key)
        values[field] = "" if stored is None else str(stored)
    values["country"] = values["country"] or "BE"
    values["accent_colour"] = values["accent_colour"] or DEFAULT_ACCENT
    values["in_liquidation"] = "on" if values["in_liquidation"] else ""
    return values


def _length(field: str, text: str) -> str:
    limit = MAX_LENGTHS.get(field)
    if limit is not None and len(text) > limit:
        raise ValueError(ngettext("Use at most %(count)d character.",
                                  "Use at most %(count)d characters.", limit) % {"count": limit})
    return text


def _name(text: str) -> str:
    if not text:
        raise ValueError(_("Enter the company's name."))
    return _length("name", text)


def _email(text: str) -> str:
    if not text:
        return ""
    try:
        return check_address(text)
    except MailError as exc:
        raise ValueError(str(exc)) from None


def _website(text: str) -> str:
    if text and not _WEBSITE.match(text):
        raise ValueError(_("%(value)s is not a web address such as www.example.be.")
                         % {"value": text})
    return _length("website", text)


def _reason(exc: ValidationError) -> str:
    if isinstance(exc, InvalidChecksum):
        return _("the check digits are wrong")
    if isinstance(exc, InvalidLength):
        return _("it has the wrong number of characters")
    return _("it has characters that do not belong there")


def _iban(text: str) -> str:
    if not text:
        return ""
    try:
        return str(stdnum_iban.format(stdnum_iban.validate(text)))
    except ValidationError as exc:
        raise ValueError(_("IBAN %(value)s is not valid: %(reason)s.")
                         % {"value": text, "reason": _reason(exc)}) from None


def _bic(text: str) -> str:
    if not text:
        return ""
    try:
        return str(stdnum_bic.validate(text))
    except ValidationError as exc:
        raise ValueError(_("BIC %(value)s is not valid: %(reason)s.")
                         % {"value": text, "reason": _reason(exc)}) from None


def _colour(text: str) -> str:
    if not text:
        return DEFAULT_ACCENT
    if not _COLOUR.match(text):
        raise ValueError(_("Write the colour as # and six hexadecimal digits, e.g. #1f4e79."))
    return text.lower()


def _theme(text: str) -> str:
    if text not in available_themes():
        raise ValueError(_("Choose one of the themes."))
    return text


def _enterprise_number(text: str) -> str:
    """A Belgian enterprise number, checked and written as 0123.456.749."""
    if not text:
        return ""
    try:
        digits = str(stdnum_be_vat.validate(text))
    except ValidationError as exc:
        raise ValueError(_("Enterprise number %(value)s is not valid: %(reason)s.")
                         % {"value": text, "reason": _reason(exc)}) from None
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def _register(text: str) -> str:
    text = " ".join(text.split())
    if text and not _REGISTER.match(text):
        raise ValueError(_("Write RPR, RPM or JPR and the court of the company's seat, "
                           "e.g. RPR Gent."))
    return _length("register", text)


def _flag(text: str) -> str:
    return "1" if text in ("on", "1", "true") else ""


def _phone(text: str) -> str:
    return clean_phone(text) or ""


def _country(text: str) -> str:
    return clean_country(text)


_CHECKS: dict[str, Callable[[str], str]] = {
    "name": _name,
    "street": lambda text: _length("street", text),
    "postal_code": lambda text: _length("postal_code", text),
    "city": lambda text: _length("city", text),
    "country": _country,
    "email": _email,
    "phone": _phone,
    "website": _website,
    "iban": _iban,
    "bic": _bic,
    "legal_form": lambda text: _length("legal_form", text),
    "enterprise_number": _enterprise_number,
    "register": _register,
    "in_liquidation": _flag,
    "accent_colour": _colour,
    "theme": _theme,
}


def clean_details(values: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(tidied values, a message per bad field) of the company details as typed."""
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field in FIELDS:
        text = str(values.get(field) or "").strip()
        check = _CHECKS.get(field)
        try:
            cleaned[field] = check(text) if check is not None else text
        except ValueError as exc:
            errors[field] = str(exc)
    try:
        country = cleaned.get("country") or "BE"
        cleaned["vat_number"] = normalise_vat(values.get("vat_number"), country) or ""
    except InvalidVatNumber as exc:
        errors["vat_number"] = str(exc)
    return cleaned, errors


def save_details(ctx: Context, cleaned: Mapping[str, str]) -> None:
    """Keep checked company details (from `clean_details`)."""
    tenant = _tenant(ctx)
    tenant.name = cleaned["name"]
    tenant.theme = cleaned["theme"]
    for field, key in SETTING_KEYS.items():
        doc_settings.set_setting(ctx.session, key, cleaned.get(field) or None)


def check_logo(data: bytes) -> str:
    """The file extension of an acceptable logo (PNG or JPEG); `LogoError` otherwise."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise LogoError(_("The file is empty."))
    if len(data) > LOGO_MAX_BYTES:
        raise LogoError(_("The logo may be at most %(size)d KB.")
                        % {"size": LOGO_MAX_BYTES // 1024})
    broken = (UnidentifiedImageError, OSError, SyntaxError, ValueError,
              Image.DecompressionBombError)
    try:
        with Image.open(io.BytesIO(data)) as image:
            found, size = image.format, image.size
            if found not in LOGO_FORMATS:
                raise LogoError(_("The logo must be a PNG or JPEG image."))
            if max(size) > LOGO_MAX_SIDE:
                raise LogoError(_("The logo may be at most %(pixels)d pixels wide and high.")
                                % {"pixels": LOGO_MAX_SIDE})
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except LogoError:
        raise
    except broken:
        raise LogoError(_("The file is not a PNG or JPEG image, or it is damaged.")) from None
    return LOGO_FORMATS[str(found)]


def _logo_folder(ctx: Context) -> Path:
    return Path(LOGO_FOLDER) / str(ctx.tenant_id)


def store_logo(ctx: Context, data: bytes) -> str:
    """Check and write a logo for the tenant; its file name (not yet the company's logo)."""
    extension = check_logo(data)
    name = hashlib.sha256(data).hexdigest()[:24] + extension
    target = var_dir() / _logo_folder(ctx) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        temporary = target.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(target)
    return name


def stored_logo(ctx: Context, name: str) -> Path | None:
    """The tenant's stored logo file of that name, or None (a name from a form is checked)."""
    if not _LOGO_NAME.match(name or ""):
        return None
    path = var_dir() / _logo_folder(ctx) / name
    return path if path.is_file() else None


def set_logo(ctx: Context, name: str | None) -> None:
    """Make a stored logo (`store_logo`) the company's, or remove the logo with None."""
    if name is None:
        doc_settings.set_setting(ctx.session, LOGO_PATH, None)
        return
    if stored_logo(ctx, name) is None:
        raise LogoError(_("The logo file is missing; choose it again."))
    doc_settings.set_setting(ctx.session, LOGO_PATH, (_logo_folder(ctx) / name).as_posix())


def logo_name(ctx: Context) -> str | None:
    """The file name of the company's logo when it is one kept by `set_logo`."""
    value = doc_settings.get_setting(ctx.session, LOGO_PATH)
    if not value:
        return None
    path = Path(str(value))
    return path.name if path.parent == _logo_folder(ctx) else None


def current_defaults(ctx: Context) -> dict[str, str]:
    """The document defaults as the form shows them."""
    session = ctx.session
    regime = doc_settings.get_setting(session, doc_settings.DEFAULT_VAT_REGIME)
    return {
        "payment_term_days": str(doc_settings.payment_term_days(session)),
        "vat_regime": vat.regime(regime).id,
        "vat_rate": f"{doc_settings.default_vat_rate(session):f}",
        "language": _tenant(ctx).language or "nl",
    }


def clean_defaults(values: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """(checked values, a message per bad field) of the document defaults as typed."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    term = str(values.get("payment_term_days") or "").strip()
    if term.isdigit() and int(term) <= MAX_TERM_DAYS:
        cleaned["payment_term_days"] = int(term)
    else:
        errors["payment_term_days"] = _("Enter a whole number of days between 0 and %(max)d.") % {
            "max": MAX_TERM_DAYS}
    regime = str(values.get("vat_regime") or "")
    if regime in vat.REGIMES:
        cleaned["vat_regime"] = regime
    else:
        errors["vat_regime"] = _("Choose one of the VAT regimes.")
    rate = str(values.get("vat_rate") or "")
    rates = {f"{known:f}": known for known in vat.RATES}
    if rate in rates:
        cleaned["vat_rate"] = rates[rate]
    else:
        errors["vat_rate"] = _("Choose one of the VAT rates.")
    language = str(values.get("language") or "")
    if language in LANGUAGES:
        cleaned["language"] = language
    else:
        errors["language"] = _("Choose one of the languages.")
    return cleaned, errors


def save_defaults(ctx: Context, cleaned: Mapping[str, Any]) -> None:
    """Keep checked document defaults (from `clean_defaults`)."""
    session = ctx.session
    doc_settings.set_payment_term_days(session, cleaned["payment_term_days"])
    doc_settings.set_setting(session, doc_settings.DEFAULT_VAT_REGIME, cleaned["vat_regime"])
    rate: Decimal = cleaned["vat_rate"]
    doc_settings.set_setting(session, doc_settings.DEFAULT_VAT_RATE, f"{rate:f}")
    _tenant(ctx).language = cleaned["language"]
