"""The user's own account (name, language) and the tenant switcher."""

from __future__ import annotations

from sqlalchemy import update
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.context import Context
from core.i18n import UI_LANGUAGES, _, ngettext, use_language
from core.tenants.models import User
from core.tenants.sessions import close_user_sessions
from core.web.forms import Form, form_data
from core.web.identity import LANGUAGE_KEY, choose_tenant, end_session, facturo, identify
from core.web.pages import flash, page, redirect, render, safe_next
from core.web.routes.auth import LANGUAGE_NAMES


@page(write=False)
async def account(request: Request, ctx: Context) -> Response:
    """See and change one's name and interface language."""
    identity = identify(request)
    assert identity is not None
    form = Form({"name": identity.name, "language": identity.language})
    if request.method == "POST":
        values = await form_data(request)
        form = Form({"name": values.get("name", ""), "language": values.get("language", "")})
        if len(form.value("name")) > 200:
            form.add_error("name", ngettext(
                "Use at most %(count)d character.", "Use at most %(count)d characters.", 200)
                % {"count": 200})
        if form.value("language") not in UI_LANGUAGES:
            form.add_error("language", _("Choose one of the languages."))
        if form.ok:
            ctx.session.execute(
                update(User).where(User.id == identity.user_id)
                .values(name=form.value("name"), language=form.value("language"))
            )
            request.session[LANGUAGE_KEY] = form.value("language")
            with use_language(form.value("language")):
                flash(request, _("Your account is saved."), "success")
            return redirect("/account")
    return render(
        request, ctx, "account.html",
        {"title": _("My account"), "form": form,
         "language_options": [(code, LANGUAGE_NAMES[code]) for code in UI_LANGUAGES]},
        status_code=422 if form.errors else 200,
    )


@page(write=False)
async def choose_language(request: Request, ctx: Context) -> Response:
    """Switch the interface language from the header and stay on the same page."""
    identity = identify(request)
    assert identity is not None
    values = await form_data(request)
    language = values.get("language", "")
    if language not in UI_LANGUAGES:
        flash(request, _("Choose one of the languages."), "error")
    else:
        ctx.session.execute(
            update(User).where(User.id == identity.user_id).values(language=language)
        )
        request.session[LANGUAGE_KEY] = language
    return redirect(safe_next(values.get("next")))


@page(write=False)
async def sign_out_everywhere(request: Request, ctx: Context) -> Response:
    """End every session of the user, this one included (a lost phone, a shared computer)."""
    identity = identify(request)
    assert identity is not None
    with facturo(request).db.engine.begin() as connection:
        close_user_sessions(connection, identity.user_id)
    end_session(request)
    flash(request, _("You are signed out everywhere."), "success")
    return redirect("/login")


@page(write=False)
async def switch_tenant(request: Request, ctx: Context) -> Response:
    """Work in another company the user belongs to."""
    values = await form_data(request)
    try:
        tenant_id = int(values.get("tenant_id", ""))
    except ValueError:
        tenant_id = 0
    if not choose_tenant(request, tenant_id):
        flash(request, _("You are not a member of that company."), "error")
        return redirect("/")
    identity = identify(request)
    assert identity is not None
    flash(request, _("You are now working in %(company)s.") % {"company": identity.tenant_name},
          "success")
    return redirect("/")


routes = [
    Route("/account", account, methods=["GET", "POST"], name="account"),
    Route("/account/language", choose_language, methods=["POST"], name="choose_language"),
    Route("/switch-tenant", switch_tenant, methods=["POST"], name="switch_tenant"),
    Route("/account/sign-out-everywhere", sign_out_everywhere, methods=["POST"],
          name="sign_out_everywhere"),
]
