"""Platform mail: what the deployment itself sends (password links, invitations).

It goes straight to the deployment's own SMTP server (`FACTURO_MAIL_*`), never through a
company's outbox or mail settings, so no company's SMTP host, sender or default CC/BCC ever
sees it. It is sent after the answer went out (a background task), so a request takes the
same time whether or not a mail follows.
"""

from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from core.config import PlatformMail, Settings
from core.db.base import utcnow
from core.i18n import N_, _
from core.mail.addresses import bare_address, check_address
from core.mail.errors import MailNotConfigured
from core.mail.models import SmtpSecurity
from core.mail.sender import SmtpServer

log = logging.getLogger(__name__)

MSG_NO_PLATFORM_MAIL = N_("This server has no mail server of its own (FACTURO_MAIL_HOST).")
SEND_TIMEOUT = 30.0


def platform_mail(settings: Settings) -> PlatformMail:
    """The deployment's sender; `MailNotConfigured` when there is none."""
    if settings.platform_mail is None:
        raise MailNotConfigured(_(MSG_NO_PLATFORM_MAIL))
    return settings.platform_mail


def compose_platform_mail(mail: PlatformMail, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message from the deployment to one person; no copies to anyone."""
    email = EmailMessage()
    sender = check_address(mail.from_address)
    email["From"] = sender
    email["To"] = check_address(to)
    email["Subject"] = " ".join(subject.split())
    email["Date"] = format_datetime(utcnow())
    email["Message-ID"] = make_msgid(domain=bare_address(sender).rpartition("@")[2] or None)
    email.set_content(body)
    return email


def send_platform_mail(settings: Settings, to: str, subject: str, body: str) -> bool:
    """Deliver one message now; False (and a log line without the body) when it failed."""
    mail = settings.platform_mail
    if mail is None:
        log.error("platform mail to %s not sent: FACTURO_MAIL_HOST is not set", to)
        return False
    email = compose_platform_mail(mail, to, subject, body)
    server = SmtpServer(mail.host, mail.port, SmtpSecurity(mail.security), mail.username,
                        mail.password)
    try:
        smtp = server.connect(SEND_TIMEOUT)
        try:
            smtp.send_message(email, from_addr=bare_address(mail.from_address),
                              to_addrs=[bare_address(to)])
        finally:
            smtp.quit()
    except Exception as exc:  # the person asks again; the reason goes to the operator
        log.error("platform mail to %s not sent: %s", to, exc)
        return False
    log.info("platform mail %r sent to %s", email["Subject"], to)
    return True
