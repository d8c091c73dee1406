"""Reading statement files: CODA 2.x by the standard's positions, the CSV exports of KBC,
BNP Paribas Fortis, Belfius and ING, and clear errors for anything else."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from addons.payments.statements.reader import StatementError, read_statement
from addons.payments.tests import coda_builder as cb

IBAN = "BE68539007547034"
DAY = date(2026, 3, 20)

# Written by hand, not by the builder; the positions (1-based) are counted in the comments.
HAND_HEADER = (
    "0" "0000" "200326" "725" "05" " " + " " * 7      # 1, 2-5, 6-11, 12-14, 15-16, 17, 18-24
    + "0000000000" + "BAKKERIJ PEETERS".ljust(26)     # 25-34, 35-60
    + "KREDBEBB   " + "00123456789" + " " + " " * 5   # 61-71, 72-82, 83, 84-88
    + " " * 16 + " " * 16 + " " * 7 + "2"             # 89-104, 105-120, 121-127, 128
)
HAND_OLD_BALANCE = (
    "1" "2" "012" + "BE68539007547034" + " " * 18 + "EUR"  # 1, 2, 3-5, 6-21, 22-39, 40-42
    + "0" + "000000001000000" + "010326"               # 43, 44-58, 59-64
    + "BAKKERIJ PEETERS".ljust(26) + " " * 35 + "012"  # 65-90, 91-125, 126-128
)
HAND_MOVEMENT = (
    "21" "0001" "0000" + "0123456789ABCDEFGHIJK"   # 1-2, 3-6, 7-10, 11-31 bank reference
    + "0" + "000000000121000" + "200326"            # 32 sign, 33-47 amount, 48-53 value date
    + "00150000" + "1" + "101" + "010806817183"     # 54-61 code, 62 type, 63-65, 66-77 OGM
    + " " * 38 + "200326" + "012"                   # 78-115, 116-121 entry date, 122-124
    + "0" "1" " " "0"                               # 125 glob., 126 next, 127, 128 link
)
HAND_COUNTERPARTY = (
    "23" "0001" "0000" + "BE71096123456769" + " " * 18 + "EUR"  # 1-10, 11-26, 27-44, 45-47
    + "JANSSENS BV".ljust(35) + " " * 43 + "0" " " "0"          # 48-82, 83-125, 126-128
)


def test_hand_written_lines_are_128_characters_and_agree_with_the_builder():
    for line in (HAND_HEADER, HAND_OLD_BALANCE, HAND_MOVEMENT, HAND_COUNTERPARTY):
        assert len(line) == 128
    assert HAND_MOVEMENT[61] == "1" and HAND_MOVEMENT[62:65] == "101"
    built = cb.movement(1, "121.00", DAY, 12, structured="010806817183")
    assert built[31:47] == HAND_MOVEMENT[31:47]
    assert built[61:77] == HAND_MOVEMENT[61:77]
    assert built[115:124] == HAND_MOVEMENT[115:124]


def test_hand_written_coda_file_is_read():
    text = "\r\n".join([HAND_HEADER, HAND_OLD_BALANCE, HAND_MOVEMENT, HAND_COUNTERPARTY,
                        cb.new_balance(IBAN, 12, DAY), cb.trailer(3)])
    parsed = read_statement(text.encode("latin-1"), "statement.cod")
    assert parsed.format == "CODA" and parsed.account_iban == IBAN
    [line] = parsed.lines
    assert line.date == DAY and line.amount == Decimal("121.00")
    assert line.communication == "+++010/8068/17183+++"
    assert (line.counterparty, line.counterparty_iban) == ("JANSSENS BV", "BE71096123456769")
    assert line.external_id == f"coda:{IBAN}:2026:012:0001:0000"


def test_built_coda_file_with_free_communication_debits_and_information_records():
    body = [
        cb.movement(1, "121.00", DAY, 7, structured="010806817183"),
        cb.movement_part2(1),
        cb.movement_part3(1, "BE71096123456769", "Janssens BV"),
        cb.movement(2, "-35.50", DAY, 7, free="Huur maart", info=True),
        cb.movement_part2(2, " magazijn"),
        cb.movement_part3(2, "BE43068999999501", "Immo Verhuur NV", "Kerkstraat 1"),
        *cb.information(2, "Immo Verhuur NV"),
        cb.movement(3, "10.005", DAY, 7, free="", more=False),
    ]
    parsed = read_statement(cb.statement_file(IBAN, 7, DAY, body), "x.cod")
    first, second, third = parsed.lines
    assert first.communication == "+++010/8068/17183+++" and first.counterparty == "Janssens BV"
    assert second.amount == Decimal("-35.50")
    assert second.communication == "Huur maart magazijn Kerkstraat 1"
    assert second.counterparty == "Immo Verhuur NV"
    assert third.amount == Decimal("10.01") and third.counterparty_iban is None
    assert len({line.external_id for line in parsed.lines}) == 3


def test_coda_file_without_line_breaks_is_read():
    lines = cb.statement_file(IBAN, 9, DAY, [
        cb.movement(1, "121.00", DAY, 9, structured="010806817183", more=False)]).split(b"\r\n")
    parsed = read_statement(b"".join(lines), "x.cod")
    assert [line.amount for line in parsed.lines] == [Decimal("121.00")]


def test_globalised_movement_is_read_as_its_details():
    body = [
        cb.movement(1, "300.00", DAY, 8, globalised="1", more=False),
        cb.movement(1, "100.00", DAY, 8, detail=1, structured="010806817183"),
        cb.movement_part2(1, detail=1),
        cb.movement_part3(1, "BE71096123456769", "Janssens BV", detail=1),
        cb.movement(1, "200.00", DAY, 8, detail=2, structured="000000009797", more=False),
    ]
    parsed = read_statement(cb.statement_file(IBAN, 8, DAY, body), "x.cod")
    assert [line.amount for line in parsed.lines] == [Decimal("100.00"), Decimal("200.00")]


@pytest.mark.parametrize(("content", "message"), [
    (cb.header(DAY, version="1") + "\n", "Only CODA version 2"),
    (cb.header(DAY) + "\n" + cb.old_balance(IBAN, 1, DAY) + "\n"
     + cb.movement(1, "1", DAY, 1)[:115] + "3" * 20 + "\n", "longer than 128"),
    (cb.header(DAY) + "\n" + cb.old_balance(IBAN, 1, DAY) + "\n"
     + cb.movement(1, "1", DAY, 1)[:32] + "ABCDEFGHIJKLMNO" + cb.movement(1, "1", DAY, 1)[47:]
     + "\n", "line 3 cannot be read"),
    ("Datum;Bedrag\n01/03/2026;12,00\n", "not a CODA file nor a CSV export"),
    (cb.header(DAY) + "\n" + cb.old_balance(IBAN, 1, DAY) + "\n"
     + cb.movement(1, "1", DAY, 1, more=False) + "\n", "closing record 9 is missing"),
])
def test_unreadable_files_are_refused_with_the_reason(content, message):
    with pytest.raises(StatementError, match=message):
        read_statement(content.encode("latin-1"), "bank.txt")


def csv_bytes(rows: list[list[str]], encoding: str = "cp1252") -> bytes:
    return "\r\n".join(";".join(row) for row in rows).encode(encoding)


KBC = [
    ["Rekeningnummer", "Rubrieknaam", "Naam", "Munt", "Afschriftnummer", "Datum",
     "Omschrijving", "Valuta", "Bedrag", "Saldo", "credit", "debet",
     "rekeningnummer tegenpartij", "BIC tegenpartij", "Naam tegenpartij", "Adres tegenpartij",
     "gestructureerde mededeling", "Vrije mededeling"],
    [IBAN, "Zicht", "Peeters", "EUR", "00012", "20/03/2026", "EUROPESE OVERSCHRIJVING",
     "20/03/2026", "1.210,50", "5.000,00", "1.210,50", "", "BE71 0961 2345 6769", "GKCCBEBB",
     "Janssens BV", "Kerkstraat 1", "010806817183", ""],
    [IBAN, "Zicht", "Peeters", "EUR", "00012", "21/03/2026", "BETALING", "21/03/2026",
     "-12,30", "4.987,70", "", "12,30", "", "", "Café Léon", "", "", "koffie"],
]
FORTIS = [
    ["Volgnummer", "Uitvoeringsdatum", "Valutadatum", "Bedrag", "Valuta rekening",
     "Rekeningnummer", "Type verrichting", "Tegenpartij", "Naam van de tegenpartij",
     "Mededeling", "Details", "Status", "Reden van weigering"],
    ["2026-0042", "20/03/2026", "20/03/2026", "121,00", "EUR", IBAN, "Overschrijving",
     "BE71096123456769", "Janssens BV", "+++010/8068/17183+++", "OVERSCHRIJVING VAN ...",
     "Geaccepteerd", ""],
]
BELFIUS = [
    ["Boekingsdatum vanaf", "01/03/2026"], ["Boekingsdatum tot en met", "31/03/2026"],
    ["Laatste saldo", "1.000,00 EUR"], ["", ""],
    ["Rekening", "Boekingsdatum", "Rekeninguittrekselnummer", "Transactienummer",
     "Rekening tegenpartij", "Naam tegenpartij bevat", "Straat en nummer",
     "Postcode en plaats", "Transactie", "Valutadatum", "Bedrag", "Devies", "BIC", "Landcode",
     "Mededelingen"],
    ["BE68 5390 0754 7034", "20/03/2026", "00012", "33", "BE71 0961 2345 6769", "Janssens BV",
     "Kerkstraat 1", "2000 Antwerpen", "Overschrijving", "20/03/2026", "121,00", "EUR",
     "GKCCBEBB", "BE", "***010/8068/17183***"],
]
ING = [
    ["Rekeningnummer", "Naam van de rekening", "Rekening tegenpartij", "Omzetnummer",
     "Boekingsdatum", "Valutadatum", "Bedrag", "Munteenheid", "Omschrijving",
     "Detail van de omzet", "Bericht"],
    [IBAN, "Bakkerij Peeters", "BE71096123456769", "20260320000017", "20/03/2026",
     "20/03/2026", "121,00", "EUR", "Europese overschrijving", "Janssens BV",
     "010/8068/17183"],
]


@pytest.mark.parametrize(("rows", "label", "amount", "name"), [
    (KBC, "KBC", "1210.50", "Janssens BV"),
    (FORTIS, "BNP Paribas Fortis", "121.00", "Janssens BV"),
    (BELFIUS, "Belfius", "121.00", "Janssens BV"),
    (ING, "ING", "121.00", "Janssens BV"),
])
def test_bank_csv_exports_are_recognised_and_read(rows, label, amount, name):
    parsed = read_statement(csv_bytes(rows), "export.csv")
    assert parsed.format == label and parsed.account_iban == IBAN
    first = parsed.lines[0]
    assert (first.date, first.amount, first.counterparty) == (DAY, Decimal(amount), name)
    assert first.counterparty_iban == "BE71096123456769"
    assert "010" in first.communication and "17183" in first.communication
    assert first.external_id and first.external_id.startswith("csv:")
    again = read_statement(csv_bytes(rows, "utf-8"), "again.csv")
    assert [line.external_id for line in again.lines] == [
        line.external_id for line in parsed.lines]


def test_fortis_line_refused_by_the_bank_is_left_out():
    refused = [*FORTIS[1][:12], "Onvoldoende saldo"]
    refused[0] = "2026-0043"
    parsed = read_statement(csv_bytes([*FORTIS, refused]), "fortis.csv")
    assert len(parsed.lines) == 1


def test_kbc_debit_line_and_free_communication():
    second = read_statement(csv_bytes(KBC), "kbc.csv").lines[1]
    assert (second.amount, second.communication, second.counterparty) == (
        Decimal("-12.30"), "koffie", "Café Léon")


def test_identical_rows_in_one_file_are_two_lines():
    rows = [*KBC, KBC[2]]
    keys = [line.external_id for line in read_statement(csv_bytes(rows), "kbc.csv").lines]
    assert len(keys) == len(set(keys)) == 3


def test_bad_amount_in_a_bank_csv_names_the_line():
    rows = [FORTIS[0], [*FORTIS[1][:3], "twaalf", *FORTIS[1][4:]]]
    with pytest.raises(StatementError, match="Line 2: twaalf is not an amount"):
        read_statement(csv_bytes(rows), "fortis.csv")
