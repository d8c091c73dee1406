"""Server-side login sessions: a random key in the cookie, its SHA-256 in `user_sessions`.

A session ends when its row is gone: at logout, when the password changes, when the user
leaves a company or is signed out everywhere, and after the idle or absolute lifetime.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from core.db.base import utcnow
from core.tenants.models import UserSession

TOUCH_EVERY = timedelta(minutes=1)


def session_digest(key: str) -> str:
    """What the table stores of a session key: a copy of the table logs nobody in."""
    return hashlib.sha256(key.encode()).hexdigest()


def open_session(session: Session, user_id: int) -> str:
    """Record a new login of the user; the key to put in their cookie."""
    key = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(UserSession(id=session_digest(key), user_id=user_id, created_at=now,
                            last_seen_at=now))
    return key


def close_session(connection: Connection | Session, key: str) -> None:
    """End one session (logout)."""
    connection.execute(delete(UserSession).where(UserSession.id == session_digest(key)))


def close_user_sessions(connection: Connection | Session, user_id: int) -> int:
    """End every session of a user, wherever they are; how many there were."""
    result = connection.execute(delete(UserSession).where(UserSession.user_id == user_id))
    return int(result.rowcount or 0)


def close_expired(connection: Connection | Session, user_id: int, *, idle: int,
                  lifetime: int) -> None:
    """Forget the user's sessions that ran out (kept tidy at each login)."""
    now = utcnow()
    connection.execute(
        delete(UserSession).where(
            UserSession.user_id == user_id,
            (UserSession.last_seen_at < now - timedelta(seconds=idle))
            | (UserSession.created_at < now - timedelta(seconds=lifetime)),
        )
    )


def aware(moment: datetime) -> datetime:
    """A stored time as UTC (SQLite gives it back without a zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def still_valid(created_at: datetime, last_seen_at: datetime, *, idle: int, lifetime: int,
                now: datetime | None = None) -> bool:
    """Whether a session is within its idle and absolute lifetimes."""
    now = now or utcnow()
    return (aware(last_seen_at) > now - timedelta(seconds=idle)
            and aware(created_at) > now - timedelta(seconds=lifetime))


def needs_touch(last_seen_at: datetime, now: datetime | None = None) -> bool:
    """Whether the last-seen time is old enough to be written again."""
    return aware(last_seen_at) < (now or utcnow()) - TOUCH_EVERY


def touch(connection: Connection, digest: str) -> None:
    """Record that the session was used now."""
    connection.execute(
        update(UserSession).where(UserSession.id == digest).values(last_seen_at=utcnow())
    )
