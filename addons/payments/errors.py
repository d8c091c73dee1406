"""Errors of the payments services; each message is written for the person who acted."""

from __future__ import annotations


class PaymentError(ValueError):
    """A payment request that cannot be carried out, with the reason."""


class Overpayment(PaymentError):
    """The amount is more than what is still open on the invoice."""
