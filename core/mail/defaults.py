"""The e-mail texts a tenant starts with, per document kind and language (nl, fr, en).

A tenant replaces any of them with its own (`core.mail.templates`); German documents use the
English text until a tenant writes its own.
"""

from __future__ import annotations

from core.contract.contributions import MailText

FALLBACK_LANGUAGE = "en"
GENERIC = "document"

_NL_CLOSING = "\n\nMet vriendelijke groeten,\n{company_name}"
_FR_CLOSING = "\n\nAvec nos salutations distinguées,\n{company_name}"
_EN_CLOSING = "\n\nKind regards,\n{company_name}"

DEFAULTS: dict[tuple[str, str], MailText] = {
    ("invoice", "nl"): MailText(
        "Factuur {number} van {company_name}",
        "Beste {customer_name},\n\n"
        "In bijlage vindt u factuur {number} van {issue_date}, voor een bedrag van {total}.\n"
        "Gelieve {amount_due} vóór {due_date} over te schrijven op rekening {iban} "
        "met de gestructureerde mededeling {structured_communication}." + _NL_CLOSING,
    ),
    ("invoice", "fr"): MailText(
        "Facture {number} de {company_name}",
        "Bonjour {customer_name},\n\n"
        "Veuillez trouver en annexe la facture {number} du {issue_date}, "
        "d'un montant de {total}.\n"
        "Nous vous remercions de verser {amount_due} avant le {due_date} sur le compte {iban} "
        "avec la communication structurée {structured_communication}." + _FR_CLOSING,
    ),
    ("invoice", "en"): MailText(
        "Invoice {number} from {company_name}",
        "Dear {customer_name},\n\n"
        "Please find attached invoice {number} of {issue_date}, for an amount of {total}.\n"
        "Kindly transfer {amount_due} by {due_date} to account {iban} "
        "with the structured communication {structured_communication}." + _EN_CLOSING,
    ),
    ("credit_note", "nl"): MailText(
        "Creditnota {number} van {company_name}",
        "Beste {customer_name},\n\n"
        "In bijlage vindt u creditnota {number} van {issue_date}, voor een bedrag van {total}."
        + _NL_CLOSING,
    ),
    ("credit_note", "fr"): MailText(
        "Note de crédit {number} de {company_name}",
        "Bonjour {customer_name},\n\n"
        "Veuillez trouver en annexe la note de crédit {number} du {issue_date}, "
        "d'un montant de {total}." + _FR_CLOSING,
    ),
    ("credit_note", "en"): MailText(
        "Credit note {number} from {company_name}",
        "Dear {customer_name},\n\n"
        "Please find attached credit note {number} of {issue_date}, for an amount of {total}."
        + _EN_CLOSING,
    ),
    ("quote", "nl"): MailText(
        "Offerte {number} van {company_name}",
        "Beste {customer_name},\n\n"
        "In bijlage vindt u onze offerte {number} van {issue_date}, voor een bedrag van {total}.\n"
        "Wij horen graag of ze u bevalt." + _NL_CLOSING,
    ),
    ("quote", "fr"): MailText(
        "Offre {number} de {company_name}",
        "Bonjour {customer_name},\n\n"
        "Veuillez trouver en annexe notre offre {number} du {issue_date}, "
        "d'un montant de {total}.\n"
        "Nous restons à votre disposition pour toute question." + _FR_CLOSING,
    ),
    ("quote", "en"): MailText(
        "Quote {number} from {company_name}",
        "Dear {customer_name},\n\n"
        "Please find attached our quote {number} of {issue_date}, for an amount of {total}.\n"
        "We look forward to hearing from you." + _EN_CLOSING,
    ),
    (GENERIC, "nl"): MailText(
        "{document_title} {number} van {company_name}",
        "Beste {customer_name},\n\nIn bijlage vindt u {document_title} {number}." + _NL_CLOSING,
    ),
    (GENERIC, "fr"): MailText(
        "{document_title} {number} de {company_name}",
        "Bonjour {customer_name},\n\nVeuillez trouver en annexe le document "
        "« {document_title} » {number}." + _FR_CLOSING,
    ),
    (GENERIC, "en"): MailText(
        "{document_title} {number} from {company_name}",
        "Dear {customer_name},\n\nPlease find attached {document_title} {number}." + _EN_CLOSING,
    ),
}


def default_text(kind: str, language: str) -> MailText:
    """The built-in text for a kind and language, falling back to a generic one, then English."""
    for key in ((kind, language), (GENERIC, language), (kind, FALLBACK_LANGUAGE)):
        if key in DEFAULTS:
            return DEFAULTS[key]
    return DEFAULTS[(GENERIC, FALLBACK_LANGUAGE)]
