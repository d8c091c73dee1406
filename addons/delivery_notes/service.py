"""Delivery notes: hidden prices, and several notes of one customer invoiced at once.

A note is invoiced when a link leads from it to an invoice (a kind that is a sale and not a
credit): the link is the mark, so deleting a draft invoice makes its notes invoiceable again
and nothing can disagree with the documents themselves. An invoiced note is refused when
asked on another invoice, and an invoice holding a note that a posted invoice already holds
cannot be posted (a conversion made around this service included).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from babel.dates import format_date
from sqlalchemy import ColumnElement, and_, bindparam, exists, select
from sqlalchemy.orm import aliased

from addons.delivery_notes.kinds import DELIVERY_NOTE
from addons.delivery_notes.models import DeliveryNoteOptions
from addons.delivery_notes.translation import N_, _
from core.api import (
    DOCUMENTS,
    Document,
    DocumentError,
    DocumentLink,
    DocumentState,
    announced,
    forget_after_writes,
    merge_into_invoice,
)
from core.api import load_document as load
from core.api import registered_kinds as registered

if TYPE_CHECKING:
    from core.api import Context

INVOICE = "invoice"
HEADINGS = {
    "nl": "Leveringsbon {number} van {date}",
    "fr": "Bon de livraison {number} du {date}",
    "en": "Delivery note {number} of {date}",
    "de": "Lieferschein {number} vom {date}",
}
DATE_PATTERNS = {"de": "dd.MM.yyyy"}
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_BE", "de": "de_BE"}

MSG_NOT_A_NOTE = N_("Document %(number)s is not a delivery note.")
MSG_NOT_POSTED = N_("Delivery note %(id)s is still a draft: save it as final (numbered) first.")
MSG_INVOICED = N_("Delivery note %(number)s is already invoiced (%(invoice)s).")
MSG_TWICE = N_("Delivery note %(number)s is chosen twice.")
MSG_NONE = N_("Choose at least one delivery note to invoice.")


class DeliveryNoteError(DocumentError):
    """A delivery-note operation that cannot be done; `str(error)` says why."""


def invoice_kinds(ctx: Context) -> list[str]:
    """The kinds that invoice a delivery note: sales that are not credits."""
    return [
        kind.id
        for kind in registered(ctx.app.catalogue).values()
        if kind.vat_sale and not kind.is_credit
    ]


def heading(note: Document, language: str) -> str:
    """The subtitle above a note's lines on an invoice: "Leveringsbon LB2026-0003 van
    12/03/2026", in the invoice's language."""
    pattern = DATE_PATTERNS.get(language, "dd/MM/yyyy")
    day = format_date(note.issue_date, pattern, locale=LOCALES.get(language, "nl_BE"))
    template = HEADINGS.get(language, HEADINGS["en"])
    return template.format(number=note.number or note.id, date=day)


def invoices_of(ctx: Context, note_ids: Sequence[int]) -> dict[int, Document]:
    """The invoice of each invoiced note among `note_ids` ({note id: invoice})."""
    if not note_ids:
        return {}
    rows = ctx.session.execute(
        select(DocumentLink.source_id, Document)
        .join(Document, Document.id == DocumentLink.target_id)
        .where(DocumentLink.source_id.in_(list(note_ids)), Document.kind.in_(invoice_kinds(ctx)))
        .order_by(Document.id)
    )
    found: dict[int, Document] = {}
    for note_id, invoice in rows:
        found.setdefault(note_id, invoice)
    return found


def invoice_of(ctx: Context, note: Document | int) -> Document | None:
    """The invoice (draft or posted) a note is on, or None."""
    doc = load(ctx, note)
    return invoices_of(ctx, [doc.id]).get(doc.id)


def is_invoiced(ctx: Context, note: Document | int) -> bool:
    """Whether a note is on an invoice."""
    return invoice_of(ctx, note) is not None


def still_to_invoice(ctx: Context) -> ColumnElement[bool]:
    """A WHERE clause on `Document`: a posted (not cancelled) delivery note that no invoice
    holds."""
    target = aliased(Document)
    invoiced = exists().where(
        DocumentLink.source_id == Document.id,
        DocumentLink.target_id == target.id,
        target.kind.in_(invoice_kinds(ctx)),
    )
    return and_(
        Document.kind == DELIVERY_NOTE.id,
        Document.state.not_in((DocumentState.DRAFT, DocumentState.CANCELLED)),
        ~invoiced,
    )


def uninvoiced_notes(ctx: Context, customer_id: int | None = None) -> list[Document]:
    """Posted delivery notes not on any invoice yet, oldest first (optionally of a customer)."""
    query = select(Document).where(still_to_invoice(ctx))
    if customer_id is not None:
        query = query.where(Document.customer_id == customer_id)
    return list(ctx.session.scalars(query.order_by(Document.issue_date, Document.number)))


