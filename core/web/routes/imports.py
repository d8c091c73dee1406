"""The progress page of a file being read for an import: `/imports/<job id>` shows the rows
read so far and polls `/imports/<job id>/status` (htmx every second, a meta refresh without
JavaScript); once the file is read both go on to the import's next step, a failure shows
its reason. Another tenant's or user's job id answers 404."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.context import Context
from core.i18n import _
from core.importing.jobs import DONE, FAILED, ImportJob, find_job
from core.web.pages import page, redirect, render


def _job(request: Request, ctx: Context) -> ImportJob:
    job = find_job(ctx, str(request.path_params["job_id"]))
    if job is None:
        raise HTTPException(404)
    return job


@page()
async def progress(request: Request, ctx: Context) -> Response:
    """The progress page; the next step once the file is read."""
    job = _job(request, ctx)
    if job.phase == DONE:
        return redirect(job.next, request)
    return render(request, ctx, "imports/progress.html", {
        "title": _("Reading %(name)s") % {"name": job.filename}, "job": job,
    }, status_code=422 if job.phase == FAILED else 200)


@page()
async def status(request: Request, ctx: Context) -> Response:
    """Rows read so far, phase and error of a job, as the fragment the page polls."""
    job = _job(request, ctx)
    if job.phase == DONE:
        return redirect(job.next, request)
    return render(request, ctx, "imports/_progress.html", {"job": job},
                  status_code=422 if job.phase == FAILED else 200)


routes = [
    Route("/imports/{job_id:str}", progress, name="import_progress"),
    Route("/imports/{job_id:str}/status", status, name="import_progress_status"),
]
