"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

import threading
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
    else:
        kwargs.setdefault("pool_pre_ping", True)
        engine = create_engine(url, **kwargs)
    _plain_savepoints(engine.dialect)
    return engine


def _plain_savepoints(dialect: Any) -> None:
    """Send SAVEPOINT / RELEASE / ROLLBACK TO as plain SQL instead of compiling a clause.

    The savepoint clauses are not cacheable, so SQLAlchemy compiles each one anew; posting
    opens a savepoint per document. The statements sent are the same.
    """
    name = dialect.identifier_preparer.format_savepoint

    def do_savepoint(connection: Any, ident: str) -> None:
        connection.exec_driver_sql(f"SAVEPOINT {name(None, ident)}")

    def do_rollback_to_savepoint(connection: Any, ident: str) -> None:
        connection.exec_driver_sql(f"ROLLBACK TO SAVEPOINT {name(None, ident)}")

    def do_release_savepoint(connection: Any, ident: str) -> None:
        connection.exec_driver_sql(f"RELEASE SAVEPOINT {name(None, ident)}")

    dialect.do_savepoint = do_savepoint
    dialect.do_rollback_to_savepoint = do_rollback_to_savepoint
    dialect.do_release_savepoint = do_release_savepoint


def _disable_pysqlite_begin(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


WRITER_WAIT = 30.0  # seconds, as SQLite's busy timeout
_WRITER_KEY = "facturo.sqlite_writer"


class _WriterQueue:
    """SQLite writers of this process, one at a time; a thread never waits on itself."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner: int | None = None

    def enter(self) -> bool:
        """Wait for our turn; False when this thread already writes or the wait ran out."""
        me = threading.get_ident()
        if self._owner == me or not self._lock.acquire(timeout=WRITER_WAIT):
            return False
        self._owner = me
        return True

    def leave(self) -> None:
        """Let the next writer in."""
        self._owner = None
        self._lock.release()


def _release_writer(session: Session) -> None:
    writer = session.info.pop(_WRITER_KEY, None)
    if writer is not None:
        writer.leave()


@event.listens_for(Session, "after_transaction_end")
def _writer_done(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        _release_writer(session)


class Database:
    """One database: its engine and a factory of tenant-scoped sessions.

    On PostgreSQL the application connects as a role that owns nothing (`url`); the role
    that owns the tables (`owner_url`, given to operator commands only) runs the migrations
    and the sessions opened for all tenants. Without `owner_url` both are the same role.
    """

    def __init__(self, url: str, *, owner_url: str | None = None, **engine_kwargs: Any) -> None:
        self.url = url
        self.owner_url = owner_url or url
        self.engine = make_engine(url, **engine_kwargs)
        self._engine_kwargs = engine_kwargs
        self._owner_engine: Engine | None = None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = _WriterQueue()

    @property
    def owner_engine(self) -> Engine:
        """The engine of the role that owns the tables (the application's own without one)."""
        if self.owner_url == self.url:
            return self.engine
        if self._owner_engine is None:
            self._owner_engine = make_engine(self.owner_url, **self._engine_kwargs)
        return self._owner_engine

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self.engine.dialect.name

    def new_session(self, tenant_id: int | None = None, *, all_tenants: bool = False) -> Session:
        """A session bound to one tenant, to no tenant (system tables only) or to all tenants."""
        session = self._sessions(bind=self.owner_engine) if all_tenants else self._sessions()
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
        """Serialise writers that must not interleave (SQLite: take the write lock now).

        On SQLite the writers of this process first queue on an in-process lock, released
        when the session's transaction ends: the next writer starts as soon as the previous
        one commits, instead of waking up from SQLite's busy wait.
        """
        if self.dialect == "sqlite" and not session.in_transaction():
            if self._writer.enter():
                session.info[_WRITER_KEY] = self._writer
            try:
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            except BaseException:
                _release_writer(session)
                raise

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        if self._owner_engine is not None:
            self._owner_engine.dispose()
