"""No CSV writer lets a spreadsheet run a cell as a formula; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from core.importing import read_upload, write_csv
from core.importing.cells import FORMULA_STARTS, csv_cell, guard_text, unguard_text

pytestmark = pytest.mark.sqlite_only

DANGEROUS = ["=1+1", "+32 9 123 45 67", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_every_formula_start_of_owasp_is_guarded_in_texts():
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}
    written = cells(write_csv(["name"], [[text] for text in DANGEROUS]))
    assert [row[0] for row in written[1:]] == ["'" + text for text in DANGEROUS]


def test_numbers_are_data_and_plain_texts_are_untouched():
    written = cells(write_csv(["a", "b", "c", "d"], [
        [Decimal("-12.50"), -3, "Bakkerij - Peeters", "it's"]]))
    assert written[1] == ["-12.50", "-3", "Bakkerij - Peeters", "it's"]
    assert csv_cell(Decimal("1E+1")) == "10"


def test_a_guarded_file_reads_back_as_it_was_written():
    data = write_csv(["Naam"], [[text] for text in DANGEROUS] + [["'quoted"]])
    table = read_upload(data, "export.csv")
    assert [row[0] for row in table.rows] == [*DANGEROUS, "'quoted"]
    assert unguard_text(guard_text("-5")) == "-5"


def test_the_customer_export_guards_every_text(facturo_app, tenant):
    from core.contacts.importer import export_contacts
    from core.contacts.service import create_customer

    with facturo_app.tenant_context(tenant.id) as ctx:
        create_customer(ctx, {"name": "+32 Pizza", "street": "-Kerkstraat 1",
                              "city": "@Gent"})
        data, _type, _ext = export_contacts(ctx, "csv")
    text = data.decode("utf-8-sig")
    assert "'+32 Pizza" in text and "'-Kerkstraat 1" in text and "'@Gent" in text


def test_the_price_break_export_guards_texts_and_writes_numbers(facturo_app, make_tenant):
    from addons.products.service import create_product
    from addons.tiered_pricing import service
    from addons.tiered_pricing.transfer import export_csv

    tenant = make_tenant("Drankenhandel", addons=("tiered_pricing",))
    with facturo_app.tenant_context(tenant.id) as ctx:
        product = create_product(ctx, {"code": "PILS", "name": "Pils", "sale_price": 13})
        segment = service.create_segment(ctx, "+Horeca")
        service.set_breaks(ctx, product.id, segment.id, {24: "11.25"})
        rows = cells(export_csv(ctx))
    assert rows[1] == ["PILS", "'+Horeca", "24", "11.25"]
