"""CSV exports of the main Belgian banks: each bank's columns, written down as data.

All four write `;`-separated files with a decimal comma and dates as dd/mm/yyyy. An export
is recognised by its header row (Belfius writes its search criteria above it). A line's key
is the bank's own line number where the export has one, else a hash of the row; a row that
occurs twice in a file gets its occurrence number in its key, so both are kept once. A line
the bank refused (BNP Paribas Fortis gives the reason) moved no money and is left out.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

from addons.payments.matching import BankLine
from addons.payments.statements.errors import StatementError
from addons.payments.translation import _
from core.api import UploadError, read_csv


@dataclass(frozen=True)
class BankCsvFormat:
    """Which column of a bank's CSV export holds what."""

    key: str
    label: str
    account: str
    date: str
    amount: str
    counterparty: str
    counterparty_iban: str
    communication: tuple[str, ...]
    line_key: tuple[str, ...] = ()
    refused: str = ""

    @property
    def columns(self) -> set[str]:
        """Every column the format reads: all must be in the header row."""
        found = {self.account, self.date, self.amount, self.counterparty,
                 self.counterparty_iban, *self.communication, *self.line_key}
        return found | {self.refused} if self.refused else found


FORMATS: tuple[BankCsvFormat, ...] = (
    BankCsvFormat(
        key="kbc", label="KBC", account="Rekeningnummer", date="Datum", amount="Bedrag",
        counterparty="Naam tegenpartij", counterparty_iban="rekeningnummer tegenpartij",
        communication=("gestructureerde mededeling", "Vrije mededeling", "Omschrijving"),
    ),
    BankCsvFormat(
        key="bnp_fortis", label="BNP Paribas Fortis", account="Rekeningnummer",
        date="Uitvoeringsdatum", amount="Bedrag", counterparty="Naam van de tegenpartij",
        counterparty_iban="Tegenpartij", communication=("Mededeling", "Details"),
        line_key=("Volgnummer",), refused="Reden van weigering",
    ),
    BankCsvFormat(
        key="belfius", label="Belfius", account="Rekening", date="Boekingsdatum",
        amount="Bedrag", counterparty="Naam tegenpartij bevat",
        counterparty_iban="Rekening tegenpartij", communication=("Mededelingen", "Transactie"),
        line_key=("Rekeninguittrekselnummer", "Transactienummer"),
    ),
    BankCsvFormat(
        key="ing", label="ING", account="Rekeningnummer", date="Boekingsdatum",
        amount="Bedrag", counterparty="Detail van de omzet",
        counterparty_iban="Rekening tegenpartij", communication=("Bericht", "Omschrijving"),
        line_key=("Omzetnummer",),
    ),
)


def _cells(line: str) -> set[str]:
    return {cell.strip().strip('"').strip() for cell in line.split(";")}


def find_format(text: str) -> tuple[BankCsvFormat, int] | None:
    """The bank format whose header row is in the text, with the row's index; None."""
    for index, line in enumerate(text.splitlines()[:40]):
        cells = _cells(line)
        for fmt in FORMATS:
            if fmt.columns <= cells:
                return fmt, index
    return None


def parse_day(text: str) -> date:
    """A dd/mm/yyyy date (also dd-mm-yyyy, dd.mm.yyyy)."""
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(_("%(value)s is not a date like 19/03/2026.") % {"value": text})


def parse_money(text: str) -> Decimal:
    """An amount with a Belgian decimal comma (`-1.234,56`)."""
    try:
        return parse_decimal(text.strip().replace(" ", ""), locale="nl_BE")
    except NumberFormatError:
        raise ValueError(_("%(value)s is not an amount like 1.234,56.") % {"value": text}) from None


def _iban(text: str) -> str:
    return "".join(text.split()).upper()


def parse_bank_csv(text: str, fmt: BankCsvFormat, header_index: int,
                   filename: str = "") -> tuple[str | None, list[BankLine]]:
    """(the account's IBAN, the lines) of a bank's CSV export."""
    body = "\n".join(text.splitlines()[header_index:])
    try:
        table = read_csv(body.encode("utf-8"), filename)
    except UploadError as exc:
        raise StatementError(str(exc)) from None
    position = {header: index for index, header in enumerate(table.headers)}
    accounts: set[str] = set()
    lines: list[BankLine] = []
    seen: Counter[str] = Counter()
    for number, row in enumerate(table.rows, start=header_index + 2):
        values = {name: str(row[index]).strip() for name, index in position.items()}
        if not any(values.values()) or (fmt.refused and values[fmt.refused]):
            continue
        try:
            day = parse_day(values[fmt.date])
            amount = parse_money(values[fmt.amount])
        except ValueError as exc:
            raise StatementError(_("Line %(line)d: %(reason)s") % {"line": number,
                                                                  "reason": exc}) from None
        own = _iban(values[fmt.account])
        if own:
            accounts.add(own)
        communication = next((values[c] for c in fmt.communication if values[c]), "")
        identity = [values[c] for c in fmt.line_key] if fmt.line_key else list(values.values())
        digest = hashlib.sha1("\x1f".join([own, *identity]).encode("utf-8")).hexdigest()
        seen[digest] += 1
        lines.append(BankLine(
            day, amount, communication, values[fmt.counterparty],
            _iban(values[fmt.counterparty_iban]) or None,
            f"csv:{fmt.key}:{digest}:{seen[digest]}",
        ))
    if len(accounts) > 1:
        raise StatementError(_("This file holds lines of several accounts; export one account."))
    return (accounts.pop() if accounts else None), lines
