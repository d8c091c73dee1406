"""Step 1 of an import: an uploaded CSV or XLSX file parsed into a header and rows.

CSV files may be UTF-8 (with or without BOM) or Windows-1252 (what Excel writes in Belgium),
separated by `;`, `,` or tabs. Row numbers are the file's: the header is row 1.

Every limit is checked while reading, so that a hostile file costs little: at most
`MAX_UPLOAD_BYTES` of file, `MAX_ROWS` data rows and `MAX_COLUMNS` columns; an XLSX file at
most `MAX_XLSX_UNPACKED` bytes once unpacked and no XML document type (no entities) in it.
Parsing is synchronous and can take seconds: a web handler runs it in a worker thread.
"""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from core.i18n import _, ngettext
from core.importing.cells import unguard_text
from core.xmlsafe import declares_doctype

MAX_UPLOAD_BYTES = 16 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_XLSX_UNPACKED = 256 * 1024 * 1024
DELIMITERS = (";", ",", "\t")
_CHUNK = 1024 * 1024
#: How many rows the parser reads between two chances for other threads to run.
YIELD_EVERY = 20
PROGRESS_EVERY = 500

RowsRead = Callable[[int], None]


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


def read_csv(data: bytes, filename: str = "", progress: RowsRead | None = None) -> UploadedTable:
    """Parse CSV bytes; `progress` is told the number of rows read now and then."""
    text, encoding = decode(data)
    if "\x00" in text[:4096]:
        raise UploadError(_("%(name)s is not a text file.") % {"name": filename or "CSV"})
    delimiter = detect_delimiter(text)
    try:
        records = _limited(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                           filename, progress)
    except csv.Error as exc:
        raise UploadError(_("%(name)s cannot be read: %(reason)s") % {
                "name": filename or "CSV", "reason": exc}) from None
    return _table(records, filename, encoding=encoding, delimiter=delimiter, text=True)


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def too_many_rows(filename: str) -> UploadError:
    """The error of a file with more than `MAX_ROWS` data rows."""
    return UploadError(ngettext(
        "%(name)s has more than %(num)d row; split it into smaller files.",
        "%(name)s has more than %(num)d rows; split it into smaller files.",
        MAX_ROWS) % {"name": filename or _("The file"), "num": MAX_ROWS})


def _limited(records: Iterable[Sequence[Any]], filename: str,
             progress: RowsRead | None = None) -> list[list[Any]]:
    """The records (header included) as lists, cut to `MAX_COLUMNS`; an error past
    `MAX_ROWS` data rows, raised as soon as the row after the last allowed one is read."""
    kept: list[list[Any]] = []
    for record in records:
        if len(kept) > MAX_ROWS:
            raise too_many_rows(filename)
        if progress is not None and len(kept) % PROGRESS_EVERY == 0:
            progress(max(len(kept) - 1, 0))
        if len(kept) % YIELD_EVERY == 0:
            # read off the event loop, in a thread: hand the interpreter over now and then,
            # so that the loop's thread never queues long behind the parser for it
            time.sleep(0)
        row = list(record[:MAX_COLUMNS])
        while row and row[-1] is None:  # a sheet pads its rows to its widest one
            row.pop()
        kept.append(row)
    return kept


def _not_xlsx(filename: str, reason: object) -> UploadError:
    return UploadError(_("%(name)s is not an Excel (.xlsx) file: %(reason)s") % {
            "name": filename or "XLSX", "reason": reason})


def check_archive(data: bytes, filename: str = "") -> None:
    """Refuse an XLSX archive that unpacks too large or whose XML declares a document
    type (entities: the way to read the server's files or exhaust its memory)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > MAX_XLSX_UNPACKED:
                raise UploadError(_("%(name)s unpacks to more than %(size)d MB.") % {
                        "name": filename or "XLSX", "size": MAX_XLSX_UNPACKED // (1024 * 1024)})
            for member in members:
                if not member.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with archive.open(member) as stream:
                    if declares_doctype(iter(lambda s=stream: s.read(_CHUNK), b"")):
                        raise _not_xlsx(filename, _("%(part)s declares a document type.") % {
                                "part": member.filename})
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError,
            EOFError, ValueError) as exc:
        if isinstance(exc, UploadError):
            raise
        raise _not_xlsx(filename, exc) from None


def read_xlsx(data: bytes, filename: str = "", progress: RowsRead | None = None) -> UploadedTable:
    """Parse the first sheet of XLSX bytes (values, not formulas); `progress` is told the
    number of rows read now and then."""
    from openpyxl import load_workbook

    check_archive(data, filename)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a malformed file
        raise _not_xlsx(filename, exc) from None
    try:
        if not book.worksheets:
            raise UploadError(_("%(name)s has no sheet.") % {"name": filename or "XLSX"})
        rows = book.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True)
        records = [[_cell(v) for v in row] for row in _limited(rows, filename, progress)]
    except UploadError:
        raise
    except Exception as exc:  # a sheet's XML broken half-way, a cell of an unknown type, ...
        raise _not_xlsx(filename, exc) from None
    finally:
        book.close()
    return _table(records, filename, text=False)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(records: list[list[Any]], filename: str, *, text: bool, **meta: str) -> UploadedTable:
    while records and all(_is_blank(v) for v in records[-1]):
        records.pop()
    if not records:
        raise UploadError(_("%(name)s is empty.") % {"name": filename or _("The file")})
    headers = ["" if v is None else str(v).strip() for v in records[0]]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise UploadError(_("The first row of %(name)s must name the columns.") % {
                "name": filename or _("the file")})
    width = len(headers)
    rows = []
    for record in records[1:]:
        row = [("" if v is None else (unguard_text(v) if text and isinstance(v, str) else v))
               for v in record[:width]]
        rows.append(row + [""] * (width - len(row)))
    return UploadedTable(headers, rows, filename, meta.get("encoding", ""),
                         meta.get("delimiter", ""))


def read_upload(data: bytes, filename: str, progress: RowsRead | None = None) -> UploadedTable:
    """Parse an uploaded file by its extension (`.csv`, `.txt`, `.xlsx`); `progress` is
    told the number of data rows read now and then."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(_("%(name)s is larger than %(size)d MB.") % {
                "name": filename, "size": MAX_UPLOAD_BYTES // (1024 * 1024)})
    extension = PurePath(filename).suffix.lower()
    if extension in (".xlsx", ".xlsm"):
        return read_xlsx(data, filename, progress)
    if extension in (".csv", ".txt", ".tsv"):
        return read_csv(data, filename, progress)
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, filename, progress)
    raise UploadError(_("%(name)s: choose a CSV or an Excel (.xlsx) file.") % {"name": filename})


def is_blank_row(row: list[Any]) -> bool:
    """Whether a data row has nothing in it."""
    return all(_is_blank(v) for v in row)


def as_text(value: Any) -> str:
    """A cell as text (dates as ISO)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return "" if value is None else str(value)
