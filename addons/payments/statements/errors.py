"""The error of a statement file that cannot be read; the message says why."""

from __future__ import annotations

from addons.payments.errors import PaymentError


class StatementError(PaymentError):
    """A bank statement file that cannot be read or does not fit the chosen account."""
