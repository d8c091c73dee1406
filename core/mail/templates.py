"""E-mail texts per document kind and language: the tenant's own, else the built-in one."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.i18n import LANGUAGES, N_, _
from core.mail.defaults import MailText, default_text
from core.mail.errors import MailError
from core.mail.models import MailTemplate
from core.mail.placeholders import validate

MSG_BAD_LANGUAGE = N_("Unknown language %(language)s; one of %(choices)s.")
MSG_EMPTY_SUBJECT = N_("The subject is empty.")


def template_for(
    session: Session, kind: str, language: str, default: MailText | None = None
) -> MailText:
    """The text to send a document of this kind in this language: the tenant's own, else
    `default` when given, else the built-in one."""
    own = session.scalars(
        select(MailTemplate).where(MailTemplate.kind == kind, MailTemplate.language == language)
    ).first()
    if own is not None:
        return MailText(own.subject, own.body)
    return default if default is not None else default_text(kind, language)


def save_template(session: Session, kind: str, language: str, subject: str, body: str) -> None:
    """Store the tenant's own text; placeholders are checked (`PlaceholderError`)."""
    if language not in LANGUAGES:
        choices = ", ".join(LANGUAGES)
        raise MailError(_(MSG_BAD_LANGUAGE) % {"language": language, "choices": choices})
    subject = " ".join(subject.split())
    if not subject:
        raise MailError(_(MSG_EMPTY_SUBJECT))
    validate(subject)
    validate(body)
    own = session.scalars(
        select(MailTemplate).where(MailTemplate.kind == kind, MailTemplate.language == language)
    ).first()
    if own is None:
        own = MailTemplate(kind=kind, language=language)
        session.add(own)
    own.subject = subject
    own.body = body
    session.flush()


def reset_template(session: Session, kind: str, language: str) -> None:
    """Go back to the built-in text."""
    own = session.scalars(
        select(MailTemplate).where(MailTemplate.kind == kind, MailTemplate.language == language)
    ).first()
    if own is not None:
        session.delete(own)
