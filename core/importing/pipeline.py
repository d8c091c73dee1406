"""Steps 2 and 3 of an import: check every mapped row (preview), then import all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from core.audit.service import record
from core.context import Context
from core.i18n import _, ngettext
from core.importing.reader import UploadedTable, is_blank_row
from core.importing.spec import EntityImporter, RowError

PhaseProgress = Callable[[str, int, int], None]
Fixes = Mapping[int, Mapping[str, Any]]
SAMPLE_ROWS = 20


@dataclass
class Preview:
    """The outcome of checking a file: errors per row, or a green light to commit."""

    total_rows: int
    valid_rows: int
    errors: list[RowError]
    missing: list[str]
    sample: list[tuple[int, dict[str, Any]]]
    skipped: list[int] = field(default_factory=list)
    records: list[Any] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        """Whether a commit would import (no errors left, every required field fed)."""
        return not self.errors and not self.missing

    @property
    def rows_with_errors(self) -> list[int]:
        """The row numbers that have at least one error."""
        return sorted({error.row for error in self.errors})


@dataclass(frozen=True)
class ImportResult:
    """What a commit did."""

    created: int
    skipped: list[int]


class ImportRejected(Exception):
    """A commit refused because rows still have errors; nothing was imported."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        self.errors = preview.errors
        if preview.missing:
            text = _("No column feeds %(fields)s.") % {"fields": ", ".join(preview.missing)}
        else:
            count = len(preview.rows_with_errors)
            text = ngettext("%(count)d row has errors: fix or skip it; nothing was imported.",
                            "%(count)d rows have errors: fix or skip them; nothing was imported.",
                            count) % {"count": count}
        super().__init__(text)


def _check_rows(
    ctx: Context,
    importer: EntityImporter,
    table: UploadedTable,
    mapping: Mapping[int, str],
    skip: Collection[int],
    fixes: Fixes,
    progress: PhaseProgress | None,
) -> Preview:
    fields = {f.key: f for f in importer.fields(ctx)}
    mapping = {i: k for i, k in mapping.items() if k in fields and 0 <= i < len(table.headers)}
    column_of = {key: table.headers[index] or fields[key].label for index, key in mapping.items()}
    missing = [f.label for f in fields.values() if f.required and f.key not in column_of]
    importer.start(ctx)
    records: list[Any] = []
    errors: list[RowError] = []
    sample: list[tuple[int, dict[str, Any]]] = []
    total = len(table.rows)
    counted = skipped = 0
    for index, row in enumerate(table.rows):
        if progress is not None and index % 2000 == 0:
            progress("check", index, total)
        number = table.row_number(index)
        if is_blank_row(row):
            continue
        counted += 1
        if number in skip:
            skipped += 1
            continue
        values = {key: row[i] for i, key in mapping.items()}
        values.update(fixes.get(number, {}))
        if len(sample) < SAMPLE_ROWS:
            sample.append((number, values))
        if missing:
            continue
        checked, problems = importer.check(ctx, values)
        if problems:
            errors.extend(
                RowError(number, column_of.get(key, fields[key].label if key in fields else key),
                         key, reason)
                for key, reason in problems.items()
            )
        else:
            records.append(checked)
    if progress is not None:
        progress("check", total, total)
    return Preview(
        total_rows=counted, valid_rows=len(records), errors=errors, missing=missing,
        sample=sample, skipped=sorted(n for n in skip), records=records,
    )


def preview(
    ctx: Context,
    importer: EntityImporter,
    table: UploadedTable,
    mapping: Mapping[int, str],
    *,
    skip: Collection[int] = (),
    fixes: Fixes | None = None,
    progress: PhaseProgress | None = None,
) -> Preview:
    """Check every row as it would be imported; writes nothing.

    `skip` holds row numbers to leave out; `fixes` maps a row number to corrected values
    ({field key: value}) that replace what the file says.
    """
    return _check_rows(ctx, importer, table, mapping, set(skip), fixes or {}, progress)


def commit(
    ctx: Context,
    importer: EntityImporter,
    table: UploadedTable,
    mapping: Mapping[int, str],
    *,
    skip: Collection[int] = (),
    fixes: Fixes | None = None,
    progress: PhaseProgress | None = None,
) -> ImportResult:
    """Import every row, or none: `ImportRejected` while any row not skipped has an error.

    Runs in the context's transaction; an error while saving rolls everything back.
    """
    checked = _check_rows(ctx, importer, table, mapping, set(skip), fixes or {}, progress)
    if not checked.ok:
        raise ImportRejected(checked)

    def saving(done: int, total: int) -> None:
        if progress is not None:
            progress("save", done, total)

    created = importer.save(ctx, checked.records, saving)
    record(ctx, f"{importer.entity}.imported", importer.entity, None, {
        "file": table.filename, "created": created, "skipped_rows": checked.skipped,
    })
    return ImportResult(created=created, skipped=checked.skipped)