def _invoiceable(ctx: Context, notes: Sequence[Document | int]) -> list[Document]:
    docs = [load(ctx, note) for note in notes]
    if not docs:
        raise DeliveryNoteError(_(MSG_NONE))
    seen: set[int] = set()
    for doc in docs:
        if doc.kind != DELIVERY_NOTE.id:
            raise DeliveryNoteError(_(MSG_NOT_A_NOTE) % {"number": doc.number or doc.id})
        if doc.is_draft:
            raise DeliveryNoteError(_(MSG_NOT_POSTED) % {"id": doc.id})
        if doc.id in seen:
            raise DeliveryNoteError(_(MSG_TWICE) % {"number": doc.number})
        seen.add(doc.id)
    done = invoices_of(ctx, [doc.id for doc in docs])
    for doc in docs:
        if doc.id in done:
            raise DeliveryNoteError(
                _(MSG_INVOICED)
                % {"number": doc.number, "invoice": done[doc.id].number or _("draft")}
            )
    return sorted(docs, key=lambda doc: (doc.issue_date, doc.number or ""))


def invoice_notes(
    ctx: Context,
    notes: Sequence[Document | int],
    *,
    issue_date: date | None = None,
    target_kind: str = INVOICE,
) -> Document:
    """One draft invoice from posted delivery notes of one customer, oldest note first.

    Each note's lines come under a subtitle naming it and its date; each note is linked to
    the invoice, which marks it invoiced. Refused when a note is a draft, is not a delivery
    note, is already invoiced, or when the notes are of different customers.
    """
    docs = _invoiceable(ctx, notes)
    return merge_into_invoice(
        ctx,
        docs,
        target_kind=target_kind,
        issue_date=issue_date,
        heading=lambda note, invoice: heading(note, invoice.language),
    )


_LINKS = DocumentLink.__table__
_HAS_SOURCES = (
    select(_LINKS.c.id)
    .where(_LINKS.c.tenant_id == bindparam("t_id"), _LINKS.c.target_id == bindparam("doc_id"))
    .limit(1)
)


_WITH_SOURCES = (
    select(_LINKS.c.target_id)
    .where(
        _LINKS.c.tenant_id == bindparam("t_id"),
        _LINKS.c.target_id.in_(bindparam("doc_ids", expanding=True)),
    )
    .distinct()
)
_IDS_PER_QUERY = 500
_SOURCES_AHEAD = "facturo.delivery_notes.sources_ahead"


def _has_sources(ctx: Context, invoice: Document) -> bool:
    """Whether any document (a note, a quote, ...) leads to the invoice; one indexed read,
    or one for all the documents announced together (a batch being posted)."""
    session = ctx.session
    if any(isinstance(obj, DocumentLink) for obj in session.new):
        return True  # links not yet written: let the full query flush and read them
    ahead = announced(session, DOCUMENTS)
    if invoice.id not in ahead:
        params = {"t_id": ctx.tenant_id, "doc_id": invoice.id}
        return session.connection().execute(_HAS_SOURCES, params).first() is not None
    memo = session.info.get(_SOURCES_AHEAD)
    if memo is None or memo[0] is not ahead:
        ids, found = sorted(ahead), set()
        for start in range(0, len(ids), _IDS_PER_QUERY):
            params = {"t_id": ctx.tenant_id, "doc_ids": ids[start:start + _IDS_PER_QUERY]}
            found.update(session.connection().execute(_WITH_SOURCES, params).scalars())
        memo = session.info[_SOURCES_AHEAD] = (ahead, found)
    return invoice.id in memo[1]


forget_after_writes(_SOURCES_AHEAD, DocumentLink)


def invoiced_elsewhere(ctx: Context, invoice: Document) -> list[str]:
    """Why an invoice cannot be posted: notes on it that a posted invoice already holds
    (of two drafts holding a note, the first posted wins)."""
    if not _has_sources(ctx, invoice):
        return []
    other = aliased(Document)
    own = aliased(DocumentLink)
    rows = ctx.session.execute(
        select(Document.number, other.number, other.id)
        .join(own, own.source_id == Document.id)
        .join(DocumentLink, DocumentLink.source_id == Document.id)
        .join(other, other.id == DocumentLink.target_id)
        .where(
            own.target_id == invoice.id,
            Document.kind == DELIVERY_NOTE.id,
            other.id != invoice.id,
            other.kind.in_(invoice_kinds(ctx)),
            other.state != DocumentState.DRAFT,
        )
    )
    return [
        _(MSG_INVOICED) % {"number": note_number, "invoice": number or _("draft")}
        for note_number, number, _id in rows
    ]


def _options(ctx: Context, note: Document) -> DeliveryNoteOptions | None:
    return ctx.session.scalars(
        select(DeliveryNoteOptions).where(DeliveryNoteOptions.document_id == note.id)
    ).first()


def prices_hidden(ctx: Context, note: Document | int) -> bool:
    """Whether the note is shown to the customer without prices and amounts."""
    options = _options(ctx, load(ctx, note))
    return bool(options and options.hide_prices)


def set_prices_hidden(ctx: Context, note: Document | int, hidden: bool = True) -> None:
    """Show or hide the prices of a delivery note (also once posted: it is a print option;
    the stored prices stay and go to the invoice)."""
    doc = load(ctx, note)
    if doc.kind != DELIVERY_NOTE.id:
        raise DeliveryNoteError(_(MSG_NOT_A_NOTE) % {"number": doc.number or doc.id})
    options = _options(ctx, doc)
    if options is None:
        options = DeliveryNoteOptions(document_id=doc.id, hide_prices=hidden)
        ctx.session.add(options)
    options.hide_prices = hidden
    ctx.session.flush()
