"""The account a customer is asked to pay on, in reminders and every payment request.

The company's own IBAN and BIC (Settings → Company) unless the tenant chose one of its bank
accounts instead; that account's IBAN and BIC are then edited on the accounts page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from stdnum import iban as stdnum_iban

from addons.payments.accounts import get_account
from addons.payments.errors import PaymentError
from addons.payments.models import AccountKind, PaymentAccount
from addons.payments.translation import N_, _
from core.api import current_details

if TYPE_CHECKING:
    from core.api import Context

MSG_NOT_BANK = N_("Customers can only be asked to pay on a bank account.")
MSG_NO_IBAN = N_("Account %(name)s has no IBAN yet; enter it first.")


@dataclass(frozen=True)
class PayTo:
    """Where a customer pays: IBAN (grouped by four), BIC, and the chosen account if any."""

    iban: str
    bic: str
    account_id: int | None = None


def request_account(ctx: Context) -> PaymentAccount | None:
    """The bank account the tenant chose for payment requests, or None (the company's)."""
    return ctx.session.scalars(
        select(PaymentAccount).where(
            PaymentAccount.for_requests.is_(True),
            PaymentAccount.archived.is_(False),
            PaymentAccount.kind == AccountKind.BANK,
            PaymentAccount.iban.is_not(None),
        ).limit(1)
    ).first()


def pay_to(ctx: Context) -> PayTo:
    """The IBAN and BIC customers are asked to pay on (empty when none is known)."""
    chosen = request_account(ctx)
    if chosen is not None and chosen.iban:
        return PayTo(stdnum_iban.format(chosen.iban), chosen.bic or "", chosen.id)
    details = current_details(ctx)
    iban = details.get("iban", "")
    return PayTo(stdnum_iban.format(iban) if iban else "", details.get("bic", ""))


def choose_request_account(ctx: Context, account: PaymentAccount | int | None) -> None:
    """Ask customers to pay on this bank account (None: on the company's own IBAN)."""
    chosen = None if account is None else get_account(ctx, account)
    if chosen is not None:
        if chosen.kind != AccountKind.BANK:
            raise PaymentError(_(MSG_NOT_BANK))
        if not chosen.iban:
            raise PaymentError(_(MSG_NO_IBAN) % {"name": chosen.name})
    ctx.session.execute(
        update(PaymentAccount)
        .where(PaymentAccount.for_requests.is_(True))
        .values(for_requests=False)
        .execution_options(synchronize_session="fetch")
    )
    if chosen is not None:
        chosen.for_requests = True
    ctx.session.flush()
