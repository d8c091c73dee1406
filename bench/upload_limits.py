"""What a hostile spreadsheet costs now: an XLSX of a million tiny rows (a few MB) is refused
after `MAX_ROWS` rows, and a 16 MB CSV is read within the row limit.

Run: `.venv/bin/python bench/upload_limits.py [--rows 1000000]`.
Target: the refusal comes after reading `MAX_ROWS` rows only, whatever the file's length;
times are wall-clock (in the server this work runs in a worker thread, off the event loop).
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def million_rows_xlsx(rows: int) -> bytes:
    """An XLSX with a header and `rows` rows of two tiny cells."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet")
    sheet.append(["Naam", "Gemeente"])
    for _ in range(rows):
        sheet.append(["a", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measure(label: str, data: bytes, filename: str) -> None:
    """Read one upload and print the time, the process's peak memory so far and the outcome."""
    from core.i18n import use_language
    from core.importing import UploadError, read_upload

    start = time.perf_counter()
    with use_language("en"):
        try:
            outcome = f"{len(read_upload(data, filename).rows)} rows read"
        except UploadError as exc:
            outcome = f"refused: {exc}"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {len(data) / 1e6:.1f} MB in {seconds:.2f} s, peak RSS {peak:.0f} MB, "
          f"{outcome}")


def main() -> None:
    """Measure the XLSX and the CSV case."""
    from core.importing.reader import MAX_UPLOAD_BYTES

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    measure("xlsx", million_rows_xlsx(rows), "big.xlsx")
    line = b"Klant;Gent\n"
    measure("csv", b"Naam;Gemeente\n" + line * ((MAX_UPLOAD_BYTES - 100) // len(line)), "big.csv")


if __name__ == "__main__":
    main()
