"""What the customer pages call things: VAT regimes, languages, countries, the facts list."""

from __future__ import annotations

from functools import cache

from babel import Locale

from core.contacts.fields import LANGUAGES, VAT_REGIMES
from core.contacts.models import Contact
from core.i18n import N_, _, current_language
from core.web.formatting import format_decimal

REGIME_LABELS = {
    "standard": N_("Standard"),
    "renovation_6": N_("6 % renovation of a home"),
    "renovation": N_("6 % renovation of a home"),
    "reverse_charge": N_("Reverse charge (co-contractor)"),
    "intra_eu": N_("Intra-EU supply"),
    "intra_eu_services": N_("Services to a business in another EU country"),
    "export": N_("Export outside the EU"),
    "exempt": N_("Exempt from VAT"),
}
LANGUAGE_LABELS = {"nl": N_("Dutch"), "fr": N_("French"), "en": N_("English"), "de": N_("German")}


def regime_label(regime: str | None) -> str:
    """The name of a VAT regime (the tenant's default when None)."""
    if not regime:
        return _("The company's default")
    return _(REGIME_LABELS.get(regime, regime))


def regime_options(document: bool = False) -> list[tuple[str, str]]:
    """(value, name) of the VAT regimes; for documents `renovation` instead of `renovation_6`."""
    keys = [("renovation" if document and k == "renovation_6" else k) for k in VAT_REGIMES]
    return [(key, _(REGIME_LABELS[key])) for key in keys]


def language_options() -> list[tuple[str, str]]:
    """(code, name) of the document languages."""
    return [(code, _(LANGUAGE_LABELS[code])) for code in LANGUAGES]


@cache
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(language).territories
    found = [(code, name) for code, name in names.items() if len(code) == 2 and code.isalpha()
             and code not in ("EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "XK")]
    return tuple(sorted(found, key=lambda pair: pair[1]))


def country_options() -> list[tuple[str, str]]:
    """(ISO code, name in the UI language) of every country, by name."""
    return list(_countries(current_language()))


def country_name(code: str) -> str:
    """A country's name in the UI language."""
    return dict(_countries(current_language())).get(code, code)


def contact_facts(contact: Contact) -> list[tuple[str, str]]:
    """(label, value) of the filled-in details of a contact, as its page lists them."""
    address = ", ".join(part for part in (
        contact.street, f"{contact.postal_code} {contact.city}".strip(),
        country_name(contact.country) if contact.country != "BE" else "") if part)
    facts = [
        (_("Number"), contact.number),
        (_("Type"), _("Company") if contact.is_company else _("Person")),
        (_("VAT number"), contact.vat_number or ""),
        (_("E-mail"), contact.email or ""),
        (_("Phone"), contact.phone or ""),
        (_("Mobile"), contact.mobile or ""),
        (_("Website"), contact.website or ""),
        (_("Address"), address),
        (_("Language"), _(LANGUAGE_LABELS.get(contact.language, contact.language))),
        (_("Currency"), contact.currency),
        (_("VAT regime"), regime_label(contact.vat_regime)),
        (_("Payment term"), _("%(days)d days") % {"days": contact.payment_term_days}
         if contact.payment_term_days is not None else _("The company's default")),
    ]
    if contact.general_discount:
        facts.append((_("General discount"), format_decimal(contact.general_discount) + " %"))
    if contact.financial_discount:
        facts.append((_("Financial discount"),
                      format_decimal(contact.financial_discount) + " %"))
    return [(label, value) for label, value in facts if value]
