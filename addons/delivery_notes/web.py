"""Pages of the delivery notes addon, under `/apps/delivery_notes/`: the notes with their
invoice (tick several of one customer to invoice them at once), a note's page with the
hide-prices switch and its links both ways."""

from __future__ import annotations

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.delivery_notes.kinds import DELIVERY_NOTE
from addons.delivery_notes.service import (
    invoice_notes,
    invoices_of,
    prices_hidden,
    set_prices_hidden,
    still_to_invoice,
)
from addons.delivery_notes.translation import _, ngettext
from core.api import (
    Contact,
    Context,
    Document,
    DocumentError,
    ListQuery,
    flash,
    kind_of,
    linked_sources,
    linked_targets,
    page,
    paginate,
    redirect,
    render,
)

BASE = "/apps/delivery_notes"
SORTS = {"number": Document.number, "date": Document.issue_date, "customer": Contact.name}


@page()
async def note_list(request: Request, ctx: Context) -> Response:
    """Delivery notes, newest first; `?open=1` shows only those still to invoice."""
    query = ListQuery.from_request(request, tuple(SORTS), "-date")
    only_open = request.query_params.get("open") == "1"
    statement = (
        select(Document, Contact.name)
        .join(Contact, Contact.id == Document.customer_id)
        .where(Document.kind == DELIVERY_NOTE.id)
    )
    if only_open:
        statement = statement.where(still_to_invoice(ctx))
    found = paginate(ctx.session, statement, query, search=(Document.number, Contact.name),
                     sort=SORTS)
    invoices = invoices_of(ctx, [doc.id for doc, _name in found.items])
    return render(request, ctx, "delivery_notes/list.html", {
        "title": _("Delivery notes"), "notes": found, "invoices": invoices,
        "only_open": only_open, "kind_label": DELIVERY_NOTE.label(ctx.language),
    })


@page()
async def invoice(request: Request, ctx: Context) -> Response:
    """One draft invoice for the ticked notes."""
    posted = await request.form()
    ids = [int(v) for v in posted.getlist("note") if str(v).isdigit()]
    try:
        invoice_notes(ctx, ids)
    except DocumentError as exc:
        flash(request, str(exc), "error")
        return redirect(f"{BASE}/?open=1", request)
    flash(request, ngettext("A draft invoice is made of %(count)d delivery note.",
                           "A draft invoice is made of %(count)d delivery notes.", len(ids))
          % {"count": len(ids)}, "success")
    return redirect(f"{BASE}/{ids[0]}", request)


def _note(ctx: Context, request: Request) -> Document:
    doc = ctx.session.get(Document, request.path_params["document_id"])
    if doc is None or doc.kind != DELIVERY_NOTE.id:
        raise HTTPException(404)
    return doc


def document_url(ctx: Context, doc: Document) -> str | None:
    """The page of a linked document, where an active app shows it."""
    if doc.kind == DELIVERY_NOTE.id:
        return f"{BASE}/{doc.id}"
    if doc.kind in ("quote", "order_confirmation") and ctx.is_active("quotes"):
        return f"/apps/quotes/{doc.id}"
    return None


@page()
async def note_page(request: Request, ctx: Context) -> Response:
    """One delivery note: its lines, whether its prices print, its invoice and origin."""
    doc = _note(ctx, request)
    customer = ctx.session.get(Contact, doc.customer_id)
    return render(request, ctx, "delivery_notes/detail.html", {
        "title": f"{DELIVERY_NOTE.label(ctx.language)} {doc.number or _('(draft)')}",
        "document": doc,
        "customer": customer,
        "hidden": prices_hidden(ctx, doc),
        "invoice": invoices_of(ctx, [doc.id]).get(doc.id),
        "sources": linked_sources(ctx, doc),
        "made": linked_targets(ctx, doc),
        "kind_label": lambda kind_id: kind_of(ctx, kind_id).label(ctx.language),
        "url_of": lambda linked: document_url(ctx, linked),
    })


@page()
async def prices(request: Request, ctx: Context) -> Response:
    """Show or hide the prices on the printed note."""
    doc = _note(ctx, request)
    posted = await request.form()
    hide = posted.get("hide") == "1"
    set_prices_hidden(ctx, doc, hide)
    flash(request, _("Prices are hidden on this note.") if hide
          else _("Prices are shown on this note."), "success")
    return redirect(f"{BASE}/{doc.id}", request)


def routes() -> list[Route]:
    """The addon's pages (mounted under `/apps/delivery_notes`)."""
    return [
        Route("/", note_list, name="delivery_notes"),
        Route("/invoice", invoice, methods=["POST"], name="delivery_notes_invoice"),
        Route("/{document_id:int}", note_page, name="delivery_note"),
        Route("/{document_id:int}/prices", prices, methods=["POST"], name="delivery_note_prices"),
    ]
