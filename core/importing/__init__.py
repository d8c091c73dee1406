"""Importing and exporting lists (contacts, products, ...) in three steps.

1. `read_upload(data, filename)` parses a CSV or XLSX file into an `UploadedTable`
   (`store_upload` keeps it between requests);
2. `guess_mapping(table.headers, importer.fields(ctx))` proposes which column feeds which
   field, in nl/fr/en;
3. `preview(ctx, importer, table, mapping)` checks every row and reports each error with its
   row number, column and reason; `commit(...)` imports all rows or none, after bad rows are
   fixed (`fixes`) or explicitly skipped (`skip`).

An entity plugs in by subclassing `EntityImporter`. `write_csv` / `write_xlsx` export.
"""

from core.importing.export import export_table, write_csv, write_xlsx
from core.importing.mapping import chosen_mapping, guess_mapping, normalise_header
from core.importing.pipeline import ImportRejected, ImportResult, Preview, commit, preview
from core.importing.reader import UploadedTable, UploadError, read_upload
from core.importing.spec import EntityImporter, ImportField, RowError
from core.importing.storage import discard_upload, load_upload, store_upload

__all__ = [
    "EntityImporter",
    "ImportField",
    "ImportRejected",
    "ImportResult",
    "Preview",
    "RowError",
    "UploadError",
    "UploadedTable",
    "chosen_mapping",
    "commit",
    "discard_upload",
    "export_table",
    "guess_mapping",
    "load_upload",
    "normalise_header",
    "preview",
    "read_upload",
    "store_upload",
    "write_csv",
    "write_xlsx",
]
