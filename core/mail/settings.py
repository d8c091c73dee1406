"""A tenant's mail settings: SMTP server, sender, default copies."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.i18n import N_, _
from core.mail.addresses import check_address, check_addresses
from core.mail.errors import MailError, MailNotConfigured
from core.mail.models import MailSettings, SmtpSecurity
from core.paths import var_dir

MSG_NOT_CONFIGURED = N_("No SMTP server is set up for this company (Settings → E-mail).")
MSG_BAD_HOST = N_("SMTP host %(host)s is not a host name.")
MSG_BAD_SECURITY = N_("Connection security %(security)s is not one of %(choices)s.")
MSG_BAD_PORT = N_("Port %(port)s is not between 1 and 65535.")

DEFAULT_PORTS = {SmtpSecurity.NONE: 25, SmtpSecurity.STARTTLS: 587, SmtpSecurity.TLS: 465}


def mail_settings(session: Session) -> MailSettings | None:
    """The tenant's mail settings, or None when e-mail is not set up."""
    return session.scalars(select(MailSettings)).first()


def require_mail_settings(session: Session) -> MailSettings:
    """The tenant's mail settings; `MailNotConfigured` when there are none."""
    settings = mail_settings(session)
    if settings is None:
        raise MailNotConfigured(_(MSG_NOT_CONFIGURED))
    return settings


def save_mail_settings(
    session: Session,
    *,
    host: str,
    from_address: str,
    port: int | None = None,
    security: SmtpSecurity | str = SmtpSecurity.STARTTLS,
    username: str = "",
    password: str | None = None,
    from_name: str = "",
    reply_to: str | None = None,
    default_cc: Iterable[str] = (),
    default_bcc: Iterable[str] = (),
) -> MailSettings:
    """Create or change the tenant's settings; `password=None` keeps the stored password."""
    host = host.strip()
    if not host or any(ch.isspace() for ch in host):
        raise MailError(_(MSG_BAD_HOST) % {"host": host})
    try:
        security = SmtpSecurity(security)
    except ValueError as exc:
        choices = ", ".join(s.value for s in SmtpSecurity)
        raise MailError(_(MSG_BAD_SECURITY) % {"security": security, "choices": choices}) from exc
    port = DEFAULT_PORTS[security] if port is None else int(port)
    if not 0 < port < 65536:
        raise MailError(_(MSG_BAD_PORT) % {"port": port})
    settings = mail_settings(session) or MailSettings()
    settings.host = host
    settings.port = port
    settings.security = security
    settings.username = username.strip()
    if password is not None:
        settings.password = password
    elif settings.password is None:
        settings.password = ""
    settings.from_address = check_address(from_address)
    settings.from_name = from_name.strip()
    settings.reply_to = check_address(reply_to) if reply_to else None
    settings.default_cc = check_addresses(default_cc)
    settings.default_bcc = check_addresses(default_bcc)
    session.add(settings)
    session.flush()
    return settings


def resolve_stored_path(path: str) -> Path:
    """A stored file's location: absolute as given, or relative to the data folder."""
    candidate = Path(path)
    return candidate if candidate.is_absolute() else var_dir() / candidate
