"""Who is asking: the logged-in user, the tenant they work in and their role there.

The signed session cookie holds the user id, a fingerprint of their password hash (a changed
password logs every other session out), the chosen tenant and the CSRF token. The identity is
read from the database once per request and kept on `request.state`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from starlette.requests import HTTPConnection

from core.i18n import DEFAULT_LANGUAGE, UI_LANGUAGES
from core.tenants.models import Membership, Role, Tenant, User

if TYPE_CHECKING:
    from core.app import Facturo

USER_KEY = "uid"
FINGERPRINT_KEY = "fp"
TENANT_KEY = "tid"
LANGUAGE_KEY = "lang"


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


def facturo(conn: HTTPConnection) -> Facturo:
    """The Facturo application serving this request."""
    return conn.app.state.facturo  # type: ignore[no-any-return]


def password_fingerprint(app: Facturo, password_hash: str) -> str:
    """A short keyed digest of a password hash: it changes when the password does."""
    key = app.settings.secret_key.encode()
    return hmac.new(key, password_hash.encode(), hashlib.sha256).hexdigest()[:24]


def start_session(conn: HTTPConnection, app: Facturo, user: User) -> None:
    """Log a user in: a fresh session (new CSRF token) bound to the user."""
    conn.session.clear()
    conn.session[USER_KEY] = user.id
    conn.session[FINGERPRINT_KEY] = password_fingerprint(app, user.password_hash)
    conn.session[LANGUAGE_KEY] = user.language


def end_session(conn: HTTPConnection) -> None:
    """Log out, keeping only the language for the next login page."""
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


# the user, their memberships and tenants in one query, built once (compiled once, cached)
_IDENTITY = (
    select(User.email, User.name, User.language, User.is_active, User.password_hash,
           Tenant.id.label("tenant_id"), Tenant.name.label("tenant_name"), Tenant.theme,
           Membership.role)
    .select_from(User)
    .outerjoin(Membership, Membership.user_id == User.id)
    .outerjoin(Tenant, Tenant.id == Membership.tenant_id)
    .where(User.id == bindparam("user_id"))
    .order_by(Tenant.name, Tenant.id)
)


def _load(conn: HTTPConnection, session: Session | None) -> Identity | None:
    user_id = conn.session.get(USER_KEY)
    if not isinstance(user_id, int):
        return None
    app = facturo(conn)
    if session is not None:  # system tables only: one plain query
        rows = session.connection().execute(_IDENTITY, {"user_id": user_id}).all()
    else:
        with app.db.engine.connect() as connection:
            rows = connection.execute(_IDENTITY, {"user_id": user_id}).all()
    if not rows or not rows[0].is_active:
        return None
    user = rows[0]
    if not hmac.compare_digest(
        str(conn.session.get(FINGERPRINT_KEY, "")),
        password_fingerprint(app, user.password_hash),
    ):
        return None
    members = [row for row in rows if row.tenant_id is not None]
    tenants = tuple(TenantChoice(row.tenant_id, row.tenant_name, Role(row.role))
                    for row in members)
    chosen = next((row for row in members if row.tenant_id == conn.session.get(TENANT_KEY)),
                  members[0] if members else None)
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
