"""Step 1 of an import: an uploaded CSV or XLSX file parsed into a header and rows.

CSV files may be UTF-8 (with or without BOM) or Windows-1252 (what Excel writes in Belgium),
separated by `;`, `,` or tabs. Row numbers are the file's: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from core.i18n import _
from core.importing.cells import unguard_text

MAX_UPLOAD_BYTES = 64 * 1024 * 1024
DELIMITERS = (";", ",", "\t")


class UploadError(ValueError):
    """A file that cannot be read as a table; the message says why."""


@dataclass
class UploadedTable:
    """A parsed file: the header row and the data rows (row `i` is file row `i + 2`)."""

    headers: list[str]
    rows: list[list[Any]]
    filename: str = ""
    encoding: str = ""
    delimiter: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def row_number(self, index: int) -> int:
        """The file row number of data row `index` (0-based)."""
        return index + 2


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of CSV bytes: UTF-8 with or without BOM, else Windows-1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def detect_delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of `;`, `,` and tab outside quotes."""
    first = text.split("\n", 1)[0]
    outside, quoted = [], False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(char)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


def read_csv(data: bytes, filename: str = "") -> UploadedTable:
    """Parse CSV bytes."""
    text, encoding = decode(data)
    if "\x00" in text[:4096]:
        raise UploadError(_("{name} is not a text file.").format(name=filename or "CSV"))
    delimiter = detect_delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UploadError(_("{name} cannot be read: {reason}").format(
            name=filename or "CSV", reason=exc)) from None
    return _table(records, filename, encoding=encoding, delimiter=delimiter, text=True)


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def read_xlsx(data: bytes, filename: str = "") -> UploadedTable:
    """Parse the first sheet of XLSX bytes (values, not formulas)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UploadError(_("{name} is not an Excel (.xlsx) file: {reason}").format(
            name=filename or "XLSX", reason=exc)) from None
    try:
        sheet = book.worksheets[0]
        records = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return _table(records, filename, text=False)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(records: list[list[Any]], filename: str, *, text: bool, **meta: str) -> UploadedTable:
    while records and all(_is_blank(v) for v in records[-1]):
        records.pop()
    if not records:
        raise UploadError(_("{name} is empty.").format(name=filename or _("The file")))
    headers = ["" if v is None else str(v).strip() for v in records[0]]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise UploadError(_("The first row of {name} must name the columns.").format(
            name=filename or _("the file")))
    width = len(headers)
    rows = []
    for record in records[1:]:
        row = [("" if v is None else (unguard_text(v) if text and isinstance(v, str) else v))
               for v in record[:width]]
        rows.append(row + [""] * (width - len(row)))
    return UploadedTable(headers, rows, filename, meta.get("encoding", ""),
                         meta.get("delimiter", ""))


def read_upload(data: bytes, filename: str) -> UploadedTable:
    """Parse an uploaded file by its extension (`.csv`, `.txt`, `.xlsx`)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(_("{name} is larger than {size} MB.").format(
            name=filename, size=MAX_UPLOAD_BYTES // (1024 * 1024)))
    extension = PurePath(filename).suffix.lower()
    if extension in (".xlsx", ".xlsm"):
        return read_xlsx(data, filename)
    if extension in (".csv", ".txt", ".tsv"):
        return read_csv(data, filename)
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, filename)
    raise UploadError(_("{name}: choose a CSV or an Excel (.xlsx) file.").format(name=filename))


def is_blank_row(row: list[Any]) -> bool:
    """Whether a data row has nothing in it."""
    return all(_is_blank(v) for v in row)


def as_text(value: Any) -> str:
    """A cell as text (dates as ISO)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return "" if value is None else str(value)
