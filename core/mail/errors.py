"""What can go wrong when preparing an e-mail."""

from __future__ import annotations


class MailError(ValueError):
    """An e-mail or its settings are not acceptable; the message says what to change."""


class MailNotConfigured(MailError):
    """The tenant has no SMTP server set up."""
