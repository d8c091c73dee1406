"""Error pages (403, 404, 405, 413, 500) with a title, in the visitor's language."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from core.addons.errors import HookError
from core.i18n import N_, gettext, use_language
from core.web.identity import Identity, anonymous_language, facturo, identify
from core.web.pages import render_public
from core.web.security import SECURITY_HEADERS

log = logging.getLogger(__name__)

TITLES = {
    400: N_("Bad request"),
    403: N_("Access denied"),
    404: N_("Page not found"),
    405: N_("Not allowed"),
    413: N_("Too much data"),
    500: N_("Something went wrong"),
}
EXPLANATIONS = {
    400: N_("The request could not be understood."),
    403: N_("You do not have access to this page."),
    404: N_("This page does not exist, or it is not available for your company."),
    405: N_("This page cannot be used this way."),
    413: N_("What you sent is larger than this page accepts."),
    500: N_("An unexpected error occurred. It has been logged; please try again later."),
}
HOOK_FAILED = N_(
    "The app %(app)s failed, so nothing was saved. Try again later; if it keeps failing, "
    "switch the app off or ask your operator."
)
REASONS = {
    "read-only": N_("Your role lets you look at everything but change nothing."),
    "admin-only": N_("Only administrators of this company can open this page."),
    "no-tenant": N_("Your account does not belong to any company yet."),
    "csrf": N_("This form has expired. Go back, reload the page and try again."),
    "page": N_("This list has no such page: the page number is too large."),
}


def _identity(request: Request) -> Identity | None:
    if "session" not in request.scope:
        return None
    try:
        return identify(request)
    except Exception:  # the error page must render even when the database does not answer
        log.exception("identity unavailable for the error page")
        return None


async def error_page(
    request: Request, status: int, reason: str = "", *, failed_addon: str | None = None
) -> Response:
    """The error page for a status code; `reason` picks a more precise explanation, and
    `failed_addon` says which app failed (its name in the visitor's language)."""
    identity = _identity(request)
    language = identity.language if identity is not None else anonymous_language(request)
    with use_language(language):
        title = gettext(TITLES.get(status, TITLES[500]))
        explanation = gettext(REASONS.get(reason) or EXPLANATIONS.get(status, EXPLANATIONS[500]))
        if failed_addon is not None:
            explanation = gettext(HOOK_FAILED) % {
                "app": _addon_label(request, failed_addon, language)
            }
        logged_in = identity is not None
        return render_public(
            request,
            "error.html",
            {"title": title, "status": status, "explanation": explanation,
             "logged_in": logged_in},
            status_code=status,
        )


async def http_exception(request: Request, exc: Exception) -> Response:
    """Starlette handler for HTTPException: our page instead of plain text."""
    assert isinstance(exc, HTTPException)
    status = exc.status_code if exc.status_code in TITLES else 400
    if exc.status_code < 400:
        return Response(status_code=exc.status_code, headers=exc.headers)
    response = await error_page(request, status, str(exc.detail or ""))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def _addon_label(request: Request, addon_id: str, language: str) -> str:
    catalogue = facturo(request).catalogue
    installed = catalogue.addons.get(addon_id)
    return installed.manifest.label(language) if installed is not None else addon_id


def _failed_addon(exc: BaseException) -> str | None:
    """The addon whose hook failed, when that is what went wrong (the cause is looked at
    too: a service may wrap the hook's error in its own)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, HookError):
            return seen.addon_id
        seen = seen.__cause__ or seen.__context__
    return None


async def server_error(request: Request, exc: Exception) -> Response:
    """Starlette handler for unexpected exceptions: the detail goes to the log; the page says
    which app failed, when an addon's hook did, and that nothing was saved."""
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    response = await error_page(request, 500, failed_addon=_failed_addon(exc))
    for name, value in SECURITY_HEADERS.items():  # this response bypasses the middleware
        response.headers.setdefault(name, value)
    return response
