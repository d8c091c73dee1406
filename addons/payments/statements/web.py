"""The statement importer under `/apps/payments/statements/`: upload a CODA file or a bank's
CSV export with its account → check what each line will become → import; then the
proposals to confirm and the lines left to handle."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.payments import accounts as acc
from addons.payments.errors import PaymentError
from addons.payments.models import AccountKind, PaymentAccount
from addons.payments.service import allocate, get_payment
from addons.payments.statements import keeping
from addons.payments.statements.errors import StatementError
from addons.payments.statements.importing import (
    Outcome,
    choose_account,
    import_statement,
    preview_lines,
    recent_imports,
)
from addons.payments.statements.proposals import bank_lines_to_handle, proposal_for
from addons.payments.statements.reader import ParsedStatement, read_statement
from addons.payments.translation import _, ngettext
from core.api import Context, Form, discard_upload, flash, form_data, page, redirect, render

BASE = "/apps/payments/statements"


def _bank_accounts(ctx: Context) -> list[tuple[int | str, str]]:
    choices: list[tuple[int | str, str]] = [("", _("The account of the statement"))]
    choices += [(a.id, f"{a.name} ({a.iban})" if a.iban else a.name)
                for a in acc.list_accounts(ctx) if a.kind == AccountKind.BANK]
    return choices


def _upload_page(request: Request, ctx: Context, form: Form, status: int = 200) -> Response:
    return render(request, ctx, "payments/statements_upload.html", {
        "title": _("Import a bank statement"), "form": form, "accounts": _bank_accounts(ctx),
    }, status_code=status)


def _account_id(text: object) -> int | None:
    try:
        return int(str(text)) if text not in (None, "") else None
    except ValueError:
        return None


@page()
async def upload(request: Request, ctx: Context) -> Response:
    """Step 1: choose the file and the account (GET); read and keep the statement (POST)."""
    if request.method != "POST":
        return _upload_page(request, ctx, Form({"account": ""}))
    posted = await request.form()
    account_id = _account_id(posted.get("account"))
    form = Form({"account": account_id or ""})
    file = posted.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        form.add_error("file", _("Choose a CODA file or a CSV export of your bank."))
        return _upload_page(request, ctx, form, 422)
    try:
        parsed = read_statement(await file.read(), file.filename)
        if not parsed.lines:
            raise StatementError(_("This statement holds no lines."))
        account = choose_account(ctx, parsed, account_id)
    except PaymentError as exc:
        form.add_error("file", str(exc))
        return _upload_page(request, ctx, form, 422)
    token = keeping.keep(ctx, parsed, file.filename)
    return redirect(f"{BASE}/import/{token}?account={account.id}", request)


def _kept(
    request: Request, ctx: Context, account_text: object
) -> tuple[str, ParsedStatement, PaymentAccount, str]:
    """The kept statement of the URL's token and its account; a `PaymentError` otherwise."""
    token = request.path_params["token"]
    parsed, filename = keeping.find(ctx, token)
    return token, parsed, choose_account(ctx, parsed, _account_id(account_text)), filename


def _gone(request: Request, ctx: Context, problem: PaymentError) -> Response:
    form = Form({"account": ""})
    form.add_error("file", str(problem))
    return _upload_page(request, ctx, form, 404)


@page()
async def check(request: Request, ctx: Context) -> Response:
    """Step 2: every line with what importing it will do; nothing is written yet."""
    try:
        token, parsed, account, filename = _kept(
            request, ctx, request.query_params.get("account"))
    except PaymentError as exc:
        return _gone(request, ctx, exc)
    rows = preview_lines(ctx, parsed, account)
    counts = {outcome: sum(1 for row in rows if row.outcome == outcome)
              for outcome in (Outcome.KNOWN, Outcome.MATCHED, Outcome.PROPOSAL,
                              Outcome.TO_HANDLE, Outcome.OUTGOING)}
    return render(request, ctx, "payments/statements_check.html", {
        "title": _("Check before importing"), "token": token, "rows": rows,
        "account": account, "filename": filename, "format": parsed.format, "counts": counts,
        "labels": {
            Outcome.KNOWN: _("Imported before: skipped"),
            Outcome.MATCHED: _("Matched on the structured communication"),
            Outcome.PROPOSAL: _("Proposal to confirm"),
            Outcome.TO_HANDLE: _("To handle"),
            Outcome.OUTGOING: _("Money out"),
        },
    })


@page(lock=True)
async def run(request: Request, ctx: Context) -> Response:
    """Step 3: import the lines; matched invoices follow, the rest waits on the proposals."""
    values = await form_data(request)
    try:
        token, parsed, account, filename = _kept(request, ctx, values.get("account"))
    except PaymentError as exc:
        return _gone(request, ctx, exc)
    with ctx.session.begin_nested():
        result = import_statement(ctx, parsed, account, filename)
    discard_upload(ctx, token)
    added = len(result.matched) + len(result.unmatched)
    message = ngettext("%(num)d line imported", "%(num)d lines imported", added) % {
        "num": added}
    message += ", " + ngettext("%(num)d matched", "%(num)d matched",
                               len(result.matched)) % {"num": len(result.matched)}
    if result.duplicates:
        message += ", " + ngettext("%(num)d imported before and skipped",
                                   "%(num)d imported before and skipped",
                                   result.duplicates) % {"num": result.duplicates}
    flash(request, message + ".", "success")
    return redirect(f"{BASE}/proposals", request)


@page()
async def proposals(request: Request, ctx: Context) -> Response:
    """Bank lines not matched yet: with a proposal to confirm, or left to handle."""
    rows = [(payment, proposal_for(ctx, payment)) for payment in bank_lines_to_handle(ctx)]
    return render(request, ctx, "payments/statements_proposals.html", {
        "title": _("Bank lines to match"),
        "proposed": [(p, doc) for p, doc in rows if doc is not None],
        "to_handle": [p for p, doc in rows if doc is None],
        "imports": recent_imports(ctx),
    })


@page()
async def confirm(request: Request, ctx: Context) -> Response:
    """Confirm a proposal: the payment goes to the invoice that was proposed, and only that."""
    try:
        payment = get_payment(ctx, int(request.path_params["payment_id"]))
    except PaymentError:
        raise HTTPException(404) from None
    values = await form_data(request)
    proposal = proposal_for(ctx, payment)
    if proposal is None or str(proposal.id) != (values.get("invoice") or "").strip():
        flash(request, _("This proposal does not hold any more; match the line by hand."),
              "error")
        return redirect(f"{BASE}/proposals", request)
    with ctx.session.begin_nested():
        allocate(ctx, payment, proposal)
    flash(request, _("The payment is matched to %(number)s.") % {"number": proposal.number},
          "success")
    return redirect(f"{BASE}/proposals", request)


routes = [
    Route("/statements/import", upload, methods=["GET", "POST"]),
    Route("/statements/import/{token}", check),
    Route("/statements/import/{token}", run, methods=["POST"]),
    Route("/statements/proposals", proposals),
    Route("/statements/proposals/{payment_id:int}/confirm", confirm, methods=["POST"]),
]
