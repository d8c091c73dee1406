"""The MailChimp page under `/apps/mailchimp/`: the audience, chosen from the account's list,
and the full sync with its progress."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.mailchimp.client import BadApiKey, MailChimpError
from addons.mailchimp.fullsync import FAILED, FINISHED, latest_sync
from addons.mailchimp.models import Member
from addons.mailchimp.queue import queue_full_sync
from addons.mailchimp.sync import ADDON, Account, account
from addons.mailchimp.translation import _
from core.api import Context, flash, form_data, in_worker, page, redirect, render

LOOKUP_TIMEOUT = 8.0


def _fetch(api_key: str) -> list[dict[str, Any]]:
    with Account(api_key, "").client(timeout=LOOKUP_TIMEOUT) as client:
        return client.audiences()


async def _audiences(ctx: Context) -> tuple[list[dict[str, Any]], str]:
    """The account's audiences, or an empty list and the reason."""
    key = str(ctx.addon_settings(ADDON).get("api_key") or "").strip()
    if not key:
        return [], _("Enter the API key in the app's settings first.")
    try:
        return await in_worker(_fetch, key), ""
    except BadApiKey:
        return [], _("An API key ends with its data centre, like …-us21.")
    except MailChimpError as exc:
        return [], _("MailChimp answered: %(error)s") % {"error": exc.title}


def _progress(sync: Any) -> dict[str, Any]:
    if sync is None:
        return {"sync": None, "running": False, "percent": 0}
    running = sync.state not in (FINISHED, FAILED)
    percent = int(100 * sync.done / sync.total) if sync.total else 0
    return {"sync": sync, "running": running, "percent": percent}


def _counts(ctx: Context) -> dict[str, int]:
    return dict(ctx.session.execute(
        select(Member.status, func.count()).group_by(Member.status)).all())


@page(admin=True)
async def index(request: Request, ctx: Context) -> Response:
    """The connection, the audience and the full sync."""
    settings = ctx.addon_settings(ADDON)
    return render(request, ctx, "mailchimp/index.html", {
        "title": "MailChimp", "has_key": bool(str(settings.get("api_key") or "").strip()),
        "audience": settings.get("audience") or "", "ready": account(ctx) is not None,
        "counts": _counts(ctx), **_progress(latest_sync(ctx)),
    })


@page(admin=True)
async def audiences(request: Request, ctx: Context) -> Response:
    """The account's audiences to choose from (GET), the choice saved (POST)."""
    found, problem = await _audiences(ctx)
    if request.method == "POST" and not problem:
        chosen = str((await form_data(request)).get("audience", ""))
        names = {a["id"]: a["name"] for a in found}
        if chosen in names:
            ctx.app.addon_manager.configure(ctx.tenant_id, ADDON, {"audience": chosen})
            flash(request, _("Customers now go to the audience %(name)s.")
                  % {"name": names[chosen]}, "success")
            return redirect("/apps/mailchimp/")
        problem = _("Choose one of the audiences of the account.")
    current = ctx.addon_settings(ADDON).get("audience") or ""
    return render(request, ctx, "mailchimp/audiences.html", {
        "title": _("Choose the audience"), "audiences": found, "problem": problem,
        "current": current}, status_code=422 if problem and request.method == "POST" else 200)


@page(admin=True, lock=True)
async def start(request: Request, ctx: Context) -> Response:
    """Queue a full sync (the one running already, if any)."""
    if account(ctx) is None:
        flash(request, _("Enter the API key and choose the audience first."), "error")
    else:
        queue_full_sync(ctx)
        flash(request, _("The full sync is queued; its progress shows below."), "success")
    return redirect("/apps/mailchimp/")


@page(admin=True)
async def progress(request: Request, ctx: Context) -> Response:
    """The progress of the latest full sync (polled while it runs)."""
    return render(request, ctx, "mailchimp/_progress.html", _progress(latest_sync(ctx)))


routes = [
    Route("/", index),
    Route("/audiences", audiences, methods=["GET", "POST"]),
    Route("/sync", start, methods=["POST"]),
    Route("/sync/progress", progress),
]
