"""Payment accounts (bank accounts, cash registers) and the cash book of an account."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from addons.payments.errors import PaymentError
from addons.payments.models import ZERO, AccountKind, Payment, PaymentAccount, PaymentAllocation
from addons.payments.translation import N_, _
from core.api import Document, Tenant, current_details, parse_decimal

if TYPE_CHECKING:
    from core.api import Context

MSG_NO_ACCOUNT = N_("Payment account %(id)s does not exist.")
MSG_NAME = N_("An account needs a name.")
MSG_NAME_TAKEN = N_("There is already an account called %(name)s.")
MSG_KIND = N_("An account is a bank account or a cash register.")
MSG_IBAN = N_("%(iban)s is not a valid IBAN.")
MSG_BIC = N_("%(bic)s is not a valid BIC.")
MSG_AMOUNT = N_("%(value)s is not an amount.")
MSG_CENTS = N_("An amount has at most two decimals: %(value)s.")
MSG_NO_OPEN_ACCOUNT = N_("There is no open account of this kind; add one first.")
MSG_IN_USE = N_("Account %(name)s has payments; archive it instead of deleting it.")

CENT = Decimal("0.01")
DEFAULT_NAMES = {
    "nl": ("Bank", "Kassa"),
    "fr": ("Banque", "Caisse"),
    "en": ("Bank", "Cash"),
    "de": ("Bank", "Kasse"),
}


def parse_amount(value: Any) -> Decimal:
    """An amount in euro from a Decimal, an int or text (`12,50`, `1.234,50`, `12.5`)."""
    try:
        amount = parse_decimal(value)
    except ValueError:
        amount = None
    if amount is None:
        raise PaymentError(_(MSG_AMOUNT) % {"value": value})
    if amount != amount.quantize(CENT):
        raise PaymentError(_(MSG_CENTS) % {"value": value})
    return amount.quantize(CENT)


def get_account(ctx: Context, account: PaymentAccount | int) -> PaymentAccount:
    """The tenant's account, given itself or its id; a clear error when it does not exist."""
    if isinstance(account, PaymentAccount):
        return account
    found = ctx.session.get(PaymentAccount, account)
    if found is None:
        raise PaymentError(_(MSG_NO_ACCOUNT) % {"id": account})
    return found


def list_accounts(ctx: Context, *, include_archived: bool = False) -> list[PaymentAccount]:
    """The tenant's accounts: the default first, then banks before cash, by name."""
    query = select(PaymentAccount).order_by(
        PaymentAccount.is_default.desc(), PaymentAccount.kind, PaymentAccount.name
    )
    if not include_archived:
        query = query.where(PaymentAccount.archived.is_(False))
    return list(ctx.session.scalars(query))


def find_default_account(ctx: Context, kind: str | None = None) -> PaymentAccount | None:
    """The account payments go to when none is chosen (of a kind, when given), if any."""
    query = select(PaymentAccount).where(PaymentAccount.archived.is_(False))
    if kind is not None:
        query = query.where(PaymentAccount.kind == kind)
    query = query.order_by(PaymentAccount.is_default.desc(), PaymentAccount.id)
    return ctx.session.scalars(query.limit(1)).first()


def default_account(ctx: Context, kind: str | None = None) -> PaymentAccount:
    """The account payments go to when none is chosen (of a kind, when given).

    A tenant without any account gets a bank account and a cash register first.
    """
    found = find_default_account(ctx, kind)
    if found is None:
        ensure_default_accounts(ctx)
        found = find_default_account(ctx, kind)
    if found is None:
        raise PaymentError(_(MSG_NO_OPEN_ACCOUNT))
    return found


