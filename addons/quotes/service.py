"""Quotes: the customer's answer, and turning quotes into other documents.

The documents' `state` column belongs to core (draft → posted); the customer's answer is
kept in the addon's own table `quotes_decisions`, one row per quote. Not on the document's
`custom_data`: a quote is posted (numbered, frozen) when it is sent, and the answer comes
later. A quote is answered once posted; a changed mind replaces the answer, except that a
quote already turned into another document can no longer be declined.

A quote becomes an order confirmation, a delivery note (when that app is on) or an invoice;
an order confirmation a delivery note or an invoice. The new draft is linked to its source
(`DocumentLink`, seen from both sides through `related`). Converting a quote nobody
answered yet records it as accepted on that day, whatever surface converted it (the
`document_converted` hook); a declined quote is not converted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from addons.quotes.kinds import ORDER_CONFIRMATION, QUOTE
from addons.quotes.models import Decision, QuoteDecision
from addons.quotes.translation import N_, _
from core.api import (
    Document,
    DocumentError,
    DocumentKind,
    UnknownKind,
    kind_of,
    linked_sources,
    linked_targets,
)
from core.api import available_kinds as available
from core.api import convert_document as convert
from core.api import load_document as load
from core.api import record_audit as record

if TYPE_CHECKING:
    from core.api import Context

INVOICE = "invoice"
DELIVERY_NOTE = "delivery_note"
TARGETS: dict[str, tuple[str, ...]] = {
    QUOTE.id: (ORDER_CONFIRMATION.id, DELIVERY_NOTE, INVOICE),
    ORDER_CONFIRMATION.id: (DELIVERY_NOTE, INVOICE),
}

MSG_NOT_A_QUOTE = N_("Only a quote can be accepted or declined.")
MSG_NOT_CONVERTIBLE = N_("Only a quote or an order confirmation can be converted here.")
MSG_BAD_TARGET = N_("A %(source)s cannot be turned into a %(target)s.")
MSG_NOT_POSTED = N_("Save the %(kind)s as final (numbered) first.")
MSG_DECLINED = N_("The customer declined this quote; it cannot be converted.")
MSG_CONVERTED = N_("This quote was already converted; it can no longer be declined.")
MSG_BAD_DECISION = N_("A quote is accepted or declined, not %(decision)s.")


class QuoteError(DocumentError):
    """A quote operation that cannot be done; `str(error)` says why."""


@dataclass(frozen=True)
class Related:
    """The documents a document was made from, and those made from it."""

    sources: list[Document]
    targets: list[Document]


def _label(ctx: Context, kind_id: str) -> str:
    try:
        return kind_of(ctx, kind_id).label(ctx.language).lower()
    except UnknownKind:
        return kind_id


def decision_of(ctx: Context, document: Document | int) -> QuoteDecision | None:
    """The customer's answer to a quote, or None while there is none."""
    doc_id = document if isinstance(document, int) else document.id
    return ctx.session.scalars(
        select(QuoteDecision).where(QuoteDecision.document_id == doc_id)
    ).first()


def quote_status(ctx: Context, document: Document | int) -> str:
    """`draft`, `open` (sent, no answer), `accepted` or `declined`."""
    doc = load(ctx, document)
    if doc.is_draft:
        return "draft"
    answer = decision_of(ctx, doc)
    return "open" if answer is None else answer.decision


def decide(
    ctx: Context,
    document: Document | int,
    decision: str,
    *,
    on: date | None = None,
    note: str = "",
) -> QuoteDecision:
    """Record the customer's answer to a posted quote (`accepted` or `declined`)."""
    if decision not in Decision.ALL:
        raise QuoteError(_(MSG_BAD_DECISION) % {"decision": decision})
    doc = load(ctx, document)
    if doc.kind != QUOTE.id:
        raise QuoteError(_(MSG_NOT_A_QUOTE))
    if doc.is_draft:
        raise QuoteError(_(MSG_NOT_POSTED) % {"kind": _label(ctx, doc.kind)})
    if decision == Decision.DECLINED and linked_targets(ctx, doc):
        raise QuoteError(_(MSG_CONVERTED))
    answer = decision_of(ctx, doc)
    if answer is None:
        answer = QuoteDecision(document_id=doc.id)
        ctx.session.add(answer)
    answer.decision = decision
    answer.decided_on = on or date.today()
    answer.note = note
    answer.user_id = ctx.user_id
    ctx.session.flush()
    record(ctx, f"quote.{decision}", "document", doc.id, {"on": answer.decided_on})
    return answer


def accept(
    ctx: Context, document: Document | int, *, on: date | None = None, note: str = ""
) -> QuoteDecision:
    """The customer accepted the quote."""
    return decide(ctx, document, Decision.ACCEPTED, on=on, note=note)


def decline(
    ctx: Context, document: Document | int, *, on: date | None = None, note: str = ""
) -> QuoteDecision:
    """The customer declined the quote."""
    return decide(ctx, document, Decision.DECLINED, on=on, note=note)


def conversion_targets(ctx: Context, document: Document | int) -> list[DocumentKind]:
    """The kinds a quote or order confirmation can become for this tenant (apps that are on)."""
    doc = load(ctx, document)
    offered = {kind.id: kind for kind in available(ctx)}
    return [offered[kind] for kind in TARGETS.get(doc.kind, ()) if kind in offered]


def convert_quote(
    ctx: Context,
    document: Document | int,
    target_kind: str,
    *,
    issue_date: date | None = None,
) -> Document:
    """A new draft of `target_kind` from a posted quote or order confirmation, linked to it."""
    doc = load(ctx, document)
    if doc.kind not in TARGETS:
        raise QuoteError(_(MSG_NOT_CONVERTIBLE))
    if target_kind not in {kind.id for kind in conversion_targets(ctx, doc)}:
        raise QuoteError(
            _(MSG_BAD_TARGET)
            % {"source": _label(ctx, doc.kind), "target": _label(ctx, target_kind)}
        )
    if doc.is_draft:
        raise QuoteError(_(MSG_NOT_POSTED) % {"kind": _label(ctx, doc.kind)})
    answer = decision_of(ctx, doc)
    if answer is not None and not answer.accepted:
        raise QuoteError(_(MSG_DECLINED))
    return convert(ctx, doc, target_kind, issue_date=issue_date)


def accept_on_conversion(ctx: Context, source: Document) -> None:
    """A quote converted before anyone recorded an answer counts as accepted that day."""
    if source.kind == QUOTE.id and decision_of(ctx, source) is None:
        ctx.session.add(
            QuoteDecision(
                document_id=source.id,
                decision=Decision.ACCEPTED,
                decided_on=date.today(),
                note="",
                user_id=ctx.user_id,
            )
        )
        ctx.session.flush()


def related(ctx: Context, document: Document | int) -> Related:
    """Where a document came from and what was made of it (conversions, credit notes)."""
    doc = load(ctx, document)
    return Related(sources=linked_sources(ctx, doc), targets=linked_targets(ctx, doc))
