"""Contact records (customers and suppliers) and the data that hangs off them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.contacts.search_text import SEARCHED, search_text
from core.db.base import Base, TenantOwned, utcnow


class Contact(TenantOwned, Base):
    """A customer and/or supplier of a tenant: a person or a company."""

    __tablename__ = "contacts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        Index("ix_contacts_tenant_name", "tenant_id", "name"),
        Index("ix_contacts_tenant_vat", "tenant_id", "vat_number"),
        Index("ix_contacts_tenant_created", "tenant_id", "created_at"),
        # the list's filters (kind, archived) and sorts (name, city), each read from an index
        Index("ix_contacts_tenant_archived_name", "tenant_id", "archived", "name", "id"),
        Index("ix_contacts_tenant_customer_name", "tenant_id", "is_customer", "archived",
              "name", "id"),
        Index("ix_contacts_tenant_supplier_name", "tenant_id", "is_supplier", "archived",
              "name", "id"),
        Index("ix_contacts_tenant_city", "tenant_id", "city", "name", "id"),
        Index("ix_contacts_tenant_archived_created", "tenant_id", "archived", "created_at",
              "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    is_customer: Mapped[bool] = mapped_column(default=True)
    is_supplier: Mapped[bool] = mapped_column(default=False)
    is_company: Mapped[bool] = mapped_column(default=True)
    name: Mapped[str] = mapped_column(String(200))
    vat_number: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(500))
    phone: Mapped[str | None] = mapped_column(String(40))
    mobile: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(2), default="BE")
    language: Mapped[str] = mapped_column(String(5), default="nl")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    vat_regime: Mapped[str | None] = mapped_column(String(30))
    payment_term_days: Mapped[int | None] = mapped_column()
    general_discount: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0"))
    financial_discount: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0"))
    internal_note: Mapped[str] = mapped_column(Text, default="")
    custom_fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    search_text: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(default=False)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


@event.listens_for(Contact, "before_insert")
@event.listens_for(Contact, "before_update")
def _refresh_search_text(_mapper: Any, _connection: Any, contact: Contact) -> None:
    contact.search_text = search_text({key: getattr(contact, key) for key in SEARCHED})


class ContactAddress(TenantOwned, Base):
    """An extra address of a contact: delivery, site, invoicing, ..."""

    __tablename__ = "contact_addresses"
    __table_args__ = (Index("ix_contact_addresses_tenant_contact", "tenant_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default="delivery")
    label: Mapped[str] = mapped_column(String(100), default="")
    street: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(2), default="BE")


class ContactPerson(TenantOwned, Base):
    """A person or department within a company contact, optionally with an own address."""

    __tablename__ = "contact_persons"
    __table_args__ = (Index("ix_contact_persons_tenant_contact", "tenant_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    function: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str | None] = mapped_column(String(500))
    phone: Mapped[str | None] = mapped_column(String(40))
    street: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str | None] = mapped_column(String(2))


class ContactDocumentEmail(TenantOwned, Base):
    """Where documents of one kind go for a contact (invoices to accounting@..., say)."""

    __tablename__ = "contact_document_emails"
    __table_args__ = (UniqueConstraint("tenant_id", "contact_id", "document_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    document_kind: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(500))


class Tag(TenantOwned, Base):
    """A label a tenant puts on contacts to filter them."""

    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    color: Mapped[str] = mapped_column(String(20), default="")


class ContactTag(TenantOwned, Base):
    """A tag on a contact."""

    __tablename__ = "contact_tags"
    __table_args__ = (Index("ix_contact_tags_tenant_tag", "tenant_id", "tag_id", "contact_id"),)

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True
    )


class CustomFieldDefinition(TenantOwned, Base):
    """A tenant-defined extra field on contacts; values live in `Contact.custom_fields`."""

    __tablename__ = "contact_field_definitions"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(10), default="text")
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    print_on_documents: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)


class ContactAttachment(TenantOwned, Base):
    """A file kept with a contact (a signed contract, photos of the works, ...)."""

    __tablename__ = "contact_attachments"
    __table_args__ = (Index("ix_contact_attachments_tenant_contact", "tenant_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_path: Mapped[str] = mapped_column(String(500))
    uploaded_by: Mapped[int | None] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
