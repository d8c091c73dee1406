"""Pages of the Twikey addon under /apps/twikey/: invite, collect, refund, read the feeds now,
and the webhook Twikey calls.

Buttons on the customer's and the document's page lead to a confirmation page here (a plain
form with its CSRF token). Twikey being down never loses a click: a collection or refund is
queued in the page's transaction and sent afterwards; an invitation (whose link the user
waits for) is asked in a worker thread, and one that Twikey could not take is said so, with
nothing kept.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.twikey import queue
from addons.twikey.client import TwikeyError, TwikeyUnavailable
from addons.twikey.collections import CollectionRefused, queue_collection, why_not_collectable
from addons.twikey.connection import NotConfigured, client_for, settings
from addons.twikey.mandates import invitation_fields, record_invitation, template_for
from addons.twikey.refunds import queue_refund, refund_amount, why_not_refundable
from addons.twikey.signature import verify
from addons.twikey.translation import _
from core.api import (
    Contact,
    Context,
    Document,
    customer_record,
    document_record,
    flash,
    format_currency,
    in_worker,
    owned,
    page,
    redirect,
    render,
    webhook,
)


def _confirm(request: Request, ctx: Context, **values: object) -> Response:
    return render(request, ctx, "twikey/confirm.html",
                  {"title": _("Twikey direct debit"), "facts": [], "refusal": None, **values})


@page()
async def invite_page(request: Request, ctx: Context) -> Response:
    """Invite a customer to sign a mandate (B2B for a company, CORE otherwise)."""
    contact = owned(ctx, Contact, request.path_params["contact_id"])
    customer = customer_record(contact)
    back = f"/customers/{customer.id}"
    message = _("Invite %(name)s to sign a mandate") % {"name": customer.name}
    try:
        template = template_for(ctx, customer)
    except NotConfigured as missing:
        return _confirm(request, ctx, message=message, refusal=str(missing),
                        action=request.url.path, back=back)
    if request.method == "GET":
        kind = _("B2B (company)") if customer.is_company else _("CORE (consumer)")
        return _confirm(request, ctx, message=message,
                        facts=[(_("Template"), f"{kind} · {template}")],
                        action=request.url.path, back=back, confirm_label=_("Invite"))
    try:
        with client_for(ctx) as client:  # in a thread: a slow Twikey holds no other page
            answer = await in_worker(client.invite, template, invitation_fields(ctx, customer))
    except (NotConfigured, TwikeyError, TwikeyUnavailable) as error:
        reason = getattr(error, "message", str(error))
        flash(request, _("Twikey did not take the invitation: %(reason)s") % {"reason": reason},
              "error")
        return redirect(back, request)
    record_invitation(ctx, customer.id, template, answer)
    flash(request, _("The mandate is ready to be signed; the link is on this page."), "success")
    return redirect(back, request)


@page()
async def collect_page(request: Request, ctx: Context) -> Response:
    """Collect a posted invoice on the customer's active mandate."""
    document = owned(ctx, Document, request.path_params["document_id"])
    invoice = document_record(document)
    back = f"/documents/{invoice.id}"
    if request.method == "GET":
        message = _("Collect invoice %(number)s with Twikey") % {"number": invoice.number or ""}
        return _confirm(request, ctx, message=message,
                        facts=[(_("Amount"), format_currency(invoice.totals.due,
                                                             invoice.currency, ctx.language))],
                        refusal=why_not_collectable(ctx, invoice), action=request.url.path,
                        back=back, confirm_label=_("Collect"))
    try:
        row = queue_collection(ctx, document)
    except CollectionRefused as refused:
        flash(request, str(refused), "error")
        return redirect(back, request)
    queue.send_after_commit(ctx, row.id)
    flash(request, _("The collection is sent to Twikey."), "success")
    return redirect(back, request)


@page()
async def refund_page(request: Request, ctx: Context) -> Response:
    """Pay a credit note back through Twikey when its invoice was collected."""
    document = owned(ctx, Document, request.path_params["document_id"])
    credit_note = document_record(document)
    back = f"/documents/{credit_note.id}"
    refusal = why_not_refundable(ctx, credit_note)
    if request.method == "GET":
        facts = [] if refusal else [(_("Amount"), format_currency(
            refund_amount(ctx, credit_note), credit_note.currency, ctx.language))]
        message = (_("Refund credit note %(number)s through Twikey")
                   % {"number": credit_note.number or ""})
        return _confirm(request, ctx, message=message,
                        facts=facts, refusal=refusal, action=request.url.path, back=back,
                        confirm_label=_("Refund"))
    try:
        row = queue_refund(ctx, document)
    except CollectionRefused as refused:
        flash(request, str(refused), "error")
        return redirect(back, request)
    queue.send_after_commit(ctx, row.id)
    flash(request, _("The refund is sent to Twikey."), "success")
    return redirect(back, request)


@page(admin=True)
async def feeds_page(request: Request, ctx: Context) -> Response:
    """Read mandates and payments from Twikey now (they are also read every hour)."""
    back = "/settings/apps/twikey"
    if request.method == "GET":
        return _confirm(request, ctx, message=_("Read mandates and payments from Twikey now"),
                        action=request.url.path, back=back, confirm_label=_("Read now"))
    queue.read_after_commit(ctx, mandates=True)
    flash(request, _("Twikey's mandates and payments are being read."), "success")
    return redirect(back, request)


@webhook("twikey")
async def webhook_endpoint(request: Request, ctx: Context) -> Response:
    """Twikey's call: a GET whose `X-Signature` must be the HMAC of its query string keyed
    with the tenant's API key. Anything else gets 403 and nothing happens."""
    api_key = (settings(ctx).get("api_key") or "").strip()
    query = request.scope.get("query_string", b"").decode("latin-1")
    if not verify(api_key, query, request.headers.get("X-Signature")):
        return Response(status_code=403)
    queue.read_after_commit(ctx, mandates="mndtId" in request.query_params
                            or request.query_params.get("type") == "contract")
    return Response(status_code=204)


ROUTES = [
    Route("/customers/{contact_id:int}/invite", invite_page, methods=["GET", "POST"],
          name="twikey_invite"),
    Route("/documents/{document_id:int}/collect", collect_page, methods=["GET", "POST"],
          name="twikey_collect"),
    Route("/documents/{document_id:int}/refund", refund_page, methods=["GET", "POST"],
          name="twikey_refund"),
    Route("/feeds", feeds_page, methods=["GET", "POST"], name="twikey_feeds"),
    Route("/webhook/{tenant}", webhook_endpoint, methods=["GET"], name="twikey_webhook"),
]
