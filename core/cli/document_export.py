"""Batch export of a tenant's posted documents: one PDF or UBL file per document, named by
its number, into a folder or a zip file.

A posted document's PDF is the one stored when it was posted; one without a stored PDF (posted
in bulk) is rendered, and the export writes nothing to the database, so that workers never
wait for each other's writes. Rendering is CPU-bound (a PDF takes tens of milliseconds), so
the documents are split into chunks of ids and rendered by a pool of worker processes, each
with its own application and database engine; the parent process only writes what comes
back, in document order. The workers are forked once, before any progress display starts,
from a process whose database connections were closed first, so that no connection is
shared between processes.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.app import Facturo
from core.config import Settings
from core.documents.models import Document, DocumentState
from core.documents.records import document_record
from core.output.formats import ExportFormat, export_formats

if TYPE_CHECKING:
    from core.addons.catalogue import Catalogue
    from core.app import Facturo

DEFAULT_WORKERS = 2
DEFAULT_CHUNK = 20

_parent_catalogue: Catalogue | None = None
_worker_app: Facturo | None = None


class ExportError(ValueError):
    """The export cannot start; the message says why."""


def posted_ids(app: Facturo, tenant_id: int, kind: str) -> list[tuple[int, str]]:
    """(id, number) of every posted document of a kind, in number order."""
    with app.tenant_context(tenant_id) as ctx:
        rows = ctx.session.execute(
            select(Document.id, Document.number)
            .where(Document.kind == kind, Document.state != DocumentState.DRAFT,
                   Document.number.is_not(None))
            .order_by(Document.issue_date, Document.number, Document.id)
        )
        return [(row.id, row.number) for row in rows]


def chunked(items: Sequence[int], size: int) -> list[list[int]]:
    """The items in consecutive chunks of at most `size`."""
    size = max(1, size)
    return [list(items[start:start + size]) for start in range(0, len(items), size)]


def auto_chunk(count: int, workers: int) -> int:
    """A chunk size that gives every worker several chunks, at most `DEFAULT_CHUNK` each."""
    return max(1, min(DEFAULT_CHUNK, -(-count // (workers * 4))))


def file_name(number: str, fmt: ExportFormat) -> str:
    """The file of a document in the export: its number made safe, with the format's suffix."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", number).strip("._") or "document"
    return safe + fmt.suffix


Rendered = tuple[str, bytes | None, str]
"""(document number, file content or None, why it failed or "")."""


def render_documents(
    app: Facturo, tenant_id: int, ids: Sequence[int], fmt: str
) -> list[Rendered]:
    """Each document rendered, in the order of `ids`, in one transaction.

    A document that cannot be rendered (an e-invoice for a customer without a PEPPOL
    address, say) comes back without content and with the reason; the others go on.
    """
    render = export_formats(app.catalogue)[fmt].render
    results: list[Rendered] = []
    with app.tenant_context(tenant_id) as ctx:
        found = ctx.session.scalars(
            select(Document).where(Document.id.in_(list(ids)))
            .options(selectinload(Document.lines))
        ).all()
        by_id = {document.id: document for document in found}
        for doc_id in ids:
            document = by_id.get(doc_id)
            if document is None:
                continue
            number = document.number or str(doc_id)
            try:
                results.append((number, render(ctx, document_record(document)), ""))
            except ValueError as exc:
                results.append((number, None, str(exc)))
            except Exception as exc:  # one broken document must not stop the batch
                results.append((number, None, f"{type(exc).__name__}: {exc}"))
    return results


def _start_worker(database_url: str) -> None:
    """Give this worker process its own application and database engine."""
    global _worker_app
    settings = Settings(database_url=database_url, secret_key="batch-export")
    _worker_app = Facturo(settings, catalogue=_parent_catalogue)


def _render_chunk(tenant_id: int, ids: list[int], fmt: str) -> list[Rendered]:
    assert _worker_app is not None, "worker started without its application"
    return render_documents(_worker_app, tenant_id, ids, fmt)


class Writer(Protocol):
    """Where exported files go."""

    def write(self, name: str, data: bytes) -> None:
        """Store one file."""
        ...

    def close(self) -> None:
        """Finish: everything written is in place."""
        ...


class FolderWriter:
    """Files in a folder, each written to a temporary name first and then renamed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def write(self, name: str, data: bytes) -> None:
        """Write one file atomically."""
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, self.folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def close(self) -> None:
        """Nothing to finish: every file is in place once written."""


class ZipWriter:
    """One zip file, built under a temporary name and renamed into place when complete."""

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                        suffix=".part")
        os.close(handle)
        self.temporary = Path(name)
        self.archive = zipfile.ZipFile(self.temporary, "w", zipfile.ZIP_DEFLATED)

    def write(self, name: str, data: bytes) -> None:
        """Add one file to the archive."""
        self.archive.writestr(name, data)

    def close(self) -> None:
        """Complete the archive and put it in place."""
        self.archive.close()
        os.chmod(self.temporary, 0o644)
        os.replace(self.temporary, self.target)

    def abort(self) -> None:
        """Throw the unfinished archive away (an existing file at the target stays)."""
        self.archive.close()
        self.temporary.unlink(missing_ok=True)


class BatchExport:
    """The export of one kind of document of one tenant in one format.

    Use as a context manager: entering forks the workers and hands them every chunk;
    `results()` then yields the files in document order as they are ready.
    """

    def __init__(self, app: Facturo, tenant_id: int, kind: str, fmt: str, *,
                 workers: int = DEFAULT_WORKERS, chunk_size: int | None = None) -> None:
        formats = export_formats(app.catalogue)
        if fmt not in formats:
            raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(formats)}")
        self.app, self.tenant_id, self.kind, self.fmt = app, tenant_id, kind, fmt
        self.workers = max(1, workers)
        self.documents = posted_ids(app, tenant_id, kind)
        ids = [doc_id for doc_id, _number in self.documents]
        self.chunks = chunked(ids, chunk_size or auto_chunk(len(ids), self.workers))
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[list[Rendered]]] = []

    @property
    def total(self) -> int:
        """How many documents will be exported."""
        return len(self.documents)

    def __enter__(self) -> BatchExport:
        if self.workers > 1 and len(self.chunks) > 1:
            global _parent_catalogue
            _parent_catalogue = self.app.catalogue
            self.app.db.dispose()
            self._pool = ProcessPoolExecutor(
                max_workers=min(self.workers, len(self.chunks)),
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(self.app.settings.database_url,),
            )
            self._futures = [self._pool.submit(_render_chunk, self.tenant_id, chunk, self.fmt)
                             for chunk in self.chunks]
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            for future in self._futures:
                future.cancel()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def results(self) -> Iterator[list[Rendered]]:
        """(number, content or None, failure) of each chunk's documents, chunk by chunk."""
        if self._pool is None:
            for chunk in self.chunks:
                yield render_documents(self.app, self.tenant_id, chunk, self.fmt)
            return
        for future in self._futures:
            yield future.result()
