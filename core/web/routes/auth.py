"""Logging in and out, choosing the login page's language, resetting a forgotten password."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.i18n import LANGUAGE_NAMES, UI_LANGUAGES, _, current_language, ngettext, use_language
from core.tenants.models import Invitation
from core.tenants.service import authenticate
from core.web.forms import Form, form_data
from core.web.identity import LANGUAGE_KEY, end_session, facturo, identify, start_session
from core.web.pages import flash, public, redirect, render_public, safe_next
from core.web.passwords import (
    MIN_PASSWORD_LENGTH,
    find_active_user,
    link_problem,
    password_link,
    send_password_link,
    set_password,
    user_for_token,
)
from core.web.throttle import LoginLimits

if TYPE_CHECKING:
    from core.context import Kernel

log = logging.getLogger(__name__)

def login_limits(request: Request) -> LoginLimits:
    """The application's login throttle."""
    return request.app.state.login_limits  # type: ignore[no-any-return]


def reset_limits(request: Request) -> LoginLimits:
    """The throttle of password-link requests."""
    return request.app.state.reset_limits  # type: ignore[no-any-return]


def client_address(request: Request) -> str:
    """The client's address: the peer's, or the one a trusted proxy forwarded."""
    return request.client.host if request.client else "unknown"


def _login_page(request: Request, form: Form, status: int = 200) -> Response:
    return render_public(
        request, "auth/login.html",
        {"title": _("Log in"), "form": form,
         "language_options": [(code, LANGUAGE_NAMES[code]) for code in UI_LANGUAGES]},
        status_code=status,
    )


@public
async def login(request: Request) -> Response:
    """The login form; logging in sends the user where they were going."""
    if request.method == "GET":
        if identify(request) is not None:
            return redirect(safe_next(request.query_params.get("next")))
        return _login_page(request, Form({"next": request.query_params.get("next", "")}))
    values = await form_data(request)
    form = Form({"email": values.get("email", ""), "next": values.get("next", "")})
    email, address = form.value("email"), client_address(request)
    wait = login_limits(request).wait_seconds(email, address)
    if wait:
        log.warning("login for %s from %s refused: too many failures", email, address)
        minutes = max(1, (wait + 59) // 60)
        form.add_error("password", _("Too many failed attempts. Try again in %(minutes)d "
                                     "minutes.") % {"minutes": minutes})
        return _login_page(request, form, 429)
    user = authenticate(facturo(request), form.value("email"), values.get("password", ""))
    if user is None:
        log.info("failed login for %s from %s", email, address)
        login_limits(request).failed(email, address)
        form.add_error("password", _("The e-mail address or the password is wrong."))
        return _login_page(request, form, 400)
    login_limits(request).succeeded(email, address)
    start_session(request, facturo(request), user)
    _announce_invitations(request, user.id, user.language)
    return redirect(safe_next(form.value("next")))


def _announce_invitations(request: Request, user_id: int, language: str) -> None:
    with facturo(request).db.session() as session:
        count = session.scalar(select(func.count()).select_from(Invitation)
                               .where(Invitation.user_id == user_id)) or 0
    if count:
        with use_language(language):
            flash(request, ngettext(
                "A company invites you: answer under My account → Invitations.",
                "%(num)d companies invite you: answer under My account → Invitations.",
                count) % {"num": count}, "info")


@public
async def logout(request: Request) -> Response:
    """End the session."""
    end_session(request)
    flash(request, _("You are logged out."), "success")
    return redirect("/login")


@public
async def choose_language(request: Request) -> Response:
    """Remember the language chosen on a public page."""
    values = await form_data(request)
    if values.get("language") in UI_LANGUAGES:
        request.session[LANGUAGE_KEY] = values["language"]
    return redirect(safe_next(values.get("next")))


@public
async def forgot_password(request: Request) -> Response:
    """Ask for a password link by e-mail; the answer never tells whether the address exists.

    Known and unknown addresses take the same path and the same time: one lookup, then the
    answer; the mail (platform mail, on the configured public URL) is sent after the answer
    went out. At most a handful of links per address and per client within the throttle's
    window.
    """
    form = Form()
    status = 200
    if request.method == "POST":
        app = facturo(request)
        values = await form_data(request)
        form.values["email"] = values.get("email", "")
        problem = link_problem(app)
        if "@" not in form.value("email"):
            form.add_error("email", _("Enter your e-mail address."))
            status = 422
        elif problem is not None:
            form.add_error("email", problem)
            status = 503
        else:
            email, address = form.value("email"), client_address(request)
            limits = reset_limits(request)
            user = None if limits.wait_seconds(email, address) else find_active_user(app, email)
            limits.failed(email, address)  # every request counts: no flood of e-mails
            flash(request, _("If this address belongs to an account, a link to choose a new "
                             "password is on its way."), "success")
            response = redirect("/login")
            if user is not None:
                response.background = BackgroundTask(
                    send_password_link, app, user.email, user.language, password_link(app, user)
                )
            return response
    return render_public(
        request, "auth/forgot.html", {"title": _("Forgot your password?"), "form": form},
        status_code=status,
    )


@public
async def reset_password(request: Request) -> Response:
    """Choose a new password with a link from the e-mail."""
    app = facturo(request)
    token = request.path_params["token"]
    user = user_for_token(app, token)
    if user is None:
        return render_public(
            request, "auth/reset_invalid.html", {"title": _("This link no longer works")},
            status_code=400,
        )
    with use_language(user.language):
        return await _reset_form(request, app, user.id, user.email)


async def _reset_form(request: Request, app: Kernel, user_id: int, email: str) -> Response:
    form = Form()
    if request.method == "POST":
        values = await form_data(request)
        password = values.get("password", "")
        if len(password) < MIN_PASSWORD_LENGTH:
            form.add_error("password", ngettext("Use at least %(count)d character.",
                                    "Use at least %(count)d characters.", MIN_PASSWORD_LENGTH)
                           % {"count": MIN_PASSWORD_LENGTH})
        elif password != values.get("password_again", ""):
            form.add_error("password_again", _("The two passwords differ."))
        else:
            set_password(app, user_id, password)
            end_session(request)
            request.session[LANGUAGE_KEY] = current_language()
            flash(request, _("Your password is set. You can log in now."), "success")
            return redirect("/login")
    return render_public(
        request, "auth/reset.html",
        {"title": _("Choose a new password"), "form": form, "email": email},
        status_code=422 if form.errors else 200,
    )


routes = [
    Route("/login", login, methods=["GET", "POST"], name="login"),
    Route("/logout", logout, methods=["POST"], name="logout"),
    Route("/language", choose_language, methods=["POST"], name="language"),
    Route("/password/forgot", forgot_password, methods=["GET", "POST"], name="password_forgot"),
    Route("/password/reset/{token}", reset_password, methods=["GET", "POST"],
          name="password_reset"),
]
