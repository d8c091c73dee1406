"""Exporting a list to CSV (`;`-separated UTF-8 with BOM, as Excel opens it) or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from core.importing.cells import csv_cell, guard_text

FORMATS = {
    "csv": ("text/csv; charset=utf-8", ".csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ";") -> bytes:
    """CSV bytes with a header row; every cell through `csv_cell` (no formulas)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([guard_text(str(h)) for h in headers])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet_title: str = "Export"
) -> bytes:
    """XLSX bytes: one sheet, a bold header row; texts are never taken for formulas."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    bold = Font(bold=True)

    def cell(value: Any, header: bool = False) -> WriteOnlyCell:
        if isinstance(value, Decimal):
            value = float(value) if value == value.quantize(Decimal("0.01")) else str(value)
        made = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str) and value.startswith("="):
            made.data_type = "s"
        if header:
            made.font = bold
        return made

    sheet.append([cell(h, header=True) for h in headers])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_table(
    fmt: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> tuple[bytes, str, str]:
    """(file bytes, content type, file extension) of a list in `csv` or `xlsx`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose csv or xlsx")
    data = write_csv(headers, rows) if fmt == "csv" else write_xlsx(headers, rows)
    content_type, extension = FORMATS[fmt]
    return data, content_type, extension
