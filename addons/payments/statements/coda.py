"""CODA, the Belgian banks' coded statement of account (Febelfin standard, version 2.x).

Fixed-width lines of 128 characters. Records read here: 0 header, 1 old balance, 21/22/23
movement (amount, communication, counterparty), 31/32/33 information (skipped), 4 free
message (skipped), 8 new balance, 9 trailer (a file without it is incomplete). Positions
below are the standard's, 1-based, written as Python slices. Amounts have 15 digits of
which 3 decimals, with a sign code (0 credit, 1 debit); dates are DDMMYY. A structured
communication is communication type 1 with code 101 (or 102) followed by its 12 digits.

A globalised movement (detail number 0000) whose details follow (0001, ...) is brought in
as its details, so each customer's payment is a line of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from addons.payments.matching import BankLine
from addons.payments.statements.errors import StatementError
from addons.payments.translation import _

LINE = 128
CENT = Decimal("0.01")
STRUCTURED_CODES = ("101", "102")


def records(text: str) -> list[str]:
    """The file's lines; a file written without line breaks is cut every 128 characters."""
    text = text.lstrip("\ufeff")
    body = text.strip("\r\n")
    if "\n" not in body and "\r" not in body and len(body) > LINE and len(body) % LINE == 0:
        return [body[i:i + LINE] for i in range(0, len(body), LINE)]
    return text.splitlines()


def is_coda(text: str) -> bool:
    """Whether the text looks like a CODA file: a header record of 128 characters first."""
    lines = records(text)
    first = lines[0] if lines else ""
    return len(first) == LINE and first.startswith("00000") and first[127] in "12"


def coda_date(text: str) -> date:
    """A DDMMYY date."""
    return date(2000 + int(text[4:6]), int(text[2:4]), int(text[0:2]))


def coda_amount(sign: str, digits: str) -> Decimal:
    """A signed amount from a sign code and 15 digits with 3 decimals, to the cent."""
    value = (Decimal(digits) / 1000).quantize(CENT, rounding=ROUND_HALF_UP)
    return -value if sign == "1" else value


def framed(digits: str) -> str:
    """`+++XXX/XXXX/XXXXX+++` of 12 digits."""
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:12]}+++"


@dataclass
class _Movement:
    sequence: str
    detail: str
    amount: Decimal
    entry_date: date
    statement: str
    structured: str = ""
    free: list[str] = field(default_factory=list)
    counterparty: str = ""
    counterparty_iban: str = ""

    @property
    def communication(self) -> str:
        if self.structured:
            return framed(self.structured)
        return " ".join(" ".join(self.free).split())


@dataclass
class CodaStatement:
    """One account's statement in a CODA file."""

    account: str
    statement: str
    year: int
    movements: list[_Movement] = field(default_factory=list)

    def lines(self) -> list[BankLine]:
        """The movements as bank lines; details instead of their globalised total."""
        detailed = {m.sequence for m in self.movements if m.detail != "0000"}
        kept = [m for m in self.movements if m.detail != "0000" or m.sequence not in detailed]
        return [
            BankLine(
                m.entry_date,
                m.amount,
                m.communication,
                m.counterparty,
                m.counterparty_iban or None,
                f"coda:{self.account}:{self.year}:{self.statement}:{m.sequence}:{m.detail}",
            )
            for m in kept
        ]


def _account(record: str) -> str:
    structure = record[1]
    if structure == "0":
        return record[5:17]
    return record[5:39].strip()


def parse_coda(text: str) -> list[CodaStatement]:
    """The statements of a CODA file; a `StatementError` names the first bad line."""
    statements: list[CodaStatement] = []
    closed = True
    current: CodaStatement | None = None
    last: _Movement | None = None
    for number, raw in enumerate(records(text), start=1):
        record = raw.rstrip("\r\n")
        if not record.strip():
            continue
        if len(record) > LINE:
            raise StatementError(_("CODA line %(line)d is longer than 128 characters.")
                                 % {"line": number})
        record = record.ljust(LINE)
        kind = record[0] if record[0] in "01489" else record[:2]
        try:
            if kind == "0":
                if record[127] != "2":
                    raise StatementError(_("Only CODA version 2 files can be read."))
                current = last = None
                closed = False
            elif kind == "9":
                closed = True
            elif kind == "1":
                current = CodaStatement(_account(record), record[2:5],
                                        coda_date(record[58:64]).year)
                statements.append(current)
            elif kind == "21":
                if current is None:
                    raise ValueError("movement before record 1")
                last = _Movement(
                    sequence=record[2:6], detail=record[6:10],
                    amount=coda_amount(record[31], record[32:47]),
                    entry_date=coda_date(record[115:121]), statement=record[121:124],
                )
                communication = record[62:115]
                if record[61] == "1" and communication[:3] in STRUCTURED_CODES:
                    last.structured = communication[3:15]
                else:
                    last.free.append(communication)
                current.movements.append(last)
            elif kind == "22":
                if last is None:
                    raise ValueError("record 22 without 21")
                if not last.structured:
                    last.free.append(record[10:63])
            elif kind == "23":
                if last is None:
                    raise ValueError("record 23 without 21")
                last.counterparty_iban = record[10:44].strip()
                last.counterparty = " ".join(record[47:82].split())
                if not last.structured:
                    last.free.append(record[82:125])
            elif kind in ("31", "32", "33", "4", "8"):
                continue
            else:
                raise ValueError(f"unknown record {kind!r}")
        except (ValueError, ArithmeticError) as exc:
            if isinstance(exc, StatementError):
                raise
            raise StatementError(_("CODA line %(line)d cannot be read: %(reason)s")
                                 % {"line": number, "reason": exc}) from None
    if not closed:
        raise StatementError(_("This CODA file is incomplete: its closing record 9 is missing."))
    if not statements:
        raise StatementError(_("This CODA file holds no statement."))
    return statements
