"""Keeping a read statement between the importer's steps, with the core importer's upload
storage (one file per upload under the tenant's folder): its lines as a table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from addons.payments.matching import BankLine
from addons.payments.statements.errors import StatementError
from addons.payments.statements.reader import ParsedStatement
from addons.payments.translation import _
from core.api import UploadedTable, UploadError, load_upload, store_upload

if TYPE_CHECKING:
    from core.api import Context

COLUMNS = ["date", "amount", "communication", "counterparty", "counterparty_iban",
           "external_id", "format", "account_iban"]


def keep(ctx: Context, parsed: ParsedStatement, filename: str) -> str:
    """Keep the statement for the tenant; the token finds it again."""
    rows = [[line.date.isoformat(), str(line.amount), line.communication, line.counterparty,
             line.counterparty_iban or "", line.external_id or "", parsed.format,
             parsed.account_iban or ""] for line in parsed.lines]
    return store_upload(ctx, UploadedTable(list(COLUMNS), rows, filename))


def find(ctx: Context, token: str) -> tuple[ParsedStatement, str]:
    """The statement kept under `token` and its file name (another tenant's is not found)."""
    try:
        table = load_upload(ctx, token)
    except UploadError as exc:
        raise StatementError(str(exc)) from None
    if table.headers != COLUMNS or not table.rows:
        raise StatementError(_("This upload does not exist any more; upload the file again."))
    lines = [BankLine(date.fromisoformat(row[0]), Decimal(row[1]), row[2], row[3],
                      row[4] or None, row[5] or None) for row in table.rows]
    first = table.rows[0]
    return ParsedStatement(first[6], lines, first[7] or None), table.filename
