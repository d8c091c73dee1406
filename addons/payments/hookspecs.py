"""Hooks the payments addon publishes for addons that build on it (`depends = ["payments"]`).

Facturo registers this module with `add_hookspecs` when the addon is installed; an addon
implements these hooks like core ones, with `core.api.hookimpl` in its `hooks.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.api import hookspec

if TYPE_CHECKING:
    from addons.payments.models import Payment
    from core.api import Context, DocumentRecord


@hookspec
def payment_received(ctx: Context, invoice: DocumentRecord, payment: Payment) -> None:
    """A payment was recorded against an invoice, inside the recording transaction.

    Called once per invoice a payment is given to, only for tenants where `payments` is
    on: `payment` is the `addons.payments.models.Payment` received. Write only through
    `ctx.session`: the recording may still roll back. What was paid is kept by core
    (`core.api.apply_payment`); the PDF, its QR code and the e-mail ask for what is due.
    """
