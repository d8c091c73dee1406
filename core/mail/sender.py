"""Delivering the outbox over SMTP, with retries, without ever sending a message twice.

A message is claimed by one atomic UPDATE (`queued` → `sending`, attempts + 1) committed
before the SMTP conversation, so two senders running at once never both send it; the outcome
is written by a second UPDATE that only matches a message still `sending`. What the server
says decides what happens next:

* accepted → `sent`;
* a temporary refusal (4xx), a refused or dropped connection, a timeout → back to `queued`
  with the error kept and the next attempt later (exponential backoff), until the policy's
  attempts are used up → `failed`;
* a permanent refusal (5xx), a bad setting or a missing attachment → `failed` at once.

A message left `sending` by a sender that died mid-conversation may or may not have been
delivered: it is marked `failed` with a note saying so (`recover_stale`), never re-sent
automatically; `core.mail.outbox.requeue` sends it again on request.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from core.db.base import utcnow
from core.documents.models import Document
from core.mail.addresses import bare_address
from core.mail.errors import MailError, MailNotConfigured
from core.mail.models import MailSettings, OutboxMessage, OutboxStatus, SmtpSecurity
from core.mail.settings import require_mail_settings, resolve_stored_path
from core.tenants.models import Tenant

if TYPE_CHECKING:
    from core.context import Kernel

log = logging.getLogger(__name__)

STALE_NOTE = (
    "interrupted while being sent: it may or may not have reached the recipients; "
    "check with them, then queue it again if needed"
)


@dataclass(frozen=True)
class RetryPolicy:
    """When to try again after a temporary failure, and when to give up."""

    base_delay: timedelta = timedelta(minutes=1)
    max_delay: timedelta = timedelta(hours=6)
    max_attempts: int = 8
    stale_after: timedelta = timedelta(minutes=30)

    def delay(self, attempts: int) -> timedelta:
        """The wait after the given number of attempts: base × 2^(attempts − 1), capped."""
        return min(self.base_delay * (2 ** max(attempts - 1, 0)), self.max_delay)


@dataclass
class DrainReport:
    """What one run of the sender did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    interrupted: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def handled(self) -> int:
        """Messages this run took a decision on."""
        return self.sent + self.retrying + self.failed


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to connect: the part of a tenant's settings the connection depends on."""

    host: str
    port: int
    security: SmtpSecurity
    username: str
    password: str

    @classmethod
    def of(cls, settings: MailSettings) -> SmtpServer:
        """The server of a tenant's mail settings."""
        return cls(settings.host, settings.port, SmtpSecurity(settings.security),
                   settings.username, settings.password)

    def connect(self, timeout: float) -> smtplib.SMTP:
        """An open, authenticated SMTP connection."""
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.security is SmtpSecurity.TLS:
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=timeout)
        try:
            if self.security is SmtpSecurity.STARTTLS:
                smtp.starttls(context=context)
            if self.username:
                smtp.login(self.username, self.password)
        except BaseException:
            _close(smtp)
            raise
        return smtp


class Connections:
    """SMTP connections kept open during one run, one per server, dropped after an error."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._open: dict[SmtpServer, smtplib.SMTP] = {}

    def send(self, server: SmtpServer, email: EmailMessage, sender: str,
             recipients: list[str]) -> dict[str, tuple[int, bytes]]:
        """Hand the message to the server; the recipients it refused (if it took the rest)."""
        smtp = self._open.pop(server, None)
        if smtp is not None and not _alive(smtp):
            _close(smtp)
            smtp = None
        if smtp is None:
            smtp = server.connect(self.timeout)
        try:
            refused = smtp.send_message(email, from_addr=sender, to_addrs=recipients)
        except BaseException:
            _close(smtp)
            raise
        self._open[server] = smtp
        return refused

    def close(self) -> None:
        """Say goodbye to every server."""
        for smtp in self._open.values():
            _close(smtp)
        self._open.clear()


def _alive(smtp: smtplib.SMTP) -> bool:
    try:
        return smtp.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def compose(message: OutboxMessage, settings: MailSettings, now: datetime) -> EmailMessage:
    """The MIME message: headers, text (and HTML) body, attachments. Bcc stays off it."""
    email = EmailMessage()
    sender = bare_address(settings.from_address)
    email["From"] = formataddr((settings.from_name, sender)) if settings.from_name else sender
    email["To"] = ", ".join(message.to)
    if message.cc:
        email["Cc"] = ", ".join(message.cc)
    if message.reply_to:
        email["Reply-To"] = message.reply_to
    email["Subject"] = message.subject
    email["Date"] = format_datetime(now)
    email["Message-ID"] = message.message_id
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    for attachment in message.attachments:
        if attachment.content is not None:
            data = attachment.content
        else:
            path = resolve_stored_path(attachment.path or "")
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise MailError(
                    f"attachment {attachment.filename!r} cannot be read from {path}: "
                    f"{exc.strerror or exc}"
                ) from exc
        maintype, _, subtype = attachment.content_type.partition("/")
        email.add_attachment(data, maintype=maintype, subtype=subtype,
                             filename=attachment.filename)
    return email


def classify(exc: BaseException) -> tuple[bool, str]:
    """Whether a failure is permanent, and how to tell the user about it."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        detail = "; ".join(
            f"{address}: {code} {_text(reply)}" for address, (code, reply) in exc.recipients.items()
        )
        return bool(codes) and all(code >= 500 for code in codes), f"recipients refused: {detail}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500, f"SMTP server answered {exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, MailNotConfigured):
        return False, str(exc)
    if isinstance(exc, (MailError, smtplib.SMTPNotSupportedError)):
        return True, str(exc)
    if isinstance(exc, (OSError, smtplib.SMTPException)):
        reason = str(exc) or type(exc).__name__
        return False, f"cannot reach the SMTP server: {reason}"
    return False, f"{type(exc).__name__}: {exc}"


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def drain(
    app: Kernel,
    *,
    limit: int = 100,
    now: datetime | None = None,
    policy: RetryPolicy | None = None,
    timeout: float = 30.0,
) -> DrainReport:
    """Send up to `limit` due messages of every tenant, oldest first; report what happened."""
    now = now or utcnow()
    policy = policy or RetryPolicy()
    report = DrainReport(interrupted=recover_stale(app, now=now, policy=policy))
    due = []
    for tenant_id in _tenant_ids(app):
        with app.db.session(tenant_id) as session:
            due.extend(session.execute(
                select(OutboxMessage.next_attempt_at, OutboxMessage.id, OutboxMessage.tenant_id)
                .where(OutboxMessage.status == OutboxStatus.QUEUED,
                       OutboxMessage.next_attempt_at <= now)
                .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                .limit(limit)
            ).all())
    due.sort()
    connections = Connections(timeout)
    try:
        for _at, message_id, tenant_id in due[:limit]:
            deliver(app, tenant_id, message_id, now=now, policy=policy,
                    connections=connections, report=report)
    finally:
        connections.close()
    return report


