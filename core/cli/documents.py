"""`facturo documents export`: every posted invoice or credit note of a tenant as PDF or UBL
files, into a folder or a zip file, rendered on every core."""

from __future__ import annotations

import enum
import time
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from core.cli.document_export import (
    DEFAULT_WORKERS,
    BatchExport,
    FolderWriter,
    Writer,
    ZipWriter,
    file_name,
)
from core.cli.output import console, done, errors, fail, note
from core.cli.state import current_app
from core.output.formats import ExportFormat, export_formats
from core.tenants.service import find_tenant

cli = typer.Typer(help="Documents: batch export.", no_args_is_help=True)


class Kind(enum.StrEnum):
    """The kinds that can be exported."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


def _writer(out: Path | None, zip_file: Path | None) -> Writer:
    if (out is None) == (zip_file is None):
        fail("give either --out DIR (one file per document) or --zip FILE (one zip file)")
    if zip_file is not None:
        if zip_file.is_dir():
            fail(f"{zip_file} is a folder; --zip takes the path of the zip file to write")
        return ZipWriter(zip_file)
    assert out is not None
    if out.exists() and not out.is_dir():
        fail(f"{out} is a file; --out takes a folder")
    return FolderWriter(out)


def _format(name: str, tenant_id: int, slug: str) -> ExportFormat:
    """The export format called `name`, if the tenant may use it; else the command fails."""
    app = current_app()
    formats = export_formats(app.catalogue)
    fmt = formats.get(name.lower())
    if fmt is None:
        fail(f"unknown format {name!r}; choose one of {', '.join(formats)}")
    if fmt.addon_id is not None:
        with app.tenant_context(tenant_id, read_only=True) as ctx:
            if not ctx.is_active(fmt.addon_id):
                fail(f"{fmt.name.upper()} export needs the app {fmt.addon_id}, which is off "
                     f"for {slug}: switch it on with `facturo addons on {slug} {fmt.addon_id}`")
    return fmt


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )


@cli.command("export")
def export(
    tenant: str = typer.Argument(..., help="The tenant's identifier (slug) or id."),
    kind: Kind = typer.Option(Kind.INVOICE, "--kind", help="Which documents."),
    format_name: str = typer.Option(
        "pdf", "--format", help="pdf, or a format an app adds (ubl: PEPPOL e-invoice)."
    ),
    out: Path | None = typer.Option(None, "--out", help="Folder for one file per document."),
    zip_file: Path | None = typer.Option(None, "--zip", help="Write one zip file instead."),
    workers: int = typer.Option(DEFAULT_WORKERS, "--workers", min=1,
                                help="Processes rendering documents (one per core)."),
) -> None:
    """Export every posted document of a kind, one file per document named by its number."""
    app = current_app()
    found = find_tenant(app, tenant)
    fmt = _format(format_name, found.id, found.slug)
    batch = BatchExport(app, found.id, kind.value, fmt.name, workers=workers)
    writer = _writer(out, zip_file)
    failures: list[tuple[str, str]] = []
    written = 0
    started = time.perf_counter()
    try:
        with batch, _progress() as progress:
            task = progress.add_task(f"{kind.value} → {fmt.name}", total=batch.total, rate="")
            for chunk in batch.results():
                for number, data, error in chunk:
                    if data is None:
                        failures.append((number, error))
                    else:
                        writer.write(file_name(number, fmt), data)
                        written += 1
                elapsed = time.perf_counter() - started
                progress.update(task, advance=len(chunk),
                                rate=f"{(written + len(failures)) / elapsed:.1f} docs/s")
    except BaseException:
        if isinstance(writer, ZipWriter):
            writer.abort()
        raise
    writer.close()
    target = zip_file if zip_file is not None else out
    elapsed = time.perf_counter() - started
    if not batch.total:
        note(f"{found.slug} has no posted {kind.value} documents")
    done(f"{written} {fmt.name.upper()} files written to {target} "
         f"in {elapsed:.1f} s ({batch.workers} workers)")
    for number, error in failures:
        errors.print(f"[red]{escape(number)}: {escape(error)}[/]", soft_wrap=True)
    if failures:
        fail(f"{len(failures)} documents could not be exported")
