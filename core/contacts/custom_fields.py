"""Tenant-defined extra fields on contacts ("custom fields").

Definitions are rows of `contact_field_definitions`; values live in the JSON column
`Contact.custom_fields` keyed by the definition's `key`, typed as JSON allows: text as a
string, number as a decimal string (`"12.50"`, never a float), date as ISO `YYYY-MM-DD`,
bool as true/false, choice as one of the definition's choices.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from core.contacts.errors import NotFound, ValidationError, require_write
from core.contacts.fields import parse_bool, parse_decimal
from core.contacts.models import Contact, CustomFieldDefinition
from core.context import Context
from core.i18n import _

FIELD_TYPES = ("text", "number", "date", "bool", "choice")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def make_key(label: str) -> str:
    """A stable key from a label: `Nr. rijksregister` -> `nr_rijksregister`."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:60] or "field"


def list_fields(ctx: Context) -> list[CustomFieldDefinition]:
    """The tenant's custom field definitions in display order."""
    query = select(CustomFieldDefinition).order_by(
        CustomFieldDefinition.position, CustomFieldDefinition.id
    )
    return list(ctx.session.scalars(query))


def _check_definition(label: str, type_: str, choices: Iterable[str]) -> list[str]:
    errors: dict[str, str] = {}
    if not label.strip():
        errors["label"] = _("a name is required")
    if type_ not in FIELD_TYPES:
        errors["type"] = _("type must be one of %(choices)s") % {"choices": ", ".join(FIELD_TYPES)}
    clean_choices = [c.strip() for c in choices if c and c.strip()]
    if type_ == "choice" and not clean_choices:
        errors["choices"] = _("a choice field needs at least one choice")
    if errors:
        raise ValidationError(errors)
    return clean_choices


def define_field(
    ctx: Context,
    label: str,
    type: str = "text",
    *,
    key: str | None = None,
    choices: Iterable[str] = (),
    print_on_documents: bool = False,
) -> CustomFieldDefinition:
    """Add a custom field to the tenant's contacts."""
    require_write(ctx)
    clean_choices = _check_definition(label, type, choices)
    key = make_key(key or label)
    taken = ctx.session.scalar(
        select(CustomFieldDefinition.id).where(CustomFieldDefinition.key == key)
    )
    if taken is not None:
        raise ValidationError({"label": _("a field named like this exists already")})
    position = ctx.session.scalar(select(func.count()).select_from(CustomFieldDefinition))
    definition = CustomFieldDefinition(
        key=key, label=label.strip(), type=type, choices=clean_choices,
        print_on_documents=print_on_documents, position=position or 0,
    )
    ctx.session.add(definition)
    ctx.session.flush()
    return definition


def update_field(
    ctx: Context,
    field_id: int,
    *,
    label: str | None = None,
    choices: Iterable[str] | None = None,
    print_on_documents: bool | None = None,
    position: int | None = None,
) -> CustomFieldDefinition:
    """Rename a field, change its choices, its place or whether it is printed.

    The key and the type stay: stored values keep their meaning.
    """
    require_write(ctx)
    definition = ctx.session.get(CustomFieldDefinition, field_id)
    if definition is None:
        raise NotFound(_("This field does not exist."))
    new_choices = definition.choices if choices is None else choices
    clean_choices = _check_definition(label or definition.label, definition.type, new_choices)
    if label is not None:
        definition.label = label.strip()
    definition.choices = clean_choices
    if print_on_documents is not None:
        definition.print_on_documents = print_on_documents
    if position is not None:
        definition.position = position
    return definition


def delete_field(ctx: Context, field_id: int) -> None:
    """Remove a field definition; values already stored on contacts are left alone."""
    require_write(ctx)
    definition = ctx.session.get(CustomFieldDefinition, field_id)
    if definition is None:
        raise NotFound(_("This field does not exist."))
    ctx.session.delete(definition)


def _parse_date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(_("expected a date such as 31/12/2026"))


def clean_value(definition: CustomFieldDefinition, value: Any) -> Any:
    """The JSON value to store for one field, or None when empty; ValueError when bad."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if definition.type == "text":
        text = str(value).strip()
        if len(text) > 1000:
            raise ValueError(_("at most %(count)s characters") % {"count": 1000})
        return text
    if definition.type == "number":
        number = parse_decimal(value)
        return None if number is None else str(number)
    if definition.type == "date":
        return _parse_date(value)
    if definition.type == "bool":
        return parse_bool(value)
    text = str(value).strip()
    for choice in definition.choices:
        if choice.lower() == text.lower():
            return choice
    raise ValueError(_("choose one of %(choices)s") % {"choices": ", ".join(definition.choices)})


def clean_custom_values(
    definitions: Iterable[CustomFieldDefinition],
    values: Mapping[str, Any],
    existing: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The new JSON for `Contact.custom_fields`: `existing` updated with checked `values`.

    Errors are reported as `custom_fields.<key>`; unknown keys are refused.
    """
    by_key = {d.key: d for d in definitions}
    result = dict(existing or {})
    errors: dict[str, str] = {}
    for key, value in values.items():
        definition = by_key.get(key)
        if definition is None:
            errors[f"custom_fields.{key}"] = _("there is no such field")
            continue
        try:
            cleaned = clean_value(definition, value)
        except ValueError as exc:
            errors[f"custom_fields.{key}"] = str(exc)
            continue
        if cleaned is None:
            result.pop(key, None)
        else:
            result[key] = cleaned
    if errors:
        raise ValidationError(errors)
    return result


def display_value(definition: CustomFieldDefinition, stored: Any) -> str:
    """A stored value as text to show (dates as dd/mm/yyyy, booleans in words)."""
    if stored is None:
        return ""
    if definition.type == "bool":
        return _("yes") if stored else _("no")
    if definition.type == "date":
        return date.fromisoformat(stored).strftime("%d/%m/%Y")
    return str(stored)


def printable_fields(ctx: Context, contact: Contact) -> list[tuple[str, str]]:
    """(label, value) of the contact's filled fields marked "print on documents"."""
    return [
        (d.label, display_value(d, contact.custom_fields[d.key]))
        for d in list_fields(ctx)
        if d.print_on_documents and (contact.custom_fields or {}).get(d.key) is not None
    ]


def printed_fields(ctx: Context, contact_id: int) -> list[tuple[str, str]]:
    """`printable_fields` of a contact by id; empty when the tenant prints no field."""
    if not any(d.print_on_documents for d in list_fields(ctx)):
        return []
    contact = ctx.session.get(Contact, contact_id)
    return printable_fields(ctx, contact) if contact is not None else []
