"""Pages of the quotes addon, under `/apps/quotes/`: the list of quotes and order
confirmations with the customer's answer, a quote's page with its links both ways, and the
actions accept, decline and convert."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.quotes.kinds import KINDS, QUOTE
from addons.quotes.models import QuoteDecision
from addons.quotes.service import (
    QuoteError,
    conversion_targets,
    convert_quote,
    decide,
    decision_of,
    quote_status,
    related,
)
from addons.quotes.translation import N_, _
from core.api import (
    Contact,
    Context,
    Document,
    DocumentError,
    ListQuery,
    flash,
    form_data,
    kind_of,
    page,
    paginate,
    redirect,
    render,
)

BASE = "/apps/quotes"
STATUS_LABELS = {
    "draft": N_("Draft"),
    "open": N_("Waiting for an answer"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
}
SORTS = {"number": Document.number, "date": Document.issue_date, "customer": Contact.name,
         "total": Document.total_incl_vat}


def _labels(ctx: Context) -> dict[str, str]:
    return {kind.id: kind.plural(ctx.language) for kind in KINDS}


@page()
async def quote_list(request: Request, ctx: Context) -> Response:
    """Quotes and order confirmations, newest first, with the customer's answer."""
    query = ListQuery.from_request(request, tuple(SORTS), "-date")
    kind = request.query_params.get("kind", QUOTE.id)
    if kind not in {k.id for k in KINDS}:
        kind = QUOTE.id
    statement = (
        select(Document, Contact.name)
        .join(Contact, Contact.id == Document.customer_id)
        .where(Document.kind == kind)
    )
    found = paginate(ctx.session, statement, query, search=(Document.number, Contact.name),
                     sort=SORTS)
    ids = [doc.id for doc, _name in found.items]
    answers = {
        a.document_id: a.decision
        for a in ctx.session.scalars(
            select(QuoteDecision).where(QuoteDecision.document_id.in_(ids))
        )
    } if ids else {}

    def status(doc: Document) -> str:
        if doc.is_draft:
            return _(STATUS_LABELS["draft"])
        if doc.kind != QUOTE.id:
            return ""
        return _(STATUS_LABELS[answers.get(doc.id, "open")])

    return render(request, ctx, "quotes/list.html", {
        "title": _labels(ctx)[kind], "documents": found, "kind": kind, "status": status,
        "kinds": _labels(ctx), "kind_label": kind_of(ctx, kind).label(ctx.language),
    })


def document_url(ctx: Context, doc: Document) -> str | None:
    """The page of a linked document, where an active app shows it."""
    if doc.kind in {k.id for k in KINDS}:
        return f"{BASE}/{doc.id}"
    if doc.kind == "delivery_note" and ctx.is_active("delivery_notes"):
        return f"/apps/delivery_notes/{doc.id}"
    return None


def _document(ctx: Context, request: Request) -> Document:
    doc = ctx.session.get(Document, request.path_params["document_id"])
    if doc is None or doc.kind not in {k.id for k in KINDS}:
        raise HTTPException(404)
    return doc


@page()
async def quote_page(request: Request, ctx: Context) -> Response:
    """One quote or order confirmation: its lines, its answer, where it led and came from."""
    doc = _document(ctx, request)
    links = related(ctx, doc)
    customer = ctx.session.get(Contact, doc.customer_id)
    label = kind_of(ctx, doc.kind).label(ctx.language)
    return render(request, ctx, "quotes/detail.html", {
        "title": f"{label} {doc.number or _('(draft)')}",
        "document": doc,
        "customer": customer,
        "status": quote_status(ctx, doc),
        "status_labels": {k: _(v) for k, v in STATUS_LABELS.items()},
        "answer": decision_of(ctx, doc),
        "targets": [(k.id, k.label(ctx.language)) for k in conversion_targets(ctx, doc)],
        "sources": links.sources,
        "made": links.targets,
        "kind_label": lambda kind_id: kind_of(ctx, kind_id).label(ctx.language),
        "url_of": lambda linked: document_url(ctx, linked),
        "is_quote": doc.kind == QUOTE.id,
        "today": date.today().isoformat(),
    })


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@page()
async def answer(request: Request, ctx: Context) -> Response:
    """Record that the customer accepted or declined the quote."""
    doc = _document(ctx, request)
    values = await form_data(request)
    try:
        decide(ctx, doc, values.get("decision", ""), on=_date(values.get("on")),
               note=values.get("note", ""))
    except QuoteError as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, _("The answer is saved."), "success")
    return redirect(f"{BASE}/{doc.id}", request)


@page()
async def convert(request: Request, ctx: Context) -> Response:
    """Make an order confirmation, a delivery note or an invoice of the document."""
    doc = _document(ctx, request)
    values = await form_data(request)
    try:
        made = convert_quote(ctx, doc, values.get("target", ""))
    except DocumentError as exc:
        flash(request, str(exc), "error")
        return redirect(f"{BASE}/{doc.id}", request)
    label: Any = kind_of(ctx, made.kind).label(ctx.language)
    flash(request, _("A draft %(kind)s is made from it.") % {"kind": label.lower()}, "success")
    if made.kind in {k.id for k in KINDS}:
        return redirect(f"{BASE}/{made.id}", request)
    return redirect(f"{BASE}/{doc.id}", request)


def routes() -> list[Route]:
    """The addon's pages (mounted under `/apps/quotes`)."""
    return [
        Route("/", quote_list, name="quotes"),
        Route("/{document_id:int}", quote_page, name="quote"),
        Route("/{document_id:int}/answer", answer, methods=["POST"], name="quote_answer"),
        Route("/{document_id:int}/convert", convert, methods=["POST"], name="quote_convert"),
    ]
