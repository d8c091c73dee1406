"""Password reset by e-mail: a signed, time-limited, single-use link, sent as platform mail.

The token carries the user id and a fingerprint of the current password hash, so it stops
working once the password has changed (single use) or after `RESET_MAX_AGE` seconds.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from core.i18n import gettext, use_language
from core.mail.platform import send_platform_mail
from core.tenants.models import User
from core.tenants.passwords import hash_password
from core.tenants.sessions import close_user_sessions
from core.web.identity import password_fingerprint

if TYPE_CHECKING:
    from core.context import Kernel

log = logging.getLogger(__name__)

RESET_MAX_AGE = 60 * 60
MIN_PASSWORD_LENGTH = 8
_SALT = "facturo.password-reset"


def _serializer(app: Kernel) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(app.settings.secret_key, salt=_SALT)


def reset_token(app: Kernel, user: User) -> str:
    """A token that lets the user choose a new password once, within the hour."""
    return _serializer(app).dumps([user.id, password_fingerprint(app, user.password_hash)])


def user_for_token(app: Kernel, token: str, max_age: int = RESET_MAX_AGE) -> User | None:
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


def find_active_user(app: Kernel, email: str) -> User | None:
    """The active user with this e-mail address, if any."""
    with app.db.session() as session:
        user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    return user if user is not None and user.is_active else None


def set_password(app: Kernel, user_id: int, password: str) -> None:
    """Store a new password and end every session of the user."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError("too short")
    with app.db.session() as session:
        user = session.get(User, user_id)
        if user is None:
            raise LookupError(user_id)
        user.password_hash = hash_password(password)
        close_user_sessions(session, user_id)


def link_problem(app: Kernel) -> str | None:
    """Why this server cannot mail password links or invitations now; None when it can."""
    if not app.settings.public_url:
        return gettext("This server cannot send e-mail links: its public address "
                       "(FACTURO_PUBLIC_URL) is not configured.")
    if app.settings.platform_mail is None:
        return gettext("This server cannot send e-mail links: it has no mail server of its "
                       "own (FACTURO_MAIL_HOST).")
    return None


def mail_link(app: Kernel, path: str) -> str:
    """An absolute link for an e-mail, always on the configured public URL.

    Never built from the request (its Host header is whatever the client wrote).
    """
    if not app.settings.public_url:
        raise LookupError("FACTURO_PUBLIC_URL is not configured")
    return app.settings.public_url.rstrip("/") + path


def password_link(app: Kernel, user: User) -> str:
    """The link that lets the user choose a new password."""
    return mail_link(app, f"/password/reset/{reset_token(app, user)}")


def send_password_link(app: Kernel, email: str, language: str, link: str) -> None:
    """Mail a password link (a reset, or the first password of an invited person).

    Platform mail: through the deployment's own sender, never a company's outbox or copies.
    """
    with use_language(language):
        subject = gettext("Choose your Facturo password")
        body = gettext(
            "Hello,\n\nUse this link within an hour to choose your password:\n\n%(link)s\n\n"
            "If you did not ask for it, ignore this message."
        ) % {"link": link}
    send_platform_mail(app.settings, email, subject, body)


def send_invitation(app: Kernel, email: str, language: str, company: str, link: str) -> None:
    """Mail an existing user that a company invites them; they answer after logging in."""
    with use_language(language):
        subject = gettext("%(company)s invites you on Facturo") % {"company": company}
        body = gettext(
            "Hello,\n\n%(company)s invites you to work in their company on Facturo. You "
            "only become a member if you accept. Log in and answer here:\n\n%(link)s\n\n"
            "If you do not know this company, decline or ignore this message."
        ) % {"company": company, "link": link}
    send_platform_mail(app.settings, email, subject, body)
