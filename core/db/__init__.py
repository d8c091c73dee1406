"""Database layer: one declarative base, engines, tenant-scoped sessions."""

from core.db.base import Base, TenantOwned, utcnow
from core.db.engine import Database
from core.db.tenancy import TenantContextMissing, TenantMismatch

__all__ = ["Base", "Database", "TenantContextMissing", "TenantMismatch", "TenantOwned", "utcnow"]
