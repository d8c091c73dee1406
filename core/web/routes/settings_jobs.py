"""Settings → Background jobs: the calls to outside services that failed for good (with
their error and a Retry button), and how many wait. Administrators only; one company's
jobs only."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.context import Context
from core.i18n import _, ngettext
from core.outbox.failed import failed_jobs, job_counts, retry_job
from core.outbox.models import JobState, OutboxJob
from core.web.forms import form_data
from core.web.ids import owned
from core.web.menu import SETTINGS, MenuItem
from core.web.pages import flash, page, redirect, render

BASE = "/settings/jobs"


def menu(ctx: Context) -> list[MenuItem]:
    """The Background jobs entry, for administrators."""
    return [MenuItem(_("Background jobs"), BASE, icon="clock", order=19, section=SETTINGS,
                     admin_only=True)]


@page(admin=True)
async def background_jobs(request: Request, ctx: Context) -> Response:
    """The failed jobs, the most recent first, and the number waiting."""
    counts = job_counts(ctx)
    waiting = sum(counts.get(state, 0) for state in (JobState.QUEUED, JobState.CLAIMED,
                                                     JobState.RUNNING))
    return render(request, ctx, "settings/jobs.html", {
        "title": _("Background jobs"), "jobs": failed_jobs(ctx),
        "waiting": ngettext("%(num)s job waits to be run.", "%(num)s jobs wait to be run.",
                            waiting) % {"num": waiting},
    })


@page(admin=True)
async def retry(request: Request, ctx: Context) -> Response:
    """Queue a failed job again (the worker runs it at its next round)."""
    await form_data(request)
    job = owned(ctx, OutboxJob, request.path_params["job_id"])
    if retry_job(ctx, job):
        flash(request, _("The job is queued again."), "success")
    else:
        flash(request, _("This job has not failed; nothing was changed."), "warning")
    return redirect(BASE, request)


routes = [
    Route(BASE, background_jobs, name="settings_jobs"),
    Route(BASE + "/{job_id:int}/retry", retry, methods=["POST"], name="settings_jobs_retry"),
]
