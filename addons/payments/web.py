"""Pages of the payments addon under `/apps/payments/`: payments, recording a payment,
matching money received to invoices, open and overdue invoices, the cash book."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.payments import accounts as acc
from addons.payments.errors import PaymentError
from addons.payments.matching import suggestions
from addons.payments.models import AccountKind, Payment, PaymentAllocation
from addons.payments.receivables import (
    days_overdue,
    is_partly_paid,
    open_invoices,
    payment_status,
    receivables_summary,
)
from addons.payments.service import (
    allocate,
    delete_payment,
    get_payment,
    record_payment,
)
from addons.payments.statements.web import routes as statement_routes
from addons.payments.translation import N_, _
from core.api import (
    Context,
    Document,
    Form,
    Formatter,
    ListQuery,
    flash,
    form_data,
    id_value,
    page,
    paginate,
    redirect,
    render,
)

BASE = "/apps/payments"
SORTS = ("date", "amount", "counterparty")
MSG_DATE = N_("Enter a date like 2026-03-19 or 19/03/2026.")
MSG_CHOOSE_INVOICE = N_("Choose an invoice.")
MSG_CHOOSE_ACCOUNT = N_("Choose an account.")
KIND_LABELS = {AccountKind.BANK: N_("Bank account"), AccountKind.CASH: N_("Cash register")}
STATUS_LABELS = {
    "open": N_("Open"),
    "partly_paid": N_("Partly paid"),
    "overdue": N_("Overdue"),
    "paid": N_("Paid"),
    "credited": N_("Credited"),
    "draft": N_("Draft"),
}


def parse_day(text: str | None, default: date | None = None) -> date | None:
    """A date typed as `2026-03-19` (date fields) or `19/03/2026`; `default` when empty."""
    text = (text or "").strip()
    if not text:
        return default
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise PaymentError(_(MSG_DATE))


def _int(text: str | None) -> int | None:
    return id_value(text)


def _account_options(ctx: Context) -> list[tuple[int, str]]:
    return [(a.id, f"{a.name} ({_(KIND_LABELS[a.kind]).lower()})") for a in acc.list_accounts(ctx)]


def _numbers(ctx: Context, payments: list[Payment]) -> dict[int, str]:
    ids = {a.document_id for p in payments for a in p.allocations}
    if not ids:
        return {}
    rows = ctx.session.execute(select(Document.id, Document.number).where(Document.id.in_(ids)))
    return {doc_id: number or f"#{doc_id}" for doc_id, number in rows}


@page()
async def payments_list(request: Request, ctx: Context) -> Response:
    """Every payment, newest first; `?show=unmatched` keeps those still to be matched."""
    query = ListQuery.from_request(request, SORTS, "-date")
    statement = select(Payment).options(selectinload(Payment.allocations))
    unmatched = request.query_params.get("show") == "unmatched"
    if unmatched:
        matched = (
            select(func.coalesce(func.sum(PaymentAllocation.amount), 0))
            .where(PaymentAllocation.payment_id == Payment.id)
            .scalar_subquery()
        )
        statement = statement.where(Payment.amount > 0, Payment.amount - matched >= acc.CENT)
    account_id = _int(request.query_params.get("account"))
    if account_id is not None:
        statement = statement.where(Payment.account_id == account_id)
    listing = paginate(
        ctx.session,
        statement,
        query,
        search=(Payment.counterparty, Payment.reference, Payment.description),
        sort={"date": Payment.date, "amount": Payment.amount, "counterparty": Payment.counterparty},
        scalars=True,
    )
    accounts = {a.id: a for a in acc.list_accounts(ctx, include_archived=True)}
    return render(
        request,
        ctx,
        "payments/list.html",
        {
            "title": _("Payments"),
            "listing": listing,
            "unmatched": unmatched,
            "accounts": accounts,
            "numbers": _numbers(ctx, listing.items),
        },
    )


def _invoice_options(ctx: Context) -> list[tuple[int, str]]:

    fmt = Formatter(ctx.language)
    return [
        (
            doc.id,
            f"{doc.number} — {(doc.party or {}).get('name', '')} — {fmt.money(doc.open_amount)}",
        )
        for doc in open_invoices(ctx)
    ]


def _record_page(request: Request, ctx: Context, form: Form, status: int = 200) -> Response:
    return render(
        request,
        ctx,
        "payments/record.html",
        {
            "title": _("Record a payment"),
            "form": form,
            "invoices": _invoice_options(ctx),
            "accounts": _account_options(ctx),
        },
        status_code=status,
    )


@page()
async def record_form(request: Request, ctx: Context) -> Response:
    """The form to record a payment, for the invoice given as `?invoice=`."""
    invoice_id = _int(request.query_params.get("invoice"))
    values: dict[str, Any] = {"date": date.today().isoformat(), "account": ""}
    default = acc.find_default_account(ctx)
    if default is not None:
        values["account"] = default.id
    if invoice_id is not None:
        doc = ctx.session.get(Document, invoice_id)
        if doc is not None:
            values.update(invoice=doc.id, amount=f"{doc.open_amount:.2f}")
    return _record_page(request, ctx, Form(values))


@page()
async def record_submit(request: Request, ctx: Context) -> Response:
    """Record the payment; the form comes back with every value and the error otherwise."""
    values = await form_data(request)
    form = Form(values)
    invoice_id = _int(values.get("invoice"))
    account_id = _int(values.get("account"))
    if invoice_id is None:
        form.add_error("invoice", _(MSG_CHOOSE_INVOICE))
    if account_id is None:
        form.add_error("account", _(MSG_CHOOSE_ACCOUNT))
    day: date | None = None
    try:
        day = parse_day(values.get("date"), date.today())
    except PaymentError as exc:
        form.add_error("date", str(exc))
    if not form.ok:
        return _record_page(request, ctx, form, 422)
    try:
        with ctx.session.begin_nested():
            payment = record_payment(
                ctx, invoice_id, values.get("amount", ""), day, account_id,
                values.get("reference", ""),
            )
    except (PaymentError, ValueError) as exc:
        form.add_error("amount", str(exc))
        return _record_page(request, ctx, form, 422)
    flash(request, _("Payment of %(amount)s recorded.") % {
        "amount": _money(ctx, payment.amount)}, "success")
    return redirect(f"{BASE}/", request)


def _money(ctx: Context, amount: Decimal) -> str:

    return Formatter(ctx.language).money(amount)


def _match_page(
    request: Request, ctx: Context, payment: Payment, form: Form, status: int = 200
) -> Response:
    return render(
        request,
        ctx,
        "payments/match.html",
        {
            "title": _("Match a payment"),
            "payment": payment,
            "form": form,
            "suggested": suggestions(ctx, payment),
            "invoices": _invoice_options(ctx),
        },
        status_code=status,
    )


def _payment_or_404(request: Request, ctx: Context) -> Payment:

    try:
        return get_payment(ctx, int(request.path_params["payment_id"]))
    except PaymentError:
        raise HTTPException(404) from None


@page()
async def match_form(request: Request, ctx: Context) -> Response:
    """Match money received to an open invoice, with suggestions."""
    payment = _payment_or_404(request, ctx)
    return _match_page(request, ctx, payment, Form({"amount": ""}))


@page()
async def match_submit(request: Request, ctx: Context) -> Response:
    """Match the payment (or part of it) to the chosen invoice."""
    payment = _payment_or_404(request, ctx)
    values = await form_data(request)
    form = Form(values)
    invoice_id = _int(values.get("invoice"))
    if invoice_id is None:
        form.add_error("invoice", _(MSG_CHOOSE_INVOICE))
        return _match_page(request, ctx, payment, form, 422)
    try:
        with ctx.session.begin_nested():
            allocate(ctx, payment, invoice_id, values.get("amount") or None)
    except (PaymentError, ValueError) as exc:
        form.add_error("amount", str(exc))
        return _match_page(request, ctx, payment, form, 422)
    flash(request, _("The payment is matched."), "success")
    return redirect(f"{BASE}/?show=unmatched", request)


@page()
async def delete(request: Request, ctx: Context) -> Response:
    """Delete a payment; the invoices it paid are open again for that amount."""
    payment = _payment_or_404(request, ctx)
    amount = payment.amount
    delete_payment(ctx, payment)
    flash(request, _("Payment of %(amount)s deleted.") % {"amount": _money(ctx, amount)},
          "success")
    return redirect(f"{BASE}/", request)


@page()
async def receivables(request: Request, ctx: Context) -> Response:
    """Open invoices with their status; the overdue ones first, with the totals."""
    today = date.today()
    only_overdue = request.query_params.get("show") == "overdue"
    docs = open_invoices(ctx)
    rows = [
        {"doc": doc, "status": payment_status(doc, today), "days": days_overdue(doc, today),
         "partly_paid": is_partly_paid(doc)}
        for doc in docs
    ]
    if only_overdue:
        rows = [row for row in rows if row["status"] == "overdue"]
    return render(
        request,
        ctx,
        "payments/receivables.html",
        {
            "title": _("Open invoices"),
            "rows": rows,
            "summary": receivables_summary(ctx, today),
            "only_overdue": only_overdue,
            "status_labels": {key: _(label) for key, label in STATUS_LABELS.items()},
        },
    )


@page()
async def cash_book_page(request: Request, ctx: Context) -> Response:
    """An account's movements with the running balance (the cash register by default)."""
    params = request.query_params
    errors: list[str] = []
    try:
        date_from = parse_day(params.get("from"))
        date_to = parse_day(params.get("to"))
    except PaymentError as exc:
        errors.append(str(exc))
        date_from = date_to = None
    account_id = _int(params.get("account"))
    try:
        book = acc.cash_book(ctx, account_id, date_from, date_to)
    except PaymentError as exc:
        errors.append(str(exc))
        book = acc.cash_book(ctx, None, date_from, date_to)
    return render(
        request,
        ctx,
        "payments/cash_book.html",
        {
            "title": _("Cash book"),
            "book": book,
            "accounts": _account_options(ctx),
            "errors": errors,
            "filters": Form({
                "account": book.account.id,
                "from": date_from.isoformat() if date_from else "",
                "to": date_to.isoformat() if date_to else "",
            }),
        },
    )


routes = [
    Route("/", payments_list),
    Route("/record", record_form),
    Route("/record", record_submit, methods=["POST"]),
    Route("/receivables", receivables),
    Route("/cash-book", cash_book_page),
    Route("/{payment_id:int}/match", match_form),
    Route("/{payment_id:int}/match", match_submit, methods=["POST"]),
    Route("/{payment_id:int}/delete", delete, methods=["POST"]),
    *statement_routes,
]
