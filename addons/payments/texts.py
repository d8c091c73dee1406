"""The reminder e-mails a tenant starts with, per level and language (nl, fr, en, de).

A tenant writes its own in Settings → E-mail, kept as mail templates of the kinds
`payment_reminder_1`, `payment_reminder_2` and `payment_reminder_3`. The placeholders are
those of every e-mail (`core.mail.placeholders`).
"""

from __future__ import annotations

from core.api import MailText, MailTextKind

FIRST, SECOND, FINAL = 1, 2, 3
LEVELS = (FIRST, SECOND, FINAL)
FALLBACK_LANGUAGE = "en"


def template_kind(level: int) -> str:
    """The mail template kind under which a tenant keeps its own text for a level."""
    return f"payment_reminder_{level}"


_NL_PAY = (
    "Het openstaande bedrag is {amount_due} (vervaldag {due_date}).\n"
    "Gelieve het over te schrijven op rekening {iban} met de gestructureerde mededeling "
    "{structured_communication}."
)
_NL_END = (
    "\n\nHebt u intussen betaald, dan mag u dit bericht als onbestaande beschouwen."
    "\n\nMet vriendelijke groeten,\n{company_name}"
)
_FR_PAY = (
    "Le montant restant dû est de {amount_due} (échéance le {due_date}).\n"
    "Nous vous prions de le verser sur le compte {iban} avec la communication structurée "
    "{structured_communication}."
)
_FR_END = (
    "\n\nSi votre paiement nous est parvenu entre-temps, veuillez ne pas tenir compte de ce "
    "message.\n\nAvec nos salutations distinguées,\n{company_name}"
)
_EN_PAY = (
    "The amount still due is {amount_due} (due date {due_date}).\n"
    "Kindly transfer it to account {iban} with the structured communication "
    "{structured_communication}."
)
_EN_END = (
    "\n\nIf you have paid in the meantime, please disregard this message."
    "\n\nKind regards,\n{company_name}"
)

_DE_PAY = (
    "Der offene Betrag beläuft sich auf {amount_due} (fällig am {due_date}).\n"
    "Bitte überweisen Sie ihn auf das Konto {iban} mit der strukturierten Mitteilung "
    "{structured_communication}."
)
_DE_END = (
    "\n\nFalls Sie inzwischen bezahlt haben, betrachten Sie diese Nachricht bitte als "
    "gegenstandslos.\n\nMit freundlichen Grüßen\n{company_name}"
)

