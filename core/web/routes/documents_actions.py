"""What is done with a document: post it (irreversible), delete a draft, credit an invoice
(in full or in part), cancel a delivery note or a quote, convert it into another kind, send
it by e-mail."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.contacts.addresses import email_for
from core.contacts.fields import parse_decimal
from core.context import Context
from core.documents.cancel import cancel_document, cancel_refusal
from core.documents.convert import convert
from core.documents.credit import create_credit_note, credited_quantities
from core.documents.errors import DocumentError, ValidationFailed
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import delete_draft
from core.i18n import _
from core.mail.errors import MailError
from core.mail.models import OutboxMessage
from core.output.sending import queue_document_mail
from core.output.stored import store_posted_pdf
from core.web.confirm import Confirmation, confirm_page
from core.web.formatting import format_currency
from core.web.forms import Form, form_data
from core.web.pages import flash, page, redirect, render
from core.web.routes.common import contact_or_404, document_or_404, kinds_by_id
from core.web.routes.document_context import document_context, made_kinds

log = logging.getLogger(__name__)


def _url(doc: Document) -> str:
    return f"/documents/{doc.id}"


def _label(ctx: Context, doc: Document) -> str:
    kind = kinds_by_id(ctx)[doc.kind].label(ctx.language)
    return f"{kind} {doc.number}" if doc.number else kind


@page(lock=True)
async def post(request: Request, ctx: Context) -> Response:
    """Confirm (GET), then post the draft: numbered and frozen for good (POST).

    The PDF of the posted document is rendered and stored once the posting is committed,
    after the answer has gone out (`store_posted_pdf`), so the lock is not held meanwhile.
    """
    doc = document_or_404(ctx, request.path_params["document_id"])
    if not doc.is_draft:
        flash(request, _("This document is posted already."), "info")
        return redirect(_url(doc), request)
    customer = contact_or_404(ctx, doc.customer_id)
    if request.method == "GET":
        kind = kinds_by_id(ctx)[doc.kind].label(ctx.language)
        return confirm_page(request, ctx, Confirmation(
            title=_("Post this %(kind)s?") % {"kind": kind.lower()},
            message=_("Post the %(kind)s for %(customer)s of %(total)s?")
            % {"kind": kind.lower(), "customer": customer.name,
               "total": format_currency(doc.total_incl_vat, doc.currency)},
            action=f"/documents/{doc.id}/post",
            confirm_label=_("Post"),
            cancel_url=_url(doc),
            notes=[_("Posting gives the document its number and freezes it: it cannot be "
                     "changed or deleted afterwards, only corrected with a credit note.")],
            danger=True,
        ))
    try:
        post_document(ctx, doc)
    except ValidationFailed as exc:
        for reason in exc.reasons:
            flash(request, reason, "error")
        return redirect(_url(doc), request)
    except DocumentError as exc:
        flash(request, str(exc), "error")
        return redirect(_url(doc), request)
    flash(request, _("%(document)s is posted.") % {"document": _label(ctx, doc)}, "success")
    response = redirect(_url(doc), request)
    response.background = BackgroundTask(_store_pdf, ctx.app, ctx.tenant_id, doc.id)
    return response


def _store_pdf(app: Any, tenant_id: int, document_id: int) -> None:

    try:
        store_posted_pdf(app, tenant_id, document_id)
    except Exception:  # the PDF is then rendered and stored on first download
        log.exception("PDF of document %s not stored after posting", document_id)


@page()
async def delete(request: Request, ctx: Context) -> Response:
    """Confirm (GET), then delete a draft (POST); a posted document is never deleted."""
    doc = document_or_404(ctx, request.path_params["document_id"])
    if not doc.is_draft:
        raise HTTPException(404)
    kind = doc.kind
    if request.method == "GET":
        return confirm_page(request, ctx, Confirmation(
            title=_("Delete this draft?"),
            message=_("Delete this draft and its lines?"),
            action=f"/documents/{doc.id}/delete",
            confirm_label=_("Delete"),
            cancel_url=_url(doc),
            danger=True,
        ))
    delete_draft(ctx, doc)
    flash(request, _("The draft is deleted."), "success")
    return redirect(f"/documents/{kind}", request)


@page(write=True)
async def cancel(request: Request, ctx: Context) -> Response:
    """Confirm (GET), then cancel a posted document that neither counts for VAT nor asks
    payment (POST); what cannot be cancelled is refused with the reason."""
    doc = document_or_404(ctx, request.path_params["document_id"])
    refusal = cancel_refusal(ctx, doc)
    if refusal is not None:
        flash(request, refusal, "error")
        return redirect(_url(doc), request)
    if request.method == "GET":
        kind = kinds_by_id(ctx)[doc.kind].label(ctx.language).lower()
        return confirm_page(request, ctx, Confirmation(
            title=_("Cancel this %(kind)s?") % {"kind": kind},
            message=_("Cancel %(kind)s %(number)s for %(customer)s?")
            % {"kind": kind, "number": doc.number,
               "customer": contact_or_404(ctx, doc.customer_id).name},
            action=f"/documents/{doc.id}/cancel",
            confirm_label=_("Cancel document"),
            cancel_url=_url(doc),
            notes=[_("A cancelled document keeps its number and stays in the list; it can "
                     "no longer be converted into another document. This cannot be undone.")],
            inputs=[("reason", _("Reason (optional)"))],
            danger=True,
        ))
    values = await form_data(request)
    try:
        cancel_document(ctx, doc, reason=values.get("reason", "").strip()[:200] or None)
    except DocumentError as exc:
        flash(request, str(exc), "error")
        return redirect(_url(doc), request)
    flash(request, _("%(document)s is cancelled.") % {"document": _label(ctx, doc)}, "success")
    return redirect(_url(doc), request)


def _credit_page(request: Request, ctx: Context, doc: Document, form: Form,
                 status: int = 200) -> Response:
    done = credited_quantities(ctx, doc.id)
    rows = [(line, line.quantity - done.get(line.id, Decimal(0)))
            for line in doc.lines if line.is_priced]
    values = document_context(ctx, doc)
    values.update({"title": _("Credit %(document)s") % {"document": _label(ctx, doc)},
                   "rows": rows, "form": form})
    return render(request, ctx, "documents/credit.html", values, status_code=status)


@page()
async def credit(request: Request, ctx: Context) -> Response:
    """A credit note for an invoice: everything still open, or chosen lines and quantities."""
    doc = document_or_404(ctx, request.path_params["document_id"])
    kind = kinds_by_id(ctx)[doc.kind]
    if doc.is_draft or not kind.vat_sale or kind.is_credit:
        raise HTTPException(404)
    if request.method == "GET":
        return _credit_page(request, ctx, doc, Form({"mode": "full"}))
    values = await form_data(request)
    form = Form(values)
    quantities: dict[int, Decimal] | None = None
    if values.get("mode") == "partial":
        quantities = {}
        for line in doc.lines:
            raw = values.get(f"qty.{line.id}", "")
            try:
                quantity = parse_decimal(raw) if raw else None
            except ValueError as exc:
                form.add_error(f"qty.{line.id}", str(exc))
                continue
            if quantity:
                quantities[line.id] = quantity
    if form.ok:
        try:
            note = create_credit_note(ctx, doc, quantities, notes=values.get("notes", ""))
        except DocumentError as exc:
            form.add_error("mode", str(exc))
        else:
            flash(request, _("A draft credit note is made: check it and post it."), "success")
            return redirect(_url(note), request)
    return _credit_page(request, ctx, doc, form, 422)


@page()
async def convert_document(request: Request, ctx: Context) -> Response:
    """A new draft of another kind from this document (a quote into an invoice, ...)."""
    doc = document_or_404(ctx, request.path_params["document_id"])
    values = await form_data(request)
    target = values.get("target", "")
    kinds = kinds_by_id(ctx)
    if target not in kinds or kinds[target].is_credit:
        raise HTTPException(400)
    if target in made_kinds(ctx, doc):
        flash(request, _("%(document)s was already made into a %(kind)s.")
              % {"document": _label(ctx, doc), "kind": kinds[target].label(ctx.language).lower()},
              "error")
        return redirect(_url(doc), request)
    try:
        made = convert(ctx, doc, target)
    except DocumentError as exc:
        flash(request, str(exc), "error")
        return redirect(_url(doc), request)
    flash(request, _("%(kind)s made from %(document)s.")
          % {"kind": kinds[target].label(ctx.language), "document": _label(ctx, doc)},
          "success")
    return redirect(_url(made), request)


def _sendings(ctx: Context, doc: Document) -> int:
    return int(ctx.session.scalar(
        select(func.count()).select_from(OutboxMessage)
        .where(OutboxMessage.document_id == doc.id)) or 0)


def _send_page(request: Request, ctx: Context, doc: Document, form: Form,
               status: int = 200) -> Response:
    values = document_context(ctx, doc)
    values.update({"title": _("Send %(document)s") % {"document": _label(ctx, doc)},
                   "form": form, "sent_before": _sendings(ctx, doc)})
    return render(request, ctx, "documents/send.html", values, status_code=status)


@page()
async def send(request: Request, ctx: Context) -> Response:
    """Queue the document's e-mail with its PDF (the outbox delivers it)."""
    doc = document_or_404(ctx, request.path_params["document_id"])
    if doc.is_draft:
        flash(request, _("Post the document before sending it."), "error")
        return redirect(_url(doc), request)
    customer = contact_or_404(ctx, doc.customer_id)
    if request.method == "GET":
        to = email_for(ctx, customer, doc.kind) or ""
        return _send_page(request, ctx, doc, Form({"to": to, "cc": ""}))
    values = await form_data(request)
    form = Form(values)
    split = [part.strip() for part in values.get("to", "").replace(";", ",").split(",")]
    to = [part for part in split if part]
    cc = [part.strip() for part in values.get("cc", "").replace(";", ",").split(",")
          if part.strip()]
    if not to:
        form.add_error("to", _("Enter an e-mail address."))
        return _send_page(request, ctx, doc, form, 422)
    try:
        with ctx.session.begin_nested():
            queue_document_mail(ctx, doc, to=to, cc=cc, sending=_sendings(ctx, doc) + 1)
    except MailError as exc:
        form.add_error("to", str(exc))
        return _send_page(request, ctx, doc, form, 422)
    flash(request, _("The e-mail to %(to)s is queued.") % {"to": ", ".join(to)}, "success")
    return redirect(_url(doc), request)


routes = [
    Route("/documents/{document_id:int}/post", post, methods=["GET", "POST"],
          name="document_post"),
    Route("/documents/{document_id:int}/delete", delete, methods=["GET", "POST"],
          name="document_delete"),
    Route("/documents/{document_id:int}/credit", credit, methods=["GET", "POST"],
          name="document_credit"),
    Route("/documents/{document_id:int}/cancel", cancel, methods=["GET", "POST"],
          name="document_cancel"),
    Route("/documents/{document_id:int}/convert", convert_document, methods=["POST"],
          name="document_convert"),
    Route("/documents/{document_id:int}/send", send, methods=["GET", "POST"],
          name="document_send"),
]
