"""Contact persons under a company, and the address block a document prints.

On a document addressed to a contact person the block gets an attention line ("T.a.v.",
"À l'attention de", ...) in the document language, and the person's own address, when the
person has one, replaces the company's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from babel import Locale
from sqlalchemy import select

from core.contacts.errors import NotFound, ValidationError, require_write
from core.contacts.fields import clean_country, clean_emails, clean_phone
from core.contacts.models import Contact, ContactAddress, ContactPerson
from core.contacts.service import get_contact
from core.context import Context
from core.i18n import _

ATTENTION = {"nl": "T.a.v.", "fr": "À l'attention de", "en": "Attn.", "de": "z. Hd."}
_PERSON_TEXT = {"name": 200, "function": 100, "street": 200, "postal_code": 20, "city": 100}


def _clean_person(data: Mapping[str, Any], creating: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, limit in _PERSON_TEXT.items():
        if key in data:
            text = "" if data[key] is None else str(data[key]).strip()
            if len(text) > limit:
                errors[key] = _("at most %(count)s characters") % {"count": limit}
            values[key] = text
    cleaners = {"email": clean_emails, "phone": clean_phone,
                "country": lambda v: clean_country(v) if v else None}
    for key, cleaner in cleaners.items():
        if key in data:
            try:
                values[key] = cleaner(data[key])
            except ValueError as exc:
                errors[key] = str(exc)
    if (creating or "name" in values) and not values.get("name") and "name" not in errors:
        errors["name"] = _("a name is required")
    if errors:
        raise ValidationError(errors)
    return values


def list_persons(ctx: Context, contact_id: int) -> list[ContactPerson]:
    """The contact persons of a contact, by name."""
    query = select(ContactPerson).where(ContactPerson.contact_id == contact_id)
    return list(ctx.session.scalars(query.order_by(ContactPerson.name, ContactPerson.id)))


def get_person(ctx: Context, person_id: int) -> ContactPerson:
    """A contact person of the tenant, or `NotFound`."""
    person = ctx.session.get(ContactPerson, person_id)
    if person is None:
        raise NotFound(_("This contact person does not exist."))
    return person


def add_person(ctx: Context, contact_id: int, data: Mapping[str, Any]) -> ContactPerson:
    """Add a person (or department) under a contact; an address is optional."""
    require_write(ctx)
    contact = get_contact(ctx, contact_id)
    values = _clean_person(data, creating=True)
    if (values.get("street") or values.get("city")) and not values.get("country"):
        values["country"] = contact.country
    person = ContactPerson(contact_id=contact.id, **values)
    ctx.session.add(person)
    ctx.session.flush()
    return person


def update_person(ctx: Context, person_id: int, data: Mapping[str, Any]) -> ContactPerson:
    """Change the fields of a contact person present in `data`."""
    require_write(ctx)
    person = get_person(ctx, person_id)
    for key, value in _clean_person(data, creating=False).items():
        setattr(person, key, value)
    ctx.session.flush()
    return person


def delete_person(ctx: Context, person_id: int) -> None:
    """Remove a contact person."""
    require_write(ctx)
    ctx.session.delete(get_person(ctx, person_id))
    ctx.session.flush()


def has_own_address(person: ContactPerson) -> bool:
    """Whether the person has an address of their own."""
    return bool(person.street.strip() or person.city.strip())


def person_line(person: ContactPerson) -> str:
    """The person as one line: "name, function" (no stray space when a part is empty)."""
    return ", ".join(part for part in (person.name.strip(), person.function.strip()) if part)


def attention_of(ctx: Context, contact_id: int, person_id: int) -> tuple[str, dict[str, str]]:
    """What a document addressed to a person of the contact prints: the attention text and,
    when the person has an address of their own, that address (else an empty dict).

    `NotFound` when the person is not one of the contact's.
    """
    person = get_person(ctx, person_id)
    if person.contact_id != contact_id:
        raise NotFound(_("This contact person does not exist."))
    where: dict[str, str] = {}
    if has_own_address(person):
        contact = get_contact(ctx, contact_id)
        where = {"street": person.street, "postal_code": person.postal_code,
                 "city": person.city, "country": person.country or contact.country}
    return person_line(person), where


@dataclass(frozen=True)
class AddressBlock:
    """The recipient as printed on a document."""

    name: str
    street: str
    postal_code: str
    city: str
    country: str
    attention: str | None = None
    vat_number: str | None = None
    extra: tuple[str, ...] = field(default=())

    def lines(self, language: str = "nl", home_country: str = "BE") -> list[str]:
        """The block's lines; the country is named (in `language`) only when abroad."""
        lines = [self.name]
        if self.attention:
            lines.append(self.attention)
        lines.extend(x for x in (self.street, f"{self.postal_code} {self.city}".strip()) if x)
        if self.country and self.country != home_country:
            names = Locale.parse(language if language in ATTENTION else "en").territories
            lines.append(names.get(self.country, self.country))
        return lines


def address_block(
    ctx: Context,
    contact: Contact | int,
    *,
    person_id: int | None = None,
    address_id: int | None = None,
    language: str | None = None,
) -> AddressBlock:
    """What to print for a recipient: the contact, optionally for the attention of a person.

    The person's own address replaces the contact's; an extra address chosen with
    `address_id` (a delivery address, say) replaces both. `language` defaults to the
    contact's.
    """
    if isinstance(contact, int):
        contact = get_contact(ctx, contact)
    language = language or contact.language
    where = (contact.street, contact.postal_code, contact.city, contact.country)
    attention = None
    if person_id is not None:
        person = get_person(ctx, person_id)
        if person.contact_id != contact.id:
            raise NotFound(_("This contact person does not exist."))
        attention = f"{ATTENTION.get(language, ATTENTION['en'])} {person.name}"
        if has_own_address(person):
            where = (person.street, person.postal_code, person.city,
                     person.country or contact.country)
    if address_id is not None:
        address = ctx.session.get(ContactAddress, address_id)
        if address is None or address.contact_id != contact.id:
            raise NotFound(_("This address does not exist."))
        where = (address.street, address.postal_code, address.city, address.country)
    street, postal_code, city, country = where
    return AddressBlock(
        name=contact.name, street=street, postal_code=postal_code, city=city, country=country,
        attention=attention, vat_number=contact.vat_number,
    )
