"""Recognising a statement file (CODA or a bank's CSV export) and reading its lines."""

from __future__ import annotations

from dataclasses import dataclass

from addons.payments.matching import BankLine
from addons.payments.statements.bank_csv import find_format, parse_bank_csv
from addons.payments.statements.coda import is_coda, parse_coda
from addons.payments.statements.errors import StatementError
from addons.payments.translation import _
from core.api import MAX_UPLOAD_BYTES
from core.api import decode_upload_text as decode

__all__ = ["ParsedStatement", "StatementError", "read_statement"]


@dataclass
class ParsedStatement:
    """The lines of a statement file, its format and the account (IBAN) it is about."""

    format: str
    lines: list[BankLine]
    account_iban: str | None = None


def read_statement(data: bytes, filename: str = "") -> ParsedStatement:
    """Read a CODA file or a KBC, BNP Paribas Fortis, Belfius or ING CSV export."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise StatementError(_("%(name)s is larger than %(size)d MB.") % {
            "name": filename, "size": MAX_UPLOAD_BYTES // (1024 * 1024)})
    text, _encoding = decode(data)
    if "\x00" in text[:4096]:
        raise StatementError(_("%(name)s is not a text file.") % {"name": filename})
    if is_coda(text):
        statements = parse_coda(text)
        accounts = {s.account for s in statements}
        if len(accounts) > 1:
            raise StatementError(
                _("This file holds lines of several accounts; export one account."))
        lines = [line for statement in statements for line in statement.lines()]
        return ParsedStatement("CODA", lines, accounts.pop())
    found = find_format(text)
    if found is None:
        raise StatementError(_(
            "%(name)s is not a CODA file nor a CSV export of KBC, BNP Paribas Fortis, "
            "Belfius or ING.") % {"name": filename or _("The file")})
    fmt, header_index = found
    account, lines = parse_bank_csv(text, fmt, header_index, filename)
    return ParsedStatement(fmt.label, lines, account)
