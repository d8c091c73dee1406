"""Documents: a list per kind with filters, sort and pages; a document's page (the editor
while it is a draft, read-only once posted); its PDF.

Actions on a document (post, delete, credit, convert, send) are in `documents_actions`,
the editor of a draft in `documents_editor`.
"""

from __future__ import annotations

from typing import Any

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.context import Context
from core.documents.cancel import cancel_refusal
from core.documents.convert import linked_sources, linked_targets
from core.documents.listing import PERIODS, list_documents, period_dates
from core.documents.models import Document, DocumentState
from core.i18n import _
from core.output.adapter import amount_settled, build_view
from core.output.labels import kind_title as printed_title
from core.output.pdf import render_pdf
from core.output.stored import file_bytes, pdf_kind, store_posted_pdf, stored_file
from core.web.listing import ListQuery
from core.web.menu import MenuItem
from core.web.pages import page, render
from core.web.routes.common import (
    COUNT_LIMIT,
    FilteredQuery,
    ServicePage,
    contact_or_404,
    date_or_none,
    document_or_404,
    download,
    int_or_none,
    kinds_by_id,
)
from core.web.routes.document_context import document_context, kind_title, made_kinds
from core.web.routes.document_labels import (
    STATE_FILTERS,
    period_options,
    state_label,
    state_options,
)
from core.web.routes.documents_editor import show_editor

PER_PAGE = 50
SORTS = ("date", "number", "customer", "total", "due")
MENU_KINDS = {"invoice": (20, "file-text"), "credit_note": (25, "file-minus")}


def menu(ctx: Context) -> list[MenuItem]:
    """Invoices and credit notes (the apps put their own kinds in the menu)."""
    kinds = kinds_by_id(ctx)
    return [MenuItem(kind_title(ctx, k), f"/documents/{k}", icon=icon, order=order)
            for k, (order, icon) in MENU_KINDS.items() if k in kinds]


def _filters(request: Request) -> tuple[FilteredQuery, dict[str, Any]]:
    params = request.query_params
    base = ListQuery.from_request(request, SORTS, "-date", per_page=PER_PAGE)
    state = params.get("state", "")
    state = state if state in STATE_FILTERS else ""
    period = params.get("period", "")
    period = period if period in PERIODS else ""
    customer_id = int_or_none(params.get("customer_id"))
    date_from, date_to = period_dates(period) if period else (None, None)
    date_from = date_or_none(params.get("from")) or date_from
    date_to = date_or_none(params.get("to")) or date_to
    kept = (("state", state), ("period", period),
            ("customer_id", str(customer_id) if customer_id is not None else ""),
            ("from", params.get("from", "") if date_or_none(params.get("from")) else ""),
            ("to", params.get("to", "") if date_or_none(params.get("to")) else ""))
    service = {"state": state or None, "customer_id": customer_id, "date_from": date_from,
               "date_to": date_to, "search": base.q or None}
    return FilteredQuery(base, kept), service


@page()
async def document_list(request: Request, ctx: Context) -> Response:
    """The documents of a kind: filtered by state, customer, period; searched, sorted, paged."""
    kinds = kinds_by_id(ctx)
    kind = request.path_params["kind"]
    if kind not in kinds:
        raise HTTPException(404)
    query, filters = _filters(request)
    found = list_documents(ctx, kind=kind, sort=query.sort_key, page=query.page,
                           per_page=query.per_page, count_limit=COUNT_LIMIT, summary=True,
                           **filters)
    customer = (contact_or_404(ctx, filters["customer_id"])
                if filters["customer_id"] is not None else None)
    chosen = dict(query.filters)
    return render(request, ctx, "documents/list.html", {
        "title": kind_title(ctx, kind),
        "kind": kinds[kind],
        "kinds": [(k, kind_title(ctx, k)) for k in kinds],
        "documents": ServicePage(found.items, found.total, query, found.exact),
        "customer": customer,
        "state": chosen["state"], "period": chosen["period"],
        "date_from": chosen["from"], "date_to": chosen["to"],
        "states": state_options(), "periods": period_options(),
        "state_label": state_label,
        "state_labels": StateLabels({state: state_label(state) for state in DocumentState.ALL}),
    })


class StateLabels(dict[str, str]):
    """The names of document states, looked up once per page rather than once per row."""

    def __missing__(self, state: str) -> str:
        return state_label(state)


def _conversion_targets(ctx: Context, doc: Document) -> list[tuple[str, str]]:
    kinds = kinds_by_id(ctx)
    if kinds[doc.kind].vat_sale or doc.state == DocumentState.CANCELLED:
        return []
    made = made_kinds(ctx, doc)
    return [(k, kind.label(ctx.language)) for k, kind in kinds.items()
            if k != doc.kind and not kind.is_credit and k not in made]


def show_posted(request: Request, ctx: Context, doc: Document) -> Response:
    """The read-only page of a posted document with what can still be done with it."""
    values = document_context(ctx, doc)
    kind = values["kind"]
    number = doc.number or ""
    title = f"{kind.label(ctx.language)} {number}".strip()
    if doc.is_draft:
        title = _("Draft %(kind)s") % {"kind": kind.label(ctx.language).lower()}
    values.update({
        "title": title,
        "sources": linked_sources(ctx, doc),
        "targets": linked_targets(ctx, doc),
        "can_credit": kind.vat_sale and not kind.is_credit and doc.state != "credited",
        "can_cancel": cancel_refusal(ctx, doc) is None,
        "conversions": _conversion_targets(ctx, doc),
        "open_amount": doc.open_amount if kind.payable and not doc.is_draft else None,
    })
    return render(request, ctx, "documents/view.html", values)


@page()
async def document_page(request: Request, ctx: Context) -> Response:
    """A document: its editor while it is a draft, its read-only page once posted (and for
    whoever may only read)."""
    doc = document_or_404(ctx, request.path_params["document_id"])
    if doc.is_draft and ctx.role is not None and ctx.role.can_write:
        return show_editor(request, ctx, doc)
    return show_posted(request, ctx, doc)


@page()
async def document_pdf(request: Request, ctx: Context) -> Response:
    """The document as PDF, to download (or to look at in the browser with `?inline=1`)."""
    doc = document_or_404(ctx, request.path_params["document_id"])
    view = build_view(ctx, doc)
    live = doc.is_draft or amount_settled(doc)  # once paid, it shows what is still due
    stored = None if live else stored_file(ctx, doc.id, pdf_kind(ctx, doc))
    if stored is not None:  # a posted document prints what was issued
        data = file_bytes(stored)
    else:  # rendered in a worker thread, stored (posted only) after the answer went out
        data = await run_in_threadpool(render_pdf, view)
    title = view.title or printed_title(doc.kind, doc.language)
    name = f"{title} {doc.number or _('draft')}.pdf"
    response = download(data, name, "application/pdf",
                        inline=request.query_params.get("inline") == "1")
    if stored is None and not doc.is_draft:
        response.background = BackgroundTask(store_posted_pdf, ctx.app, ctx.tenant_id, doc.id)
    return response


routes = [
    Route("/documents/{document_id:int}", document_page, name="document"),
    Route("/documents/{document_id:int}/pdf", document_pdf, name="document_pdf"),
    Route("/documents/{kind}", document_list, name="documents"),
]