DEFAULTS: dict[tuple[int, str], MailText] = {
    (FIRST, "nl"): MailText(
        "Herinnering: factuur {number}",
        "Beste {customer_name},\n\n"
        "Volgens onze boeken is factuur {number} van {issue_date} nog niet betaald.\n"
        + _NL_PAY + _NL_END,
    ),
    (SECOND, "nl"): MailText(
        "Tweede herinnering: factuur {number}",
        "Beste {customer_name},\n\n"
        "Ondanks onze eerste herinnering is factuur {number} van {issue_date} nog steeds "
        "niet betaald.\n" + _NL_PAY + "\nWij rekenen op een betaling binnen de acht dagen."
        + _NL_END,
    ),
    (FINAL, "nl"): MailText(
        "Laatste aanmaning: factuur {number}",
        "Beste {customer_name},\n\n"
        "Factuur {number} van {issue_date} blijft onbetaald, ook na twee herinneringen.\n"
        + _NL_PAY
        + "\nZonder betaling binnen de acht dagen zijn wij genoodzaakt verdere stappen te "
        "zetten om het bedrag in te vorderen." + _NL_END,
    ),
    (FIRST, "fr"): MailText(
        "Rappel : facture {number}",
        "Bonjour {customer_name},\n\n"
        "Sauf erreur de notre part, la facture {number} du {issue_date} n'a pas encore été "
        "réglée.\n" + _FR_PAY + _FR_END,
    ),
    (SECOND, "fr"): MailText(
        "Deuxième rappel : facture {number}",
        "Bonjour {customer_name},\n\n"
        "Malgré notre premier rappel, la facture {number} du {issue_date} reste impayée.\n"
        + _FR_PAY + "\nNous comptons sur votre paiement dans les huit jours." + _FR_END,
    ),
    (FINAL, "fr"): MailText(
        "Dernier rappel : facture {number}",
        "Bonjour {customer_name},\n\n"
        "La facture {number} du {issue_date} reste impayée malgré deux rappels.\n"
        + _FR_PAY
        + "\nÀ défaut de paiement dans les huit jours, nous serons contraints d'entreprendre "
        "d'autres démarches pour recouvrer ce montant." + _FR_END,
    ),
    (FIRST, "en"): MailText(
        "Reminder: invoice {number}",
        "Dear {customer_name},\n\n"
        "According to our records, invoice {number} of {issue_date} has not been paid yet.\n"
        + _EN_PAY + _EN_END,
    ),
    (SECOND, "en"): MailText(
        "Second reminder: invoice {number}",
        "Dear {customer_name},\n\n"
        "Despite our first reminder, invoice {number} of {issue_date} is still unpaid.\n"
        + _EN_PAY + "\nWe count on your payment within eight days." + _EN_END,
    ),
    (FINAL, "en"): MailText(
        "Final notice: invoice {number}",
        "Dear {customer_name},\n\n"
        "Invoice {number} of {issue_date} remains unpaid after two reminders.\n"
        + _EN_PAY
        + "\nWithout payment within eight days we will have to take further steps to "
        "recover this amount." + _EN_END,
    ),
    (FIRST, "de"): MailText(
        "Zahlungserinnerung: Rechnung {number}",
        "Sehr geehrte Damen und Herren,\n\n"
        "laut unserer Buchhaltung ist die Rechnung {number} vom {issue_date} noch nicht "
        "bezahlt.\n" + _DE_PAY + _DE_END,
    ),
    (SECOND, "de"): MailText(
        "Zweite Zahlungserinnerung: Rechnung {number}",
        "Sehr geehrte Damen und Herren,\n\n"
        "trotz unserer ersten Erinnerung ist die Rechnung {number} vom {issue_date} noch "
        "immer nicht bezahlt.\n" + _DE_PAY
        + "\nWir erwarten Ihre Zahlung innerhalb von acht Tagen." + _DE_END,
    ),
    (FINAL, "de"): MailText(
        "Letzte Mahnung: Rechnung {number}",
        "Sehr geehrte Damen und Herren,\n\n"
        "die Rechnung {number} vom {issue_date} ist auch nach zwei Erinnerungen unbezahlt.\n"
        + _DE_PAY
        + "\nOhne Zahlung innerhalb von acht Tagen sehen wir uns gezwungen, weitere Schritte "
        "zur Einziehung des Betrags einzuleiten." + _DE_END,
    ),
}

LABELS: dict[int, dict[str, str]] = {
    FIRST: {"nl": "Eerste herinnering", "fr": "Premier rappel", "en": "First reminder",
            "de": "Erste Zahlungserinnerung"},
    SECOND: {"nl": "Tweede herinnering", "fr": "Deuxième rappel", "en": "Second reminder",
             "de": "Zweite Zahlungserinnerung"},
    FINAL: {"nl": "Laatste aanmaning", "fr": "Dernier rappel", "en": "Final notice",
            "de": "Letzte Mahnung"},
}


def default_text(level: int, language: str) -> MailText:
    """The built-in reminder text of a level in a language (English when missing)."""
    return DEFAULTS.get((level, language)) or DEFAULTS[(level, FALLBACK_LANGUAGE)]


def mail_text_kinds() -> list[MailTextKind]:
    """The three reminder e-mails as Settings → E-mail lists them."""
    return [
        MailTextKind(
            template_kind(level),
            LABELS[level],
            {language: text for (lvl, language), text in DEFAULTS.items() if lvl == level},
        )
        for level in LEVELS
    ]
