"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from core.db import tenancy


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with Facturo's connection settings for the given database URL."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        # Let BEGIN be explicit so that "BEGIN IMMEDIATE" can take the write lock up front.
        event.listen(engine, "connect", _disable_pysqlite_begin)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _disable_pysqlite_begin(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """One database: its engine and a factory of tenant-scoped sessions."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self.engine.dialect.name

    def new_session(self, tenant_id: int | None = None, *, all_tenants: bool = False) -> Session:
        """A session bound to one tenant, to no tenant (system tables only) or to all tenants."""
        session = self._sessions()
        if tenant_id is not None:
            session.info[tenancy.TENANT_KEY] = tenant_id
        if all_tenants:
            session.info[tenancy.ALL_TENANTS_KEY] = True
        return session

    @contextmanager
    def session(
        self, tenant_id: int | None = None, *, all_tenants: bool = False
    ) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        session = self.new_session(tenant_id, all_tenants=all_tenants)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def write_lock(self, session: Session) -> None:
        """Serialise writers that must not interleave (SQLite: take the write lock now)."""
        if self.dialect == "sqlite" and not session.in_transaction():
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
