"""Extra addresses of a contact (delivery, site, ...) and e-mail addresses per document kind."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from core.contacts.errors import NotFound, ValidationError, require_write
from core.contacts.fields import clean_country, clean_emails
from core.contacts.models import Contact, ContactAddress, ContactDocumentEmail
from core.contacts.service import get_contact
from core.context import Context
from core.i18n import _

ADDRESS_KINDS = ("delivery", "invoice", "site", "other")
_TEXT = {"label": 100, "street": 200, "postal_code": 20, "city": 100}


def _clean_address(data: Mapping[str, Any], default_country: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    kind = str(data.get("kind") or "delivery")
    if kind not in ADDRESS_KINDS:
        errors["kind"] = _("kind must be one of %(choices)s") % {
            "choices": ", ".join(ADDRESS_KINDS)}
    values["kind"] = kind
    for key, limit in _TEXT.items():
        text = str(data.get(key) or "").strip()
        if len(text) > limit:
            errors[key] = _("at most %(count)s characters") % {"count": limit}
        values[key] = text
    try:
        values["country"] = clean_country(data.get("country") or default_country)
    except ValueError as exc:
        errors["country"] = str(exc)
    if not (values["street"] or values["city"]):
        errors["street"] = _("an address needs at least a street or a city")
    if errors:
        raise ValidationError(errors)
    return values


def list_addresses(ctx: Context, contact_id: int, kind: str | None = None) -> list[ContactAddress]:
    """The contact's extra addresses, optionally of one kind."""
    query = select(ContactAddress).where(ContactAddress.contact_id == contact_id)
    if kind is not None:
        query = query.where(ContactAddress.kind == kind)
    return list(ctx.session.scalars(query.order_by(ContactAddress.id)))


def add_address(ctx: Context, contact_id: int, data: Mapping[str, Any]) -> ContactAddress:
    """Add an extra address (`kind` delivery by default) to a contact."""
    require_write(ctx)
    contact = get_contact(ctx, contact_id)
    address = ContactAddress(contact_id=contact.id, **_clean_address(data, contact.country))
    ctx.session.add(address)
    ctx.session.flush()
    return address


def update_address(ctx: Context, address_id: int, data: Mapping[str, Any]) -> ContactAddress:
    """Replace an extra address's fields."""
    require_write(ctx)
    address = ctx.session.get(ContactAddress, address_id)
    if address is None:
        raise NotFound(_("This address does not exist."))
    merged = {k: getattr(address, k) for k in ("kind", "country", *_TEXT)} | dict(data)
    for key, value in _clean_address(merged, address.country).items():
        setattr(address, key, value)
    ctx.session.flush()
    return address


def delete_address(ctx: Context, address_id: int) -> None:
    """Remove an extra address."""
    require_write(ctx)
    address = ctx.session.get(ContactAddress, address_id)
    if address is None:
        raise NotFound(_("This address does not exist."))
    ctx.session.delete(address)
    ctx.session.flush()


def document_emails(ctx: Context, contact_id: int) -> dict[str, str]:
    """The contact's alternative e-mail addresses, keyed by document kind."""
    rows = ctx.session.execute(
        select(ContactDocumentEmail.document_kind, ContactDocumentEmail.email).where(
            ContactDocumentEmail.contact_id == contact_id
        )
    )
    return {kind: email for kind, email in rows}


def set_document_email(
    ctx: Context, contact_id: int, document_kind: str, email: str | None
) -> None:
    """Send documents of a kind (e.g. `invoice`) to `email`; empty to use the main address."""
    require_write(ctx)
    contact = get_contact(ctx, contact_id)
    try:
        cleaned = clean_emails(email)
    except ValueError as exc:
        raise ValidationError({f"document_emails.{document_kind}": str(exc)}) from None
    row = ctx.session.scalar(
        select(ContactDocumentEmail).where(
            ContactDocumentEmail.contact_id == contact.id,
            ContactDocumentEmail.document_kind == document_kind,
        )
    )
    if cleaned is None:
        if row is not None:
            ctx.session.delete(row)
    elif row is None:
        ctx.session.add(
            ContactDocumentEmail(contact_id=contact.id, document_kind=document_kind, email=cleaned)
        )
    else:
        row.email = cleaned
    ctx.session.flush()


def email_for(ctx: Context, contact: Contact, document_kind: str) -> str | None:
    """Where to send a document of this kind: the alternative address, else the main one."""
    return document_emails(ctx, contact.id).get(document_kind) or contact.email
