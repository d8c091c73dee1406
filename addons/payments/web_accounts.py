"""Pages of the payment accounts under `/apps/payments/accounts`: the accounts with their IBAN
and BIC, editing one, and choosing the account customers are asked to pay on (both for
administrators only: they decide where customers send money)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.payments import accounts as acc
from addons.payments.errors import PaymentError
from addons.payments.models import AccountKind, PaymentAccount
from addons.payments.requests import choose_request_account, pay_to, request_account
from addons.payments.translation import _
from core.api import (
    Context,
    Form,
    current_details,
    flash,
    form_data,
    id_value,
    page,
    redirect,
    render,
)

BASE = "/apps/payments/accounts"
COMPANY = "company"
FIELDS = ("name", "iban", "bic")


class _Refused(Exception):
    """Raised to roll the changes of a form with an error back."""


def _account_or_404(request: Request, ctx: Context) -> PaymentAccount:
    try:
        return acc.get_account(ctx, request.path_params["account_id"])
    except PaymentError:
        raise HTTPException(404) from None


def _request_options(ctx: Context) -> list[tuple[str, str]]:
    company_iban = current_details(ctx).get("iban", "")
    options = [(COMPANY, _("The company's account (%(iban)s)")
                % {"iban": company_iban or _("not entered yet")})]
    options += [(str(a.id), f"{a.name} ({a.iban})") for a in acc.list_accounts(ctx)
                if a.kind == AccountKind.BANK and a.iban]
    return options


@page()
async def accounts_page(request: Request, ctx: Context) -> Response:
    """The tenant's accounts and the account customers are asked to pay on."""
    chosen = request_account(ctx)
    return render(request, ctx, "payments/accounts.html", {
        "title": _("Accounts"),
        "accounts": acc.list_accounts(ctx, include_archived=True),
        "pay_to": pay_to(ctx),
        "form": Form({"account": str(chosen.id) if chosen is not None else COMPANY}),
        "options": _request_options(ctx),
    })


@page(admin=True)
async def choose_submit(request: Request, ctx: Context) -> Response:
    """Keep the account customers are asked to pay on."""
    values = await form_data(request)
    choice = values.get("account", COMPANY)
    account = None if choice == COMPANY else id_value(choice)
    if choice != COMPANY and account is None:
        raise HTTPException(400)  # not one of the choices the page offers
    try:
        with ctx.session.begin_nested():
            choose_request_account(ctx, account)
    except (PaymentError, ValueError) as exc:
        flash(request, str(exc), "error")
        return redirect(BASE, request)
    flash(request, _("Customers are asked to pay on %(iban)s.")
          % {"iban": pay_to(ctx).iban or "—"}, "success")
    return redirect(BASE, request)


def _form_page(request: Request, ctx: Context, account: PaymentAccount, form: Form,
               status: int = 200) -> Response:
    return render(request, ctx, "payments/account_form.html", {
        "title": _("Account %(name)s") % {"name": account.name},
        "account": account, "form": form, "is_bank": account.kind == AccountKind.BANK,
    }, status_code=status)


@page(admin=True)
async def account_form(request: Request, ctx: Context) -> Response:
    """Change an account's name, IBAN and BIC."""
    account = _account_or_404(request, ctx)
    if request.method != "POST":
        return _form_page(request, ctx, account, Form(
            {"name": account.name, "iban": account.iban or "", "bic": account.bic or ""}))
    values = await form_data(request)
    form = Form({name: values.get(name, "") for name in FIELDS})
    changes = {"name": form.value("name")}
    if account.kind == AccountKind.BANK:
        changes.update(iban=form.value("iban"), bic=form.value("bic"))
    try:
        with ctx.session.begin_nested():  # all the changes or none
            for name, value in changes.items():
                try:
                    acc.update_account(ctx, account, **{name: value})
                except PaymentError as exc:
                    form.add_error(name, str(exc))
            if not form.ok:
                raise _Refused
    except _Refused:
        pass
    if not form.ok:
        return _form_page(request, ctx, account, form, 422)
    flash(request, _("Account %(name)s is saved.") % {"name": account.name}, "success")
    return redirect(BASE, request)


routes = [
    Route("/accounts", accounts_page),
    Route("/accounts/pay-to", choose_submit, methods=["POST"]),
    Route("/accounts/{account_id:int}", account_form, methods=["GET", "POST"]),
]
