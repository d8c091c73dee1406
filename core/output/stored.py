"""The PDF of a posted document: rendered once when it is posted, served from the store after.

A posted document prints what was issued: its PDF is kept in `document_files`
(`core.output.models`), so a later change of the company settings, the theme or the customer
(a merge) never alters it. A draft is rendered live every time.

Posting itself never renders: a batch posts thousands of documents, and a render costs some
90 ms that must not be spent holding the write lock and the numbering counter. So:

- `post_and_store(app, tenant_id, document_id)` posts in its own unit of work, commits it,
  then renders and stores the PDF. For callers that own the unit of work: the CLI, scripts,
  jobs.
- `store_posted_pdf(app, tenant_id, document_id)` is that second half alone, for a caller
  that posts inside a unit of work it does not own (a web page): run it once that unit of
  work is committed, e.g. as the `BackgroundTask` of the page's response. It renders in a
  read-only unit of work and writes the row in a short one of its own.
- `document_pdf(ctx, document)` is the PDF to show or send: the stored one of a posted
  document, drawn now for a draft or once something was paid or credited.
- `posted_pdf(ctx, document)` returns the stored PDF, and renders and stores it when it is
  missing (a crash between posting and storing, documents posted in bulk).
- `store_missing_pdfs(app, tenant_id)` stores every posted document's missing PDF at once
  (the demo does, after seeding its documents).

Whenever it is drawn, a stored PDF shows the document as it was issued (`issued_view`):
payments and credit notes recorded after posting are not printed on it.

A PDF is never drawn for good while an addon that is on for the tenant is broken (it could
not print its part): `AddonBroken` names it, and nothing is stored.

A document shown without prices (`document_hides_prices`, a print option of a delivery note
that may change after posting) has its own stored PDF beside the one with prices (kind
`pdf_without_prices`); each is frozen from its first rendering.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING

from sqlalchemy import exists, select
from sqlalchemy.exc import DBAPIError

from core.addons.errors import AddonBroken
from core.documents.models import Document, DocumentState
from core.documents.posting import post_document
from core.output.adapter import amount_settled, build_view, prices_hidden
from core.output.models import DocumentFile, FileKind
from core.output.pdf import render_pdf
from core.output.view import DocumentView

if TYPE_CHECKING:
    from core.context import Context, Kernel

log = logging.getLogger(__name__)


class StoredFileCorrupt(RuntimeError):
    """A stored file no longer matches the checksum it was stored with."""


def issued_view(ctx: Context, document: Document) -> DocumentView:
    """The document as it was issued: what its stored PDF shows, whenever it is drawn.

    Payments and credit notes recorded after posting are left out, so an invoice credited
    before its PDF was first drawn still prints what it asked to be paid.
    """
    return build_view(ctx, document, issued=True)


def pdf_kind(ctx: Context, document: Document) -> str:
    """Which stored PDF the document prints as now: with or without prices."""
    return FileKind.PDF_WITHOUT_PRICES if prices_hidden(ctx, document) else FileKind.PDF


def stored_file(ctx: Context, document_id: int, kind: str = FileKind.PDF) -> DocumentFile | None:
    """The stored file of a document, or None (its bytes are read on access)."""
    return ctx.session.scalars(
        select(DocumentFile).where(
            DocumentFile.document_id == document_id, DocumentFile.kind == kind
        )
    ).first()


def file_bytes(found: DocumentFile) -> bytes:
    """The bytes of a stored file, checked against their SHA-256."""
    content = bytes(found.content)
    if hashlib.sha256(content).hexdigest() != found.sha256:
        raise StoredFileCorrupt(
            f"the stored {found.kind} of document {found.document_id} does not match its "
            "checksum; restore it from a backup"
        )
    return content


def _require_posted(document: Document) -> None:
    if document.is_draft:
        raise ValueError(f"document {document.id} is a draft: its PDF is rendered, never stored")


def _require_loaded(ctx: Context) -> None:
    """Refuse to draw a PDF for good while an addon that is on cannot print its part."""
    for addon_id in sorted(ctx.broken):
        reason = ctx.app.catalogue.broken.get(addon_id, "not installed")
        raise AddonBroken(addon_id, "document_pdf_blocks", reason)


def _insert(ctx: Context, document: Document, kind: str, pdf: bytes) -> DocumentFile:
    """Store `pdf`, unless the same file was stored meanwhile: then that one is kept."""
    row = DocumentFile(
        document_id=document.id,
        kind=kind,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        content=pdf,
    )
    try:
        with ctx.session.begin_nested():
            ctx.session.add(row)
    except DBAPIError:
        found = stored_file(ctx, document.id, kind)
        if found is None:
            raise
        return found
    return row


def store_pdf(ctx: Context, document: Document) -> DocumentFile:
    """Render the posted document's PDF and store it; one stored already is kept as it is."""
    _require_posted(document)
    kind = pdf_kind(ctx, document)
    found = stored_file(ctx, document.id, kind)
    if found is not None:
        return found
    _require_loaded(ctx)
    return _insert(ctx, document, kind, render_pdf(issued_view(ctx, document)))


