"""Bringing a read statement into an account: which account, what each line will become,
and the import itself (through `matching.import_bank_lines`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from addons.payments.accounts import find_default_account, get_account
from addons.payments.matching import BankLine, ImportResult, import_bank_lines
from addons.payments.models import AccountKind, Payment, PaymentAccount
from addons.payments.receivables import find_open_by_reference
from addons.payments.statements.errors import StatementError
from addons.payments.statements.models import StatementImport
from addons.payments.statements.proposals import propose
from addons.payments.statements.reader import ParsedStatement
from addons.payments.translation import _
from core.api import Document, ogm

if TYPE_CHECKING:
    from core.api import Context


class Outcome:
    """What importing a line will do."""

    KNOWN = "known"
    MATCHED = "matched"
    PROPOSAL = "proposal"
    TO_HANDLE = "to_handle"
    OUTGOING = "outgoing"


@dataclass(frozen=True)
class LinePreview:
    """A statement line with what importing it will do, and the invoice concerned."""

    line: BankLine
    outcome: str
    invoice: Document | None = None


def _same_iban(a: str | None, b: str | None) -> bool:
    return "".join((a or "").split()).upper() == "".join((b or "").split()).upper()


def choose_account(
    ctx: Context, parsed: ParsedStatement, account: PaymentAccount | int | None = None
) -> PaymentAccount:
    """The account the statement goes to: the one chosen, else the one with the statement's
    IBAN, else the default bank account. A statement of another IBAN is refused."""
    if account is not None:
        chosen = get_account(ctx, account)
    else:
        accounts = ctx.session.scalars(select(PaymentAccount).where(
            PaymentAccount.archived.is_(False), PaymentAccount.iban.is_not(None)))
        chosen = next((a for a in accounts if _same_iban(a.iban, parsed.account_iban)), None)
        chosen = chosen or find_default_account(ctx, AccountKind.BANK)
        if chosen is None:
            raise StatementError(_("Add a bank account first."))
    if chosen.iban and parsed.account_iban and not _same_iban(chosen.iban, parsed.account_iban):
        raise StatementError(
            _("This statement is of account %(statement)s, not of %(account)s (%(iban)s).")
            % {"statement": parsed.account_iban, "account": chosen.name, "iban": chosen.iban})
    return chosen


def preview_lines(ctx: Context, parsed: ParsedStatement,
                  account: PaymentAccount) -> list[LinePreview]:
    """Each line with what importing it will do; nothing is written."""
    keys = [line.external_id for line in parsed.lines if line.external_id]
    known = set(ctx.session.scalars(select(Payment.external_id).where(
        Payment.account_id == account.id, Payment.external_id.in_(keys)))) if keys else set()
    previews = []
    for line in parsed.lines:
        if line.external_id in known:
            previews.append(LinePreview(line, Outcome.KNOWN))
            continue
        if line.amount <= 0:
            previews.append(LinePreview(line, Outcome.OUTGOING))
            continue
        ref = ogm.normalise(line.communication)
        invoice = find_open_by_reference(ctx, ref) if ref else None
        if invoice is not None:
            previews.append(LinePreview(line, Outcome.MATCHED, invoice))
            continue
        invoice = propose(ctx, line.amount, line.counterparty)
        outcome = Outcome.PROPOSAL if invoice is not None else Outcome.TO_HANDLE
        previews.append(LinePreview(line, outcome, invoice))
    return previews


def _fitted(line: BankLine) -> BankLine:
    return BankLine(line.date, line.amount, line.communication[:200],
                    line.counterparty[:200], (line.counterparty_iban or "")[:34] or None,
                    line.external_id)


def import_statement(
    ctx: Context,
    parsed: ParsedStatement,
    account: PaymentAccount | int | None = None,
    filename: str = "",
) -> ImportResult:
    """Record the statement's lines on the account; lines imported before are skipped. The
    import itself is kept (`StatementImport`) with what it added."""
    chosen = choose_account(ctx, parsed, account)
    result = import_bank_lines(ctx, chosen, [_fitted(line) for line in parsed.lines])
    ctx.session.add(StatementImport(
        account_id=chosen.id, filename=filename[:200], format=parsed.format,
        statement_iban=(parsed.account_iban or "")[:34] or None, lines=len(parsed.lines),
        added=len(result.matched) + len(result.unmatched), matched=len(result.matched),
        duplicates=result.duplicates,
    ))
    ctx.session.flush()
    return result


def recent_imports(ctx: Context, limit: int = 10) -> list[StatementImport]:
    """The statements imported last, newest first."""
    return list(ctx.session.scalars(select(StatementImport).order_by(
        StatementImport.imported_at.desc(), StatementImport.id.desc()).limit(limit)))
