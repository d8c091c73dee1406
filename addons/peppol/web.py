"""Pages of the PEPPOL app under `/apps/peppol/`: a document's e-invoice, sending it, and the
panel on a posted document's page."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.peppol.endpoints import EndpointError, party_endpoint
from addons.peppol.errors import PeppolError
from addons.peppol.kinds import is_einvoice
from addons.peppol.service import (
    ADDON_ID,
    DROP_FOLDER,
    document_ubl,
    find_document,
    send_document,
)
from addons.peppol.source import safe_filename
from addons.peppol.translation import _
from core.api import (
    Contact,
    Context,
    Document,
    DocumentState,
    download,
    flash,
    form_data,
    page,
    redirect,
    render,
)

BASE = "/apps/peppol"


def fragment(ctx: Context, template: str, **values: Any) -> str:
    """An addon template rendered for a UI slot, with the tenant's active addons."""
    templates = ctx.app.web.state.templates
    return templates.render(template, {"ctx": ctx, **values}, active=ctx.active)


def _document_or_404(ctx: Context, request: Request) -> Document:
    document = find_document(ctx, request.path_params["document_id"])
    if document is None:
        raise HTTPException(404)
    return document


def buyer_address(ctx: Context, document: Document) -> tuple[str, str]:
    """(the customer's PEPPOL address, or "", and why there is none): from the party frozen
    at posting, or the customer as it is now while the document is a draft."""
    if document.state == DocumentState.DRAFT:
        customer = ctx.session.get(Contact, document.customer_id)
        vat_number = customer.vat_number if customer is not None else None
    else:
        vat_number = (document.party or {}).get("vat_number")
    try:
        return str(party_endpoint(vat_number)), ""
    except EndpointError as exc:
        return "", str(exc)


def document_panel(ctx: Context, document: Document) -> str | None:
    """The e-invoice panel of an invoice or credit note; nothing on other documents (a cash
    receipt included). On a draft it appears only to say, before posting, that PEPPOL
    cannot carry the document."""
    if not is_einvoice(ctx, document):
        return None
    address, problem = buyer_address(ctx, document)
    if document.state == DocumentState.DRAFT and not problem:
        return None
    return fragment(
        ctx,
        "peppol/document_panel.html",
        document=document,
        address=address,
        problem=problem,
        can_send=bool(ctx.addon_settings(ADDON_ID).get(DROP_FOLDER)),
        base=BASE,
    )


@page()
async def document_xml(request: Request, ctx: Context) -> Response:
    """The document's e-invoice (UBL 2.1, PEPPOL BIS Billing 3.0) to download."""
    document = _document_or_404(ctx, request)
    try:
        xml = await run_in_threadpool(document_ubl, ctx, document)
    except PeppolError as exc:
        flash(request, str(exc), "error")
        return redirect(f"/documents/{document.id}", request)
    return download(xml, f"{safe_filename(document.number or '')}.xml", "application/xml")


@page()
async def send_page(request: Request, ctx: Context) -> Response:
    """Confirm, then hand the e-invoice to the tenant's PEPPOL transport."""
    document = _document_or_404(ctx, request)
    if request.method == "POST":
        await form_data(request)
        try:
            receipt = await run_in_threadpool(send_document, ctx, document)
        except PeppolError as exc:
            flash(request, str(exc), "error")
        else:
            flash(
                request,
                _("The e-invoice of %(number)s is sent (%(reference)s).")
                % {"number": document.number, "reference": receipt.reference},
                "success",
            )
        return redirect(f"/documents/{document.id}", request)
    address, problem = buyer_address(ctx, document)
    return render(
        request,
        ctx,
        "peppol/send.html",
        {
            "title": _("Send %(number)s as an e-invoice") % {"number": document.number},
            "document": document,
            "address": address,
            "problem": problem,
            "folder": ctx.addon_settings(ADDON_ID).get(DROP_FOLDER) or "",
            "base": BASE,
        },
    )


routes = [
    Route("/documents/{document_id:int}.xml", document_xml, name="peppol_document_xml"),
    Route("/documents/{document_id:int}/send", send_page, methods=["GET", "POST"],
          name="peppol_send"),
]