def posted_pdf(ctx: Context, document: Document) -> bytes:
    """The stored PDF of a posted document; rendered and stored now when it is missing.

    When storing fails because another writer got in between (SQLite refuses a write after
    a read it overtook; PostgreSQL refuses a second copy), the rendered bytes are served and
    the next request stores them.
    """
    _require_posted(document)
    kind = pdf_kind(ctx, document)
    found = stored_file(ctx, document.id, kind)
    if found is not None:
        return file_bytes(found)
    _require_loaded(ctx)
    pdf = render_pdf(issued_view(ctx, document))
    try:
        stored = _insert(ctx, document, kind, pdf)
    except DBAPIError as exc:
        log.info("PDF of document %s served without storing it: %s", document.id, exc)
        return pdf
    return pdf if stored.sha256 == hashlib.sha256(pdf).hexdigest() else file_bytes(stored)


def store_posted_pdf(app: Kernel, tenant_id: int, document_id: int) -> bool:
    """Render and store the PDF of a posted document, in units of work of its own.

    Call it after the unit of work that posted the document is committed: it renders
    without any lock and takes the write lock only to insert the row. False when the
    document is (still) a draft or gone: nothing to store.
    """
    with app.tenant_context(tenant_id, read_only=True) as ctx:
        document = ctx.session.get(Document, document_id)
        if document is None or document.is_draft:
            return False
        kind = pdf_kind(ctx, document)
        if stored_file(ctx, document_id, kind) is not None:
            return True
        _require_loaded(ctx)
        pdf = render_pdf(issued_view(ctx, document))
    with app.tenant_context(tenant_id, write=True) as ctx:
        document = ctx.session.get(Document, document_id)
        if document is None:
            return False
        _insert(ctx, document, kind, pdf)
    return True


def post_and_store(
    app: Kernel, tenant_id: int, document_id: int, *, user_id: int | None = None
) -> Document:
    """Post a draft in a unit of work of its own, then store its PDF (see the module).

    Posting errors (`ValidationFailed`, `DocumentLocked`, ...) are raised as
    `post_document` raises them, with nothing kept. Once the posting is committed, a failure
    to render is logged, not raised: the document is posted, and its PDF is rendered and
    stored on first use instead.
    """
    with app.tenant_context(tenant_id, user_id=user_id, write=True) as ctx:
        document = post_document(ctx, document_id)
    try:
        store_posted_pdf(app, tenant_id, document.id)
    except Exception:
        log.exception("document %s is posted; its PDF will be stored on first use", document.id)
    return document


def store_missing_pdfs(app: Kernel, tenant_id: int) -> int:
    """Store the PDF of every posted document of the tenant that has none yet; how many.

    For documents posted without it (the demo, batches, a crash between posting and
    storing); each one is rendered and stored as `store_posted_pdf` does.
    """
    with app.tenant_context(tenant_id) as ctx:
        missing = list(ctx.session.scalars(
            select(Document.id)
            .where(Document.state != DocumentState.DRAFT,
                   ~exists().where(DocumentFile.document_id == Document.id))
            .order_by(Document.id)
        ))
    return sum(store_posted_pdf(app, tenant_id, document_id) for document_id in missing)


def document_pdf(ctx: Context, document: Document) -> bytes:
    """The document's PDF: the stored one of a posted document, rendered now for a draft.

    Once something is paid or credited, the PDF is rendered now from the frozen document,
    with the total, what was paid and what is still due, and its QR code asks for the latter;
    the stored PDF stays the copy as issued.

    Rendering is CPU-bound (some 90 ms): from an `async` handler, call this in a worker thread.
    """
    if document.is_draft or amount_settled(document):
        return render_pdf(build_view(ctx, document))
    return posted_pdf(ctx, document)