def claim(app: Kernel, tenant_id: int, message_id: int, now: datetime) -> bool:
    """Take a queued message for sending (committed at once); False if another sender has it."""
    with app.db.session(tenant_id) as session:
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.QUEUED)
            .values(status=OutboxStatus.SENDING, attempts=OutboxMessage.attempts + 1,
                    claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)


def deliver(
    app: Kernel,
    tenant_id: int,
    message_id: int,
    *,
    now: datetime,
    policy: RetryPolicy,
    connections: Connections,
    report: DrainReport,
) -> None:
    """Claim, send and record the outcome of one message."""
    if not claim(app, tenant_id, message_id, now):
        report.skipped += 1
        return
    attempts = 0
    document_id = None
    try:
        with app.db.session(tenant_id) as session:
            message = session.get(OutboxMessage, message_id)
            if message is None:  # deleted between listing and claiming
                return
            attempts = message.attempts
            document_id = message.document_id
            settings = require_mail_settings(session)
            email = compose(message, settings, now)
            server = SmtpServer.of(settings)
            sender = bare_address(settings.from_address)
            recipients = [bare_address(address) for address in message.recipients]
        refused = connections.send(server, email, sender, recipients)
    except Exception as exc:
        permanent, error = classify(exc)
        log.warning("outbox message %s of tenant %s not sent: %s", message_id, tenant_id, error)
        report.errors.append((message_id, error))
        if permanent or attempts >= policy.max_attempts:
            _finish(app, tenant_id, message_id, OutboxStatus.FAILED, error=error)
            report.failed += 1
        else:
            _finish(app, tenant_id, message_id, OutboxStatus.QUEUED, error=error,
                    next_attempt_at=now + policy.delay(attempts))
            report.retrying += 1
        return
    note = None
    if refused:
        note = "delivered, except to: " + "; ".join(
            f"{address} ({code} {_text(reply)})" for address, (code, reply) in refused.items()
        )
    _finish(app, tenant_id, message_id, OutboxStatus.SENT, error=note, sent_at=now,
            document_id=document_id)
    report.sent += 1


def _finish(app: Kernel, tenant_id: int, message_id: int, status: OutboxStatus, *,
            error: str | None, document_id: int | None = None, **values: Any) -> None:
    """Record the outcome; a sent document e-mail also stamps the document as sent."""
    with app.db.session(tenant_id) as session:
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.SENDING)
            .values(status=status, last_error=error, **values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount and document_id is not None:
            session.execute(
                update(Document)
                .where(Document.id == document_id, Document.sent_at.is_(None))
                .values(sent_at=values.get("sent_at"))
                .execution_options(synchronize_session=False)
            )


def recover_stale(app: Kernel, *, now: datetime | None = None,
                  policy: RetryPolicy | None = None) -> int:
    """Mark messages stuck in `sending` longer than the policy allows as failed; how many."""
    now = now or utcnow()
    policy = policy or RetryPolicy()
    recovered = 0
    for tenant_id in _tenant_ids(app):
        with app.db.session(tenant_id) as session:
            result = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.status == OutboxStatus.SENDING,
                       OutboxMessage.claimed_at < now - policy.stale_after)
                .values(status=OutboxStatus.FAILED, last_error=STALE_NOTE)
                .execution_options(synchronize_session=False)
            )
            recovered += int(result.rowcount or 0)
    return recovered


def _tenant_ids(app: Kernel) -> list[int]:
    """Every tenant: the sender works tenant by tenant, as the application (which never
    reads across tenants, see `core.db.rls`)."""
    with app.db.session() as session:
        return list(session.scalars(select(Tenant.id).order_by(Tenant.id)))
