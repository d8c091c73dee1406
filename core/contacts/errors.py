"""Errors of the contact services, each with a message fit to show to the user."""

from __future__ import annotations

from collections.abc import Mapping

from core.context import Context
from core.i18n import _


class ContactError(Exception):
    """A contact operation that cannot be done; `str(error)` says why."""


class ValidationError(ContactError):
    """Input that cannot be saved: `errors` maps each bad field to its reason."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {reason}" for field, reason in self.errors.items()))


class NotFound(ContactError):
    """No such record for this tenant (another tenant's records are never found)."""


class PermissionDenied(ContactError):
    """The user's role may not change data."""


def require_write(ctx: Context) -> None:
    """Refuse when the context's user may only read (an accountant, say)."""
    if ctx.role is not None and not ctx.role.can_write:
        raise PermissionDenied(_("Your role may not change data."))
