"""Tenant-level settings as key/value JSON rows, and the ones documents read.

Keys used by documents: `documents.payment_term_days` (default 30),
`documents.default_vat_rate` (21), `documents.default_vat_regime` (the regime of documents
for customers without one of their own, default `standard`),
`documents.reverse_charge_reference` (print the legal reference with "Btw verlegd", default
true), `company.vat_number` (the seller's VAT number).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, String, UniqueConstraint, bindparam, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db.base import Base, TenantOwned

if TYPE_CHECKING:
    from core.context import Context

PAYMENT_TERM_DAYS = "documents.payment_term_days"
DEFAULT_VAT_RATE = "documents.default_vat_rate"
DEFAULT_VAT_REGIME = "documents.default_vat_regime"
REVERSE_CHARGE_REFERENCE = "documents.reverse_charge_reference"
SELLER_VAT_NUMBER = "company.vat_number"

DEFAULTS: dict[str, Any] = {
    PAYMENT_TERM_DAYS: 30,
    DEFAULT_VAT_RATE: "21",
    DEFAULT_VAT_REGIME: "standard",
    REVERSE_CHARGE_REFERENCE: True,
    SELLER_VAT_NUMBER: None,
}


class TenantSetting(TenantOwned, Base):
    """One setting of a tenant: a key and a JSON value."""

    __tablename__ = "tenant_settings"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    """The tenant's value of a setting, else the given default, else the known default."""
    row = session.scalars(select(TenantSetting).where(TenantSetting.key == key)).first()
    if row is not None:
        return row.value
    return default if default is not None else DEFAULTS.get(key)


def set_setting(session: Session, key: str, value: Any) -> None:
    """Store a setting for the session's tenant."""
    session.info.pop(_CACHE, None)
    row = session.scalars(select(TenantSetting).where(TenantSetting.key == key)).first()
    if row is None:
        session.add(TenantSetting(key=key, value=value))
    else:
        row.value = value


def payment_term_days(session: Session) -> int:
    """The tenant's default payment term in days."""
    value = get_setting(session, PAYMENT_TERM_DAYS)
    return int(value)


def default_vat_rate(session: Session) -> Decimal:
    """The rate new lines get under the standard regime."""
    return Decimal(str(get_setting(session, DEFAULT_VAT_RATE)))


def set_payment_term_days(session: Session, days: int) -> None:
    """Change the tenant's default payment term (0 = due on receipt)."""
    if int(days) < 0:
        raise ValueError("a payment term cannot be negative")
    set_setting(session, PAYMENT_TERM_DAYS, int(days))


_CACHE = "facturo.documents.settings"
_ALL = select(TenantSetting.__table__.c.key, TenantSetting.__table__.c.value).where(
    TenantSetting.__table__.c.tenant_id == bindparam("t_id")
)


def tenant_values(ctx: Context) -> dict[str, Any]:
    """Every setting the tenant stored, read once per transaction."""
    session = ctx.session
    cached = session.info.get(_CACHE)
    transaction = session.get_transaction()
    if cached is not None and transaction is not None and cached[0] is transaction:
        return cached[1]
    session.flush()
    rows = session.connection().execute(_ALL, {"t_id": ctx.tenant_id})
    values = {key: value for key, value in rows}
    session.info[_CACHE] = (session.get_transaction(), values)
    return values


def value(ctx: Context, key: str) -> Any:
    """A setting of the context's tenant (its default when unset), read once per transaction."""
    values = tenant_values(ctx)
    return values[key] if key in values else DEFAULTS.get(key)
