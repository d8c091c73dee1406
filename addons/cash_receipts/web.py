"""Pages of the cash receipts addon, under `/apps/cash_receipts/`: the receipts with how
each was paid and what today's came to, and a receipt's payment method (cash or card),
chosen while it is a draft. The receipt itself is written in the core document editor."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.cash_receipts.kinds import CASH_RECEIPT
from addons.cash_receipts.service import (
    METHOD_LABELS,
    METHODS,
    method_of,
    methods_of,
    paid_with,
    set_method,
)
from addons.cash_receipts.translation import N_, _, ngettext
from core.api import (
    Contact,
    Context,
    Document,
    DocumentError,
    DocumentState,
    Form,
    ListQuery,
    flash,
    form_data,
    format_currency,
    owned,
    page,
    paginate,
    redirect,
    render,
)

BASE = "/apps/cash_receipts"
SORTS = {"number": Document.number, "date": Document.issue_date, "customer": Contact.name,
         "total": Document.total_incl_vat}
STATE_LABELS = {
    DocumentState.DRAFT: N_("Draft"),
    DocumentState.POSTED: N_("Posted"),
    DocumentState.PARTIALLY_PAID: N_("Partially paid"),
    DocumentState.PAID: N_("Paid"),
    DocumentState.CREDITED: N_("Credited"),
}


def today_line(ctx: Context, today: date | None = None) -> str:
    """How many receipts were posted for today and what they came to, in words."""
    count, total = ctx.session.execute(
        select(func.count(Document.id), func.coalesce(func.sum(Document.total_incl_vat), 0))
        .where(Document.kind == CASH_RECEIPT.id, Document.state != DocumentState.DRAFT,
               Document.issue_date == (today or date.today()))
    ).one()
    return ngettext("Today: %(num)d cash receipt, %(total)s in all.",
                    "Today: %(num)d cash receipts, %(total)s in all.", int(count)) % {
        "num": int(count), "total": format_currency(Decimal(total))}


@page()
async def receipt_list(request: Request, ctx: Context) -> Response:
    """Cash receipts, newest first, with how each was paid."""
    query = ListQuery.from_request(request, tuple(SORTS), "-date")
    statement = (
        select(Document, Contact.name)
        .join(Contact, Contact.id == Document.customer_id)
        .where(Document.kind == CASH_RECEIPT.id)
    )
    found = paginate(ctx.session, statement, query, search=(Document.number, Contact.name),
                     sort=SORTS)
    methods = methods_of(ctx, [doc.id for doc, _name in found.items])
    return render(request, ctx, "cash_receipts/list.html", {
        "title": CASH_RECEIPT.plural(ctx.language), "receipts": found, "methods": methods,
        "method_labels": {key: _(label) for key, label in METHOD_LABELS.items()},
        "state_labels": {key: _(label) for key, label in STATE_LABELS.items()},
        "today": today_line(ctx), "kind_label": CASH_RECEIPT.label(ctx.language),
    })


def _receipt(ctx: Context, request: Request) -> Document:
    doc = owned(ctx, Document, request.path_params["document_id"])
    if doc.kind != CASH_RECEIPT.id:
        raise HTTPException(404)
    return doc


@page()
async def receipt_page(request: Request, ctx: Context) -> Response:
    """A receipt's payment method: chosen on a draft (POST), shown once it is posted."""
    doc = _receipt(ctx, request)
    form = Form({"method": method_of(ctx, doc.id)})
    if request.method == "POST":
        values = await form_data(request)
        form = Form(dict(values))
        try:
            with ctx.session.begin_nested():
                set_method(ctx, doc, str(values.get("method", "")))
        except DocumentError as exc:  # a CashReceiptError among them
            form.add_error("method", str(exc))
            if not doc.is_draft:
                flash(request, str(exc), "error")
        else:
            flash(request, paid_with(str(values["method"])), "success")
            return redirect(f"/documents/{doc.id}", request)
    return render(request, ctx, "cash_receipts/receipt.html", {
        "title": f"{CASH_RECEIPT.label(ctx.language)} {doc.number or _('(draft)')}",
        "document": doc, "form": form,
        "options": [(key, _(METHOD_LABELS[key])) for key in METHODS],
        "paid_with": paid_with(method_of(ctx, doc.id)),
    })


def routes() -> list[Route]:
    """The addon's pages (mounted under `/apps/cash_receipts`)."""
    return [
        Route("/", receipt_list, name="cash_receipts"),
        Route("/{document_id:int}", receipt_page, methods=["GET", "POST"],
              name="cash_receipt"),
    ]
