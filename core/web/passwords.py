"""Password reset by e-mail: a signed, time-limited, single-use link.

The token carries the user id and a fingerprint of the current password hash, so it stops
working once the password has changed (single use) or after `RESET_MAX_AGE` seconds.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from core.i18n import gettext, use_language
from core.tenants.models import Membership, User
from core.tenants.passwords import hash_password
from core.web.identity import password_fingerprint

if TYPE_CHECKING:
    from core.app import Facturo

log = logging.getLogger(__name__)

RESET_MAX_AGE = 60 * 60
MIN_PASSWORD_LENGTH = 8
_SALT = "facturo.password-reset"


def _serializer(app: Facturo) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(app.settings.secret_key, salt=_SALT)


def reset_token(app: Facturo, user: User) -> str:
    """A token that lets the user choose a new password once, within the hour."""
    return _serializer(app).dumps([user.id, password_fingerprint(app, user.password_hash)])


def user_for_token(app: Facturo, token: str, max_age: int = RESET_MAX_AGE) -> User | None:
    """The user a valid, unexpired, unused token belongs to; None otherwise."""
    try:
        user_id, fingerprint = _serializer(app).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    with app.db.session() as session:
        user = session.get(User, user_id)
    if user is None or not user.is_active:
        return None
    if password_fingerprint(app, user.password_hash) != fingerprint:
        return None
    return user


def find_active_user(app: Facturo, email: str) -> User | None:
    """The active user with this e-mail address, if any."""
    with app.db.session() as session:
        user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    return user if user is not None and user.is_active else None


def set_password(app: Facturo, user_id: int, password: str) -> None:
    """Store a new password (which also ends the user's other sessions)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError("too short")
    with app.db.session() as session:
        user = session.get(User, user_id)
        if user is None:
            raise LookupError(user_id)
        user.password_hash = hash_password(password)


def _sending_tenant(app: Facturo, user_id: int) -> int | None:
    with app.db.session() as session:
        return session.scalar(
            select(Membership.tenant_id).where(Membership.user_id == user_id)
            .order_by(Membership.id).limit(1)
        )


def send_password_reset(
    app: Facturo, user: User, link: str, tenant_id: int | None = None
) -> None:
    """Deliver a password link (a reset or an invitation) to the user, in their language.

    The e-mail is queued in the outbox of `tenant_id` (by default the user's first company),
    through `core.mail.outbox.enqueue` when the deployment has the outbox; without an outbox
    or a company the link is written to the log for the operator to pass on.
    """
    with use_language(user.language):
        subject = gettext("Choose your Facturo password")
        body = gettext(
            "Hello,\n\nUse this link within an hour to choose your password:\n\n%(link)s\n\n"
            "If you did not ask for it, ignore this message."
        ) % {"link": link}
    try:
        outbox = importlib.import_module("core.mail.outbox")
    except ImportError:
        outbox = None
    tenant_id = tenant_id if tenant_id is not None else _sending_tenant(app, user.id)
    if outbox is None or tenant_id is None:
        log.warning("no e-mail outbox: password link for %s: %s", user.email, link)
        return
    with app.tenant_context(tenant_id, user_id=user.id, language=user.language) as ctx:
        outbox.enqueue(ctx, to=[user.email], subject=subject, body_text=body)
