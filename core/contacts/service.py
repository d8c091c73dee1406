"""Creating, changing, archiving and deleting contacts: the one way every surface does it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select

from core.audit.service import record
from core.contacts.custom_fields import clean_custom_values, list_fields
from core.contacts.errors import ContactError, NotFound, ValidationError, require_write
from core.contacts.fields import clean_contact
from core.contacts.models import Contact, ContactPerson
from core.contacts.references import reference_counts
from core.contacts.tags import set_tags
from core.context import Context
from core.documents.records import customer_record
from core.i18n import _
from core.numbering.service import set_pattern, take_number

PARTY_ALIASES = {"vat": "vat_number", "zip": "postal_code", "postcode": "postal_code"}


def sequence_key(contact: Contact | Mapping[str, Any]) -> str:
    """The numbering series of a contact: `customer`, or `supplier` for a supplier only."""
    is_customer = (
        contact.is_customer if isinstance(contact, Contact) else contact.get("is_customer", True)
    )
    return "customer" if is_customer else "supplier"


def pattern_hook(ctx: Context) -> Any:
    """The `pattern_for` argument of the numbering service: asks the `number_pattern` hook."""
    return lambda seq: ctx.call("number_pattern", sequence=seq.key)


def number_taken(ctx: Context, number: str, exclude_id: int | None = None) -> bool:
    """Whether another contact of the tenant already has this number."""
    query = select(Contact.id).where(Contact.number == number)
    if exclude_id is not None:
        query = query.where(Contact.id != exclude_id)
    return ctx.session.scalar(query.limit(1)) is not None


def next_number(ctx: Context, key: str = "customer") -> str:
    """Take the next free number of a series (numbers brought by imports are skipped)."""
    for _attempt in range(10_000):
        number, _value = take_number(ctx.session, key, date.today(), pattern_for=pattern_hook(ctx))
        if not number_taken(ctx, number):
            return number
    raise ContactError(_("No free contact number: change the numbering pattern."))


def set_number_pattern(ctx: Context, pattern: str, key: str = "customer") -> None:
    """Number new customers (or suppliers) from `pattern`, e.g. `C(5)`; existing keep theirs."""
    require_write(ctx)
    try:
        set_pattern(ctx.session, key, pattern)
    except ValueError as exc:
        raise ValidationError({"pattern": str(exc)}) from None


def get_contact(ctx: Context, contact_id: int) -> Contact:
    """A contact of the tenant; `NotFound` otherwise (also for another tenant's id)."""
    contact = ctx.session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(_("This contact does not exist."))
    return contact


def _apply_extras(ctx: Context, contact: Contact, data: Mapping[str, Any]) -> None:
    if "custom_fields" in data:
        contact.custom_fields = clean_custom_values(
            list_fields(ctx), data["custom_fields"] or {}, contact.custom_fields
        )
    if "tags" in data:
        ctx.session.flush()
        set_tags(ctx, contact.id, data["tags"] or ())


def create_contact(ctx: Context, data: Mapping[str, Any]) -> Contact:
    """Add a customer (default) or supplier from form data; numbered unless `number` is given.

    `data` holds contact fields (see `core.contacts.fields.EDITABLE`), optionally
    `custom_fields` (a dict) and `tags` (names). Raises `ValidationError`.
    """
    require_write(ctx)
    values = clean_contact(data)
    errors: dict[str, str] = {}
    try:
        custom = clean_custom_values(list_fields(ctx), data.get("custom_fields") or {})
    except ValidationError as exc:
        errors.update(exc.errors)
    if values.get("number") and number_taken(ctx, values["number"]):
        errors["number"] = _("this number is used by another contact")
    if errors:
        raise ValidationError(errors)
    if not values.get("number"):
        values["number"] = next_number(ctx, sequence_key(values))
    contact = Contact(**values, custom_fields=custom)
    ctx.session.add(contact)
    ctx.session.flush()
    if "tags" in data:
        set_tags(ctx, contact.id, data["tags"] or ())
    record(ctx, "contact.created", "contact", contact.id, {"number": contact.number})
    ctx.call("contact_saved", contact=customer_record(contact), created=True)
    return contact


def create_customer(ctx: Context, data: Mapping[str, Any]) -> Contact:
    """Add a customer."""
    return create_contact(ctx, {"is_customer": True, **data})


def create_supplier(ctx: Context, data: Mapping[str, Any]) -> Contact:
    """Add a supplier (numbered in the `supplier` series)."""
    return create_contact(ctx, {"is_customer": False, "is_supplier": True, **data})


def update_contact(ctx: Context, contact_id: int, data: Mapping[str, Any]) -> Contact:
    """Change the fields present in `data`; the others stay. Raises `ValidationError`."""
    require_write(ctx)
    contact = get_contact(ctx, contact_id)
    values = clean_contact(data, current=contact)
    if "number" in values and not values["number"]:
        raise ValidationError({"number": _("a number is required")})
    if values.get("number") and number_taken(ctx, values["number"], exclude_id=contact.id):
        raise ValidationError({"number": _("this number is used by another contact")})
    changed = sorted(k for k, v in values.items() if getattr(contact, k) != v)
    for key, value in values.items():
        setattr(contact, key, value)
    _apply_extras(ctx, contact, data)
    ctx.session.flush()
    if changed:
        record(ctx, "contact.updated", "contact", contact.id, {"fields": changed})
    ctx.call("contact_saved", contact=customer_record(contact), created=False)
    return contact


def archive_contact(ctx: Context, contact_id: int, archived: bool = True) -> Contact:
    """Hide a contact from lists and pickers (or bring it back); nothing is deleted."""
    require_write(ctx)
    contact = get_contact(ctx, contact_id)
    if contact.merged_into_id is not None and not archived:
        raise ContactError(_("A merged contact cannot be brought back."))
    contact.archived = archived
    record(ctx, "contact.archived" if archived else "contact.restored", "contact", contact.id)
    ctx.call("contact_saved", contact=customer_record(contact), created=False)
    return contact


def delete_contact(ctx: Context, contact_id: int) -> None:
    """Delete a contact that no document refers to; otherwise refuse (archive it instead)."""
    require_write(ctx)
    contact = get_contact(ctx, contact_id)
    if any(reference_counts(ctx, contact.id).values()):
        raise ContactError(
            _("%(name)s has documents and cannot be deleted; archive it instead.")
            % {"name": contact.name}
        )
    record(ctx, "contact.deleted", "contact", contact.id,
           {"number": contact.number, "name": contact.name})
    ctx.call("contact_deleted", contact=customer_record(contact))
    ctx.session.delete(contact)
    ctx.session.flush()


def find_by_vat(ctx: Context, vat_number: str) -> list[Contact]:
    """Contacts with this (normalised) VAT number, e.g. to warn about a duplicate."""
    query = select(Contact).where(Contact.vat_number == vat_number).order_by(Contact.id)
    return list(ctx.session.scalars(query))


def save_party_as_customer(ctx: Context, party: Mapping[str, Any]) -> Contact:
    """"Save as new customer": a customer from the party fields typed on a document.

    Known contact fields are taken (`vat`, `zip` and `postcode` are understood), others are
    ignored; an `attention` (or `contact_person`) name becomes a contact person. A customer
    with the same VAT number is refused, naming it.
    """
    data = {PARTY_ALIASES.get(k, k): v for k, v in party.items()}
    data.setdefault("is_company", bool(data.get("vat_number")))
    values = clean_contact(
        {k: v for k, v in data.items() if k not in ("attention", "contact_person", "number")}
    )
    if values.get("vat_number"):
        existing = [c for c in find_by_vat(ctx, values["vat_number"]) if c.merged_into_id is None]
        if existing:
            raise ValidationError({"vat_number": _(
                "customer %(number)s (%(name)s) has this VAT number already"
            ) % {"number": existing[0].number, "name": existing[0].name}})
    contact = create_customer(ctx, values)
    person = str(data.get("attention") or data.get("contact_person") or "").strip()
    if person:
        ctx.session.add(ContactPerson(contact_id=contact.id, name=person[:200]))
        ctx.session.flush()
    return contact
