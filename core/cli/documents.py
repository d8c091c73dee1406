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
    UBL_ADDON,
    BatchExport,
    FolderWriter,
    Writer,
    ZipWriter,
    file_name,
)
from core.cli.output import console, done, errors, fail, note
from core.cli.state import current_app
from core.tenants.service import find_tenant

cli = typer.Typer(help="Documents: batch export.", no_args_is_help=True)


class Kind(enum.StrEnum):
    """The kinds that can be exported."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class Format(enum.StrEnum):
    """The file formats of an export."""

    PDF = "pdf"
    UBL = "ubl"


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


def _check_ubl(tenant_id: int, slug: str) -> None:
    app = current_app()
    if UBL_ADDON not in app.catalogue:
        fail("UBL export needs the PEPPOL app, which is not installed")
    with app.tenant_context(tenant_id) as ctx:
        if not ctx.is_active(UBL_ADDON):
            fail(f"UBL export needs the PEPPOL app, which is off for {slug}: "
                 f"switch it on with `facturo addons on {slug} {UBL_ADDON}`")


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
    fmt: Format = typer.Option(Format.PDF, "--format", help="PDF, or UBL (PEPPOL e-invoice)."),
    out: Path | None = typer.Option(None, "--out", help="Folder for one file per document."),
    zip_file: Path | None = typer.Option(None, "--zip", help="Write one zip file instead."),
    workers: int = typer.Option(DEFAULT_WORKERS, "--workers", min=1,
                                help="Processes rendering documents (one per core)."),
) -> None:
    """Export every posted document of a kind, one file per document named by its number."""
    app = current_app()
    found = find_tenant(app, tenant)
    if fmt == Format.UBL:
        _check_ubl(found.id, found.slug)
    batch = BatchExport(app, found.id, kind.value, fmt.value, workers=workers)
    writer = _writer(out, zip_file)
    failures: list[tuple[str, str]] = []
    written = 0
    started = time.perf_counter()
    try:
        with batch, _progress() as progress:
            task = progress.add_task(f"{kind.value} → {fmt.value}", total=batch.total, rate="")
            for chunk in batch.results():
                for number, data, error in chunk:
                    if data is None:
                        failures.append((number, error))
                    else:
                        writer.write(file_name(number, fmt.value), data)
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
    done(f"{written} {fmt.value.upper()} files written to {target} "
         f"in {elapsed:.1f} s ({batch.workers} workers)")
    for number, error in failures:
        errors.print(f"[red]{escape(number)}: {escape(error)}[/]", soft_wrap=True)
    if failures:
        fail(f"{len(failures)} documents could not be exported")
