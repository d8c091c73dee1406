"""Lays out CODA 2.x records by the positions of the Febelfin standard (1-based, as the
standard numbers them), so the tests can make statement files of any content."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

WIDTH = 128


def lay(fields: dict[int, str]) -> str:
    """A 128-character line with each value at its 1-based start position."""
    line = [" "] * WIDTH
    taken: set[int] = set()
    for start, value in fields.items():
        span = range(start - 1, start - 1 + len(value))
        assert span.stop <= WIDTH, (start, value)
        assert not taken & set(span), f"overlap at {start}"
        taken.update(span)
        line[span.start:span.stop] = value
    return "".join(line)


def ddmmyy(day: date) -> str:
    """DDMMYY."""
    return day.strftime("%d%m%y")


def amount15(value: Decimal | str) -> tuple[str, str]:
    """(sign code, 15 digits with 3 decimals) of an amount."""
    value = Decimal(value)
    return ("1" if value < 0 else "0"), f"{int(abs(value) * 1000):015d}"


def header(day: date, version: str = "2") -> str:
    """Record 0."""
    return lay({1: "0", 2: "0000", 6: ddmmyy(day), 12: "725", 15: "05", 25: "0000000000",
                35: "BAKKERIJ PEETERS", 61: "KREDBEBB", 72: "00123456789", 128: version})


def old_balance(iban: str, statement: int, day: date, balance: str = "1000.00") -> str:
    """Record 1, Belgian IBAN structure (2)."""
    sign, digits = amount15(balance)
    return lay({1: "1", 2: "2", 3: f"{statement:03d}", 6: iban, 40: "EUR", 43: sign,
                44: digits, 59: ddmmyy(day), 65: "BAKKERIJ PEETERS", 91: "Zichtrekening",
                126: f"{statement:03d}"})


def movement(sequence: int, amount: str, day: date, statement: int, *, structured: str = "",
             free: str = "", detail: int = 0, globalised: str = "0", more: bool = True,
             info: bool = False) -> str:
    """Record 21: structured (type 1, code 101 + 12 digits) or free communication."""
    sign, digits = amount15(amount)
    communication = ("101" + structured) if structured else free[:53]
    return lay({1: "21", 3: f"{sequence:04d}", 7: f"{detail:04d}",
                11: f"{'REF':<13}{sequence:04d}{detail:04d}", 32: sign, 33: digits,
                48: ddmmyy(day), 54: "00150000", 62: "1" if structured else "0",
                63: communication, 116: ddmmyy(day), 122: f"{statement:03d}",
                125: globalised, 126: "1" if more else "0", 128: "1" if info else "0"})


def movement_part2(sequence: int, communication: str = "", detail: int = 0,
                   bic: str = "GEBABEBB") -> str:
    """Record 22."""
    return lay({1: "22", 3: f"{sequence:04d}", 7: f"{detail:04d}", 11: communication[:53],
                99: bic, 126: "1", 128: "0"})


def movement_part3(sequence: int, iban: str, name: str, communication: str = "",
                   detail: int = 0) -> str:
    """Record 23."""
    return lay({1: "23", 3: f"{sequence:04d}", 7: f"{detail:04d}", 11: iban, 45: "EUR",
                48: name[:35], 83: communication[:43], 126: "0", 128: "0"})


def information(sequence: int, text: str, detail: int = 0) -> list[str]:
    """Records 31, 32 and 33 (information about the counterparty)."""
    return [
        lay({1: "31", 3: f"{sequence:04d}", 7: f"{detail:04d}", 11: f"{'REF':<21}",
             32: "00150001", 40: "1", 41: "001" + text[:70], 126: "1", 128: "0"}),
        lay({1: "32", 3: f"{sequence:04d}", 7: f"{detail:04d}", 11: "Kerkstraat 1",
             126: "1", 128: "0"}),
        lay({1: "33", 3: f"{sequence:04d}", 7: f"{detail:04d}", 11: "2000 Antwerpen",
             126: "0", 128: "0"}),
    ]


def new_balance(iban: str, statement: int, day: date, balance: str = "1000.00") -> str:
    """Record 8."""
    sign, digits = amount15(balance)
    return lay({1: "8", 2: f"{statement:03d}", 5: iban, 39: "EUR", 42: sign, 43: digits,
                58: ddmmyy(day), 128: "0"})


def trailer(records: int, debit: str = "0", credit: str = "0") -> str:
    """Record 9."""
    return lay({1: "9", 17: f"{records:06d}", 23: amount15(debit)[1], 38: amount15(credit)[1],
                128: "2"})


def statement_file(iban: str, statement: int, day: date, body: list[str]) -> bytes:
    """A whole CODA file: header, old balance, the body records, new balance, trailer."""
    lines = [header(day), old_balance(iban, statement, day), *body,
             new_balance(iban, statement, day), trailer(len(body) + 2)]
    assert all(len(line) == WIDTH for line in lines)
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")
