"""Turning documents into others: a quote into an invoice, delivery notes into one invoice.

The target is a new draft with the source's customer, language, regime and currency and a
copy of its lines (prices as agreed, addon lines included); a link records where it came
from and the `document_converted` hook tells the addons.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from core.documents import persist
from core.documents.credit import copy_line, draft_like
from core.documents.discounts import apply_customer, copy_allowances
from core.documents.errors import DocumentError
from core.documents.kinds import get_kind, kind_of
from core.documents.lines import compute_line, make_line, refresh
from core.documents.models import Document, DocumentLink, DocumentState, LineType
from core.documents.records import document_record
from core.documents.service import save_new
from core.documents.state import label, load
from core.i18n import N_, _

if TYPE_CHECKING:
    from core.context import Context

CONVERSION_LINK = "conversion"

MSG_NO_SOURCES = N_("Choose at least one document to invoice.")
MSG_MIXED = N_("Only documents of the same customer, currency and VAT regime can be merged.")
MSG_SAME_KIND = N_("A document cannot be converted into its own kind.")
MSG_CANCELLED = N_("%(document)s is cancelled and can no longer be converted.")


def _copy_lines(target: Document, source: Document) -> None:
    for line in source.lines:
        copied = copy_line(target, line)
        compute_line(target, copied, line.vat_category)
        target.lines.append(copied)


def _customer_discounts(ctx: Context, target: Document, *, general: bool) -> None:
    row = persist.contact_row(ctx, target.customer_id)
    if row is not None:
        apply_customer(target, row, payable=kind_of(ctx, target.kind).payable, general=general)


def _not_cancelled(ctx: Context, sources: Sequence[Document]) -> None:
    """Refuse cancelled sources. Their rows are read locked (PostgreSQL) until the commit: a
    cancellation running meanwhile waits, then sees the conversion and is refused."""
    by_id = {source.id: source for source in sources}
    rows = ctx.session.execute(
        select(Document.id, Document.state).where(Document.id.in_(sorted(by_id)))
        .order_by(Document.id).with_for_update())
    for document_id, state in rows:
        if state == DocumentState.CANCELLED:
            raise DocumentError(_(MSG_CANCELLED) % {"document": label(ctx, by_id[document_id])})


def _link(ctx: Context, source: Document, target: Document) -> None:
    ctx.session.add(
        DocumentLink(source_id=source.id, target_id=target.id, link_type=CONVERSION_LINK)
    )


def convert(
    ctx: Context, source: Document | int, target_kind: str, *, issue_date: date | None = None
) -> Document:
    """A new draft of `target_kind` copied from `source`, linked to it."""
    origin = load(ctx, source)
    if origin.kind == target_kind:
        raise DocumentError(_(MSG_SAME_KIND))
    _not_cancelled(ctx, [origin])
    get_kind(ctx, target_kind)
    target = draft_like(ctx, origin, target_kind, issue_date)
    _copy_lines(target, origin)
    copy_allowances(target, origin)
    _customer_discounts(ctx, target, general=False)
    refresh(ctx, target, extra=False)
    save_new(ctx, target)
    _link(ctx, origin, target)
    ctx.call("document_converted", source=document_record(origin),
             target=document_record(target))
    refresh(ctx, target, extra=False)
    ctx.session.flush()
    return target


def merge_into_invoice(
    ctx: Context,
    sources: Sequence[Document | int],
    *,
    target_kind: str = "invoice",
    issue_date: date | None = None,
    heading: Callable[[Document, Document], str] | None = None,
) -> Document:
    """One draft invoice from several documents (e.g. delivery notes) of one customer.

    Each source's lines come under a subtitle naming it (kind and number, or what
    `heading(source, target)` returns); each source is linked.
    """
    origins = [load(ctx, item) for item in sources]
    if not origins:
        raise DocumentError(_(MSG_NO_SOURCES))
    first = origins[0]
    if any(
        (o.customer_id, o.currency, o.vat_regime)
        != (first.customer_id, first.currency, first.vat_regime)
        for o in origins
    ):
        raise DocumentError(_(MSG_MIXED))
    _not_cancelled(ctx, origins)
    get_kind(ctx, target_kind)
    target = draft_like(ctx, first, target_kind, issue_date)
    target.notes = ""
    for origin in origins:
        label = kind_of(ctx, origin.kind).label(target.language)
        text = f"{label} {origin.number or ''}".strip()
        target.lines.append(
            make_line(
                target,
                line_type=LineType.SUBTITLE,
                description=heading(origin, target) if heading else text,
            )
        )
        compute_line(target, target.lines[-1])
        _copy_lines(target, origin)
    _customer_discounts(ctx, target, general=True)
    refresh(ctx, target, extra=False)
    save_new(ctx, target)
    for origin in origins:
        _link(ctx, origin, target)
        ctx.call("document_converted", source=document_record(origin),
                 target=document_record(target))
    refresh(ctx, target, extra=False)
    ctx.session.flush()
    return target


def linked_targets(ctx: Context, source: Document | int) -> list[Document]:
    """The documents made from a document (conversions and credit notes)."""
    origin = load(ctx, source)
    return list(
        ctx.session.scalars(
            select(Document)
            .join(DocumentLink, DocumentLink.target_id == Document.id)
            .where(DocumentLink.source_id == origin.id)
            .order_by(Document.id)
        )
    )


def linked_sources(ctx: Context, target: Document | int) -> list[Document]:
    """The documents a document was made from."""
    made = load(ctx, target)
    return list(
        ctx.session.scalars(
            select(Document)
            .join(DocumentLink, DocumentLink.source_id == Document.id)
            .where(DocumentLink.target_id == made.id)
            .order_by(Document.id)
        )
    )
