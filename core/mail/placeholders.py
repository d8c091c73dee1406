"""Placeholders in e-mail and document texts: `{number}`, `{total}`, `{due_date}`, ...

A deliberately small language: a name between braces is replaced by its value, `{{` and
`}}` write a brace, and nothing else is interpreted (no attributes, no formatting codes), so
a tenant's template can never reach into the program.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from core.i18n import N_, _
from core.output.formatting import Formatter
from core.output.labels import kind_title
from core.output.view import DocumentView

#: Every placeholder a template may use, with what it stands for.
PLACEHOLDERS = {
    "number": N_("document number"),
    "document_title": N_("kind of document (Invoice, Credit note, ...)"),
    "issue_date": N_("document date"),
    "due_date": N_("due date"),
    "total": N_("total including VAT"),
    "amount_due": N_("amount still to pay"),
    "cash_discount": N_("financial discount and what to pay with it (empty without one)"),
    "structured_communication": N_("structured communication (+++…+++)"),
    "iban": N_("bank account (IBAN)"),
    "customer_name": N_("customer name"),
    "company_name": N_("your company name"),
}

MSG_UNKNOWN = N_("Unknown placeholder(s) %(names)s; available: %(allowed)s.")
_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


class PlaceholderError(ValueError):
    """A template names placeholders that do not exist."""

    def __init__(self, unknown: list[str]) -> None:
        self.unknown = unknown
        names = ", ".join("{" + name + "}" for name in unknown)
        allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        super().__init__(_(MSG_UNKNOWN) % {"names": names, "allowed": allowed})


def unknown_placeholders(template: str) -> list[str]:
    """The names in the template that are not placeholders, in order of appearance."""
    found = [m.group(1) for m in _TOKEN.finditer(template) if m.group(1)]
    return list(dict.fromkeys(name for name in found if name not in PLACEHOLDERS))


def validate(template: str) -> str:
    """Return the template, or raise `PlaceholderError` naming its unknown placeholders."""
    unknown = unknown_placeholders(template)
    if unknown:
        raise PlaceholderError(unknown)
    return template


def render(template: str, values: Mapping[str, str]) -> str:
    """Replace the placeholders; an unknown one is left as written."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return match.group(0)[0]
        value = values.get(name)
        return match.group(0) if value is None else value

    return _TOKEN.sub(replace, template)


def document_values(view: DocumentView) -> dict[str, str]:
    """The placeholder values of a document, formatted in its language."""
    fmt = Formatter(view.language, view.currency)
    payment = view.payment
    return {
        "number": view.number or "",
        "document_title": view.title or kind_title(view.kind, view.language),
        "issue_date": fmt.date(view.issue_date),
        "due_date": fmt.date(view.due_date),
        "total": fmt.money(view.total),
        "amount_due": fmt.money(view.amount_due),
        "cash_discount": view.cash_discount.text if view.cash_discount is not None else "",
        "structured_communication": payment.framed_communication if payment else "",
        "iban": (payment.iban if payment is not None else "") or view.seller.iban,
        "customer_name": view.buyer.name,
        "company_name": view.seller.name,
    }
