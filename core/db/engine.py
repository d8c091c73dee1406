"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from core.db import tenancy

log = logging.getLogger(__name__)

BUSY_TIMEOUT = 30.0  # seconds a writer waits for another one before giving up
MMAP_SIZE = 1 << 30
"""SQLite reads the first GiB of the file through memory mapping: a page read is a memory
access, not a system call, and the pages are shared by every connection (a search that
reads 1,780 contacts by id took about a quarter less time)."""


class DatabaseBusy(RuntimeError):
    """Another writer held the database's write lock for longer than the busy timeout."""

    def __init__(self, waited: float) -> None:
        super().__init__(
            f"waited {waited:.0f} s for another process to finish writing to the database; "
            "nothing was changed, try again"
        )
        self.waited = waited


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    cursor.execute(f"PRAGMA mmap_size={MMAP_SIZE}")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with Facturo's connection settings for the given database URL."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        # Let BEGIN be explicit so that "BEGIN IMMEDIATE" can take the write lock up front.
        event.listen(engine, "connect", _disable_pysqlite_begin)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "checkin", _sqlite_checkin)
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


class _Holder(threading.local):
    """The SQLite connection of this thread that holds the write lock, if any."""

    connection: Any = None
    waited: float = 0.0  # seconds, all units of work of this thread together


_holder = _Holder()
_NO_WAIT = "facturo.no_wait"


def write_waits() -> float:
    """Seconds the units of work of this thread waited for the write lock, in all."""
    return _holder.waited


def _sqlite_checkin(dbapi_connection: Any, _record: Any) -> None:
    if _holder.connection is dbapi_connection:  # back in the pool: another thread may take it
        _holder.connection = None


def _writing_elsewhere(raw: Any) -> bool:
    """Whether this thread holds the write lock on another connection than `raw`."""
    held = _holder.connection
    if held is None or held is raw:
        return False
    try:
        return bool(held.in_transaction)
    except Exception:  # closed meanwhile
        _holder.connection = None
        return False


def _sqlite_begin(connection: Any) -> None:
    """`BEGIN IMMEDIATE` for units of work that may write, `BEGIN DEFERRED` for reads.

    A unit of work nested in another one of the same thread that holds the write lock cannot
    take it (it would wait for itself): it begins deferred, as a reader.
    """
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    raw = connection.connection.dbapi_connection
    info = connection.connection.info
    if info.pop(_NO_WAIT, False):
        connection.exec_driver_sql(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    if mode != "IMMEDIATE":
        connection.exec_driver_sql(f"BEGIN {mode}")
        return
    if _writing_elsewhere(raw):
        # it would wait for its own thread: it may read, and a write fails at once
        log.warning("a unit of work opened inside another one of this thread that holds the "
                    "write lock: it can only read")
        info[_NO_WAIT] = True
        connection.exec_driver_sql("PRAGMA busy_timeout=0")
        connection.exec_driver_sql("BEGIN DEFERRED")
        return
    start = time.monotonic()
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except OperationalError as exc:
        if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
            raise
        raise DatabaseBusy(time.monotonic() - start) from exc
    waited = time.monotonic() - start
    _holder.waited += waited
    _holder.connection = raw
    if waited > 1.0:
        log.warning("waited %.1f s for another writer to finish", waited)


WRITER_WAIT = BUSY_TIMEOUT
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
        # on SQLite a unit of work that may write takes the write lock with its first
        # statement, so that it never fails half-way when another writer overtook its reads
        writing = (
            self.engine.execution_options(sqlite_begin="IMMEDIATE")
            if self.dialect == "sqlite"
            else self.engine
        )
        self._sessions = sessionmaker(writing, expire_on_commit=False)
        self._readers = sessionmaker(self.engine, expire_on_commit=False)
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

    def new_session(
        self, tenant_id: int | None = None, *, all_tenants: bool = False, read_only: bool = False
    ) -> Session:
        """A session bound to one tenant, to no tenant (system tables only) or to all tenants.

        Every session may write and, on SQLite, starts its transaction in write mode
        (`BEGIN IMMEDIATE`, waiting up to `BUSY_TIMEOUT` for another writer, then
        `DatabaseBusy`). `read_only=True` is for units of work that only read (pages shown
        with GET): they begin deferred and never wait for writers. A session for all tenants
        connects as the role that owns the tables (PostgreSQL; the same connection on SQLite).
        """
        if all_tenants and self.owner_engine is not self.engine:
            session = self._sessions(bind=self.owner_engine)
        else:
            session = (self._readers if read_only else self._sessions)()
        if tenant_id is not None:
            session.info[tenancy.TENANT_KEY] = tenant_id
        if all_tenants:
            session.info[tenancy.ALL_TENANTS_KEY] = True
        return session

    @contextmanager
    def session(
        self, tenant_id: int | None = None, *, all_tenants: bool = False, read_only: bool = False
    ) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error (see `new_session`)."""
        session = self.new_session(tenant_id, all_tenants=all_tenants, read_only=read_only)
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