def _clean_iban(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    try:
        return stdnum_iban.validate(value)
    except StdnumError:
        raise PaymentError(_(MSG_IBAN) % {"iban": value}) from None


def _clean_bic(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    try:
        return stdnum_bic.validate(value)
    except StdnumError:
        raise PaymentError(_(MSG_BIC) % {"bic": value}) from None


def _check_name(ctx: Context, name: str, exclude: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise PaymentError(_(MSG_NAME))
    query = select(PaymentAccount.id).where(func.lower(PaymentAccount.name) == name.lower())
    if exclude is not None:
        query = query.where(PaymentAccount.id != exclude)
    if ctx.session.scalar(query.limit(1)) is not None:
        raise PaymentError(_(MSG_NAME_TAKEN) % {"name": name})
    return name


def create_account(
    ctx: Context,
    name: str,
    kind: str = AccountKind.BANK,
    *,
    iban: str | None = None,
    bic: str | None = None,
    opening_balance: Any = ZERO,
    is_default: bool = False,
) -> PaymentAccount:
    """Add a bank account or cash register; the first account becomes the default."""
    if kind not in AccountKind.ALL:
        raise PaymentError(_(MSG_KIND))
    account = PaymentAccount(
        name=_check_name(ctx, name),
        kind=kind,
        iban=_clean_iban(iban) if kind == AccountKind.BANK else None,
        bic=_clean_bic(bic) if kind == AccountKind.BANK else None,
        opening_balance=parse_amount(opening_balance),
        is_default=False,
        archived=False,
    )
    ctx.session.add(account)
    ctx.session.flush()
    has_default = ctx.session.scalar(
        select(PaymentAccount.id).where(
            PaymentAccount.is_default.is_(True), PaymentAccount.id != account.id
        )
    )
    if is_default or has_default is None:
        set_default(ctx, account)
    return account


def update_account(
    ctx: Context, account: PaymentAccount | int, **changes: Any
) -> PaymentAccount:
    """Change an account's name, IBAN, BIC, opening balance or archived flag."""
    acc = get_account(ctx, account)
    if "name" in changes:
        acc.name = _check_name(ctx, changes.pop("name"), exclude=acc.id)
    if "iban" in changes:
        acc.iban = _clean_iban(changes.pop("iban"))
    if "bic" in changes:
        acc.bic = _clean_bic(changes.pop("bic"))
    if "opening_balance" in changes:
        acc.opening_balance = parse_amount(changes.pop("opening_balance"))
    if "archived" in changes:
        acc.archived = bool(changes.pop("archived"))
    if changes:
        raise PaymentError(", ".join(sorted(changes)))
    ctx.session.flush()
    return acc


def set_default(ctx: Context, account: PaymentAccount | int) -> PaymentAccount:
    """Make an account the one payments go to by default."""
    acc = get_account(ctx, account)
    ctx.session.execute(
        update(PaymentAccount)
        .where(PaymentAccount.id != acc.id)
        .values(is_default=False)
        .execution_options(synchronize_session="fetch")
    )
    acc.is_default = True
    ctx.session.flush()
    return acc


def delete_account(ctx: Context, account: PaymentAccount | int) -> None:
    """Delete an account that has no payments (otherwise archive it)."""
    acc = get_account(ctx, account)
    used = ctx.session.scalar(select(Payment.id).where(Payment.account_id == acc.id).limit(1))
    if used is not None:
        raise PaymentError(_(MSG_IN_USE) % {"name": acc.name})
    ctx.session.delete(acc)
    ctx.session.flush()


def ensure_default_accounts(ctx: Context) -> None:
    """Give a tenant without accounts a bank account (with the company's IBAN and BIC) and
    a cash register, named in the tenant's language."""
    if ctx.session.scalar(select(PaymentAccount.id).limit(1)) is not None:
        return
    tenant = ctx.session.get(Tenant, ctx.tenant_id)
    language = tenant.language if tenant is not None else ctx.language
    bank, cash = DEFAULT_NAMES.get(language, DEFAULT_NAMES["en"])
    details = current_details(ctx)
    iban, bic = details.get("iban", ""), details.get("bic", "")
    try:
        create_account(ctx, bank, AccountKind.BANK, iban=iban, bic=bic, is_default=True)
    except PaymentError:  # the company's IBAN or BIC is not valid: an account without them
        create_account(ctx, bank, AccountKind.BANK, is_default=True)
    create_account(ctx, cash, AccountKind.CASH)


def balance(ctx: Context, account: PaymentAccount | int, on: date | None = None) -> Decimal:
    """The account's balance at the end of a day (today's movements included by default)."""
    acc = get_account(ctx, account)
    query = select(func.sum(Payment.amount)).where(Payment.account_id == acc.id)
    if on is not None:
        query = query.where(Payment.date <= on)
    moved = ctx.session.scalar(query)
    return (acc.opening_balance + Decimal(moved or 0)).quantize(CENT)


@dataclass(frozen=True)
class CashBookEntry:
    """One movement of an account and the balance after it."""
    payment_id: int
    date: date
    description: str
    amount: Decimal
    balance: Decimal
    document_numbers: tuple[str, ...] = ()

    @property
    def receipt(self) -> Decimal:
        """The amount received (0 for money paid out)."""
        return self.amount if self.amount > 0 else ZERO

    @property
    def expense(self) -> Decimal:
        """The amount paid out, as a positive number (0 for money received)."""
        return -self.amount if self.amount < 0 else ZERO


@dataclass(frozen=True)
class CashBook:
    """An account's movements over a period, in date order, with the running balance."""
    account: PaymentAccount
    date_from: date | None
    date_to: date | None
    opening: Decimal
    entries: tuple[CashBookEntry, ...]

    @property
    def closing(self) -> Decimal:
        """The balance after the last movement of the period."""
        return self.entries[-1].balance if self.entries else self.opening

    @property
    def total_in(self) -> Decimal:
        """Everything received in the period."""
        return sum((e.receipt for e in self.entries), ZERO)

    @property
    def total_out(self) -> Decimal:
        """Everything paid out in the period (positive)."""
        return sum((e.expense for e in self.entries), ZERO)


def _description(payment: Payment, numbers: tuple[str, ...]) -> str:
    parts = [p for p in (payment.description, payment.counterparty, payment.reference) if p]
    if numbers:
        parts.insert(0, ", ".join(numbers))
    return " — ".join(dict.fromkeys(parts))


def _numbers_by_payment(ctx: Context, payment_ids: list[int]) -> dict[int, tuple[str, ...]]:

    if not payment_ids:
        return {}
    rows = ctx.session.execute(
        select(PaymentAllocation.payment_id, Document.number)
        .join(Document, Document.id == PaymentAllocation.document_id)
        .where(PaymentAllocation.payment_id.in_(payment_ids))
        .order_by(PaymentAllocation.id)
    )
    found: dict[int, list[str]] = {}
    for payment_id, number in rows:
        found.setdefault(payment_id, []).append(number or "")
    return {key: tuple(value) for key, value in found.items()}


def _running(
    payments: list[Payment], opening: Decimal, numbers: dict[int, tuple[str, ...]]
) -> Iterator[CashBookEntry]:
    running = opening
    for payment in payments:
        running += payment.amount
        refs = numbers.get(payment.id, ())
        yield CashBookEntry(
            payment.id, payment.date, _description(payment, refs), payment.amount, running, refs
        )


def cash_book(
    ctx: Context,
    account: PaymentAccount | int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> CashBook:
    """The movements of an account (the cash register by default) in date order, each with
    the balance after it; the balance brought forward from before `date_from` comes first."""
    acc = default_account(ctx, AccountKind.CASH) if account is None else get_account(ctx, account)
    opening = acc.opening_balance
    if date_from is not None:
        opening = balance(ctx, acc, date_from.fromordinal(date_from.toordinal() - 1))
    query = select(Payment).where(Payment.account_id == acc.id)
    if date_from is not None:
        query = query.where(Payment.date >= date_from)
    if date_to is not None:
        query = query.where(Payment.date <= date_to)
    payments = list(ctx.session.scalars(query.order_by(Payment.date, Payment.id)))
    numbers = _numbers_by_payment(ctx, [p.id for p in payments])
    entries = tuple(_running(payments, opening, numbers))
    return CashBook(acc, date_from, date_to, opening, entries)
