"""Settings → Background jobs: the failed jobs of the company with their error and a Retry
button; administrators only; another company's jobs are neither shown nor retried."""

from __future__ import annotations

from core.api import enqueue
from core.outbox.models import JobState, OutboxJob
from core.outbox.runner import run_jobs
from core.tenants.models import Role
from core.testing.web import post_form

SAMPLE = "sample_outbox"


def state_of(app, tenant_id, job_id):
    with app.db.session(tenant_id) as session:
        job = session.get(OutboxJob, job_id)
        return job.state, job.attempts


def test_failed_jobs_are_listed_with_their_error_and_retried_from_settings(
        app, make_company, web_client, service):
    ours, theirs = make_company("Bakkerij Peeters"), make_company("Brouwerij Janssens")
    with app.tenant_context(ours.id) as ctx:
        ours_job = enqueue(ctx, "sample", "note", {"n": 1})
    with app.tenant_context(theirs.id) as ctx:
        their_job = enqueue(ctx, "sample", "call", {"url": service.url})
    service.answers = [(400, {"X-Why": "bad"})]
    app.addon_manager.switch_off(ours.id, SAMPLE)
    assert run_jobs(app, limit=10, worker_id="w1").failed == 2
    client = web_client(ours, language="en")
    page = client.get("/settings/jobs")
    assert page.status_code == 200
    assert "sample.note" in page.text
    assert "the app sample_outbox is off for this company" in page.text
    assert f"/settings/jobs/{ours_job}/retry" in page.text
    assert f"/settings/jobs/{their_job}/retry" not in page.text
    assert "400" not in page.text  # their error
    # another company's job cannot be retried from here
    assert post_form(client, f"/settings/jobs/{their_job}/retry").status_code == 404
    assert state_of(app, theirs.id, their_job) == (JobState.FAILED, 1)
    # switched on again, Retry runs it
    app.addon_manager.switch_on(ours.id, SAMPLE)
    answer = post_form(client, f"/settings/jobs/{ours_job}/retry")
    assert answer.status_code == 303
    assert state_of(app, ours.id, ours_job) == (JobState.QUEUED, 0)
    assert "1 job waits to be run." in client.get("/settings/jobs").text
    assert run_jobs(app, limit=10, worker_id="w1").done == 1
    assert state_of(app, ours.id, ours_job) == (JobState.DONE, 1)
    assert "No job failed." in client.get("/settings/jobs").text


def test_only_administrators_see_the_background_jobs(app, make_company, web_client):
    company = make_company("Bakkerij Peeters")
    for role, status in ((Role.MEMBER, 403), (Role.ACCOUNTANT, 403), (Role.ADMIN, 200)):
        client = web_client(company, role=role, language="en")
        assert client.get("/settings/jobs").status_code == status
