"""Who is asking: the logged-in user, the tenant they work in and their role there.

The signed session cookie holds a random session key, the user id, a fingerprint of their
password hash, the chosen tenant and the CSRF token. The key names a row of `user_sessions`
(by its SHA-256): without the row the cookie is worth nothing, so logging out, a password
change, leaving a company or "sign out everywhere" end it wherever it was copied to, and so
do the idle and absolute lifetimes. The identity is read from the database once per request
and kept on `request.state`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from starlette.requests import HTTPConnection

from core.i18n import DEFAULT_LANGUAGE, UI_LANGUAGES
from core.tenants.models import Membership, Role, Tenant, User, UserSession
from core.tenants.sessions import (
    close_expired,
    close_session,
    needs_touch,
    open_session,
    session_digest,
    still_valid,
    touch,
)

if TYPE_CHECKING:
    from core.context import Kernel

USER_KEY = "uid"
FINGERPRINT_KEY = "fp"
TENANT_KEY = "tid"
LANGUAGE_KEY = "lang"
SESSION_KEY = "sid"


@dataclass(frozen=True)
class TenantChoice:
    """A tenant the user belongs to, as the tenant switcher shows it."""

    tenant_id: int
    name: str
    role: Role


@dataclass(frozen=True)
class Identity:
    """The logged-in user and the tenant of this request."""

    user_id: int
    email: str
    name: str
    language: str
    tenant_id: int | None
    tenant_name: str
    theme: str
    role: Role | None
    tenants: tuple[TenantChoice, ...]


def facturo(conn: HTTPConnection) -> Kernel:
    """The Facturo application serving this request."""
    return conn.app.state.facturo  # type: ignore[no-any-return]


def password_fingerprint(app: Kernel, password_hash: str) -> str:
    """A short keyed digest of a password hash: it changes when the password does."""
    key = app.settings.secret_key.encode()
    return hmac.new(key, password_hash.encode(), hashlib.sha256).hexdigest()[:24]


def start_session(conn: HTTPConnection, app: Kernel, user: User) -> None:
    """Log a user in: a fresh session (new key, new CSRF token) bound to the user.

    The session starts in the company the user last worked in, else their oldest membership.
    """
    settings = app.settings
    with app.db.session() as session:
        close_expired(session, user.id, idle=settings.session_idle_seconds,
                      lifetime=settings.session_lifetime_seconds)
        key = open_session(session, user.id)
        tenant_id = landing_tenant(session, user.id)
    conn.session.clear()
    conn.session[SESSION_KEY] = key
    conn.session[USER_KEY] = user.id
    conn.session[FINGERPRINT_KEY] = password_fingerprint(app, user.password_hash)
    conn.session[LANGUAGE_KEY] = user.language
    if tenant_id is not None:
        conn.session[TENANT_KEY] = tenant_id


def landing_tenant(session: Session, user_id: int) -> int | None:
    """Where a login lands: the last company used while still a member, else the oldest."""
    last = session.scalar(
        select(Membership.tenant_id)
        .join(User, (User.id == Membership.user_id)
              & (User.last_tenant_id == Membership.tenant_id))
        .where(Membership.user_id == user_id)
    )
    if last is not None:
        return int(last)
    first = session.scalar(
        select(Membership.tenant_id).where(Membership.user_id == user_id)
        .order_by(Membership.id).limit(1)
    )
    return int(first) if first is not None else None


def end_session(conn: HTTPConnection) -> None:
    """Log out (the session's row is deleted), keeping only the language for the login page."""
    key = conn.session.get(SESSION_KEY)
    if isinstance(key, str):
        with facturo(conn).db.engine.begin() as connection:
            close_session(connection, key)
    language = conn.session.get(LANGUAGE_KEY)
    conn.session.clear()
    if language:
        conn.session[LANGUAGE_KEY] = language


def identify(conn: HTTPConnection, session: Session | None = None) -> Identity | None:
    """The identity of the request, or None when nobody (valid) is logged in.

    Read once per request: in the given session's transaction (a page reads it in its own
    unit of work, sparing a connection and a transaction), else on a connection of its own.
    """
    state = conn.state
    if hasattr(state, "identity"):
        return state.identity  # type: ignore[no-any-return]
    identity = _load(conn, session)
    state.identity = identity
    return identity


# the session, its user, their memberships and tenants in one query, built once (compiled
# once, cached)
_IDENTITY = (
    select(User.email, User.name, User.language, User.is_active, User.password_hash,
           User.last_tenant_id, UserSession.created_at, UserSession.last_seen_at,
           Membership.id.label("membership_id"),
           Tenant.id.label("tenant_id"), Tenant.name.label("tenant_name"), Tenant.theme,
           Membership.role)
    .select_from(UserSession)
    .join(User, User.id == UserSession.user_id)
    .outerjoin(Membership, Membership.user_id == User.id)
    .outerjoin(Tenant, Tenant.id == Membership.tenant_id)
    .where(UserSession.id == bindparam("digest"), User.id == bindparam("user_id"))
    .order_by(Tenant.name, Tenant.id)
)


def _load(conn: HTTPConnection, session: Session | None) -> Identity | None:
    user_id = conn.session.get(USER_KEY)
    key = conn.session.get(SESSION_KEY)
    if not isinstance(user_id, int) or not isinstance(key, str):
        return None
    app = facturo(conn)
    params = {"digest": session_digest(key), "user_id": user_id}
    if session is not None:  # system tables only: one plain query
        rows = session.connection().execute(_IDENTITY, params).all()
    else:
        with app.db.engine.connect() as connection:
            rows = connection.execute(_IDENTITY, params).all()
    if not rows or not rows[0].is_active:
        return None
    user = rows[0]
    settings = app.settings
    if not still_valid(user.created_at, user.last_seen_at, idle=settings.session_idle_seconds,
                       lifetime=settings.session_lifetime_seconds):
        return None
    if needs_touch(user.last_seen_at):
        with app.db.engine.begin() as connection:
            touch(connection, params["digest"])
    if not hmac.compare_digest(
        str(conn.session.get(FINGERPRINT_KEY, "")),
        password_fingerprint(app, user.password_hash),
    ):
        return None
    members = [row for row in rows if row.tenant_id is not None]
    tenants = tuple(TenantChoice(row.tenant_id, row.tenant_name, Role(row.role))
                    for row in members)
    wanted = conn.session.get(TENANT_KEY)
    chosen = (next((row for row in members if row.tenant_id == wanted), None)
              or next((row for row in members if row.tenant_id == user.last_tenant_id), None)
              or min(members, key=lambda row: row.membership_id, default=None))
    language = user.language if user.language in UI_LANGUAGES else DEFAULT_LANGUAGE
    return Identity(
        user_id=user_id,
        email=user.email,
        name=user.name,
        language=language,
        tenant_id=chosen.tenant_id if chosen else None,
        tenant_name=chosen.tenant_name if chosen else "",
        theme=chosen.theme if chosen else "default",
        role=Role(chosen.role) if chosen else None,
        tenants=tenants,
    )


def choose_tenant(conn: HTTPConnection, tenant_id: int) -> bool:
    """Switch the session to another tenant of the user; False when they are no member."""
    identity = identify(conn)
    if identity is None or not any(m.tenant_id == tenant_id for m in identity.tenants):
        return False
    conn.session[TENANT_KEY] = tenant_id
    with facturo(conn).db.engine.begin() as connection:
        connection.execute(
            update(User).where(User.id == identity.user_id).values(last_tenant_id=tenant_id)
        )
    del conn.state.identity
    return True


def anonymous_language(conn: HTTPConnection) -> str:
    """The language for a page without a user: the session's choice, else the browser's."""
    chosen = conn.session.get(LANGUAGE_KEY) if "session" in conn.scope else None
    if chosen in UI_LANGUAGES:
        return str(chosen)
    header = conn.headers.get("accept-language", "")
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        language = tag.strip().lower()[:2]
        if language in UI_LANGUAGES:
            ranked.append((-quality, position, language))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE
