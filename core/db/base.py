"""The one declarative base every core and addon model derives from."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Timezone-aware now, the one clock of the data layer."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base with Facturo's constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict: JSON, datetime: DateTime(timezone=True)}  # noqa: RUF012


MIGRATION_ONLY = "migration_only"


def declare_migration_only(type_: str, name: str) -> None:
    """Declare a database object that a migration makes and no model describes (a search
    index, say): schema comparisons leave it out. A table covers its `<name>_*` shadow
    tables too."""
    Base.metadata.info.setdefault(MIGRATION_ONLY, set()).add((type_, name))


def is_migration_only(type_: str, name: str | None) -> bool:
    """Whether a database object was declared with `declare_migration_only`."""
    if name is None:
        return False
    for kind, declared in Base.metadata.info.get(MIGRATION_ONLY, ()):
        if kind == type_ and (name == declared or (kind == "table" and
                                                   name.startswith(declared + "_"))):
            return True
    return False


class TenantOwned:
    """Mixin for rows that belong to one tenant.

    Queries on these models are filtered to the session's tenant automatically, new rows get
    the session's tenant, and a query without a tenant raises `TenantContextMissing`.
    """

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        return mapped_column(
            Integer, ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False, index=True
        )
