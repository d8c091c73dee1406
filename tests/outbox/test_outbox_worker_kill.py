"""`facturo worker` killed with -9 in the middle of a batch: no job is lost, and no job whose
remote side is not idempotent is done twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from core.api import enqueue
from core.db.base import utcnow
from core.outbox.models import JobState, OutboxJob
from core.outbox.runner import run_jobs

WORKER = Path(__file__).parent / "worker_main.py"
JOBS = 40  # of each kind


def start_worker(app, tmp_path, name: str) -> subprocess.Popen:
    settings = app.settings
    env = {**os.environ, "FACTURO_DATABASE_URL": settings.database_url,
           "FACTURO_SECRET_KEY": "test-secret", "FACTURO_VAR_DIR": str(tmp_path / "var")}
    if settings.owner_database_url:
        env["FACTURO_DATABASE_OWNER_URL"] = settings.owner_database_url
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen(
        [sys.executable, str(WORKER), "worker", "--batch", "25", "--lease", "2",
         "--idle", "0.1", "--no-scheduled-jobs", "--no-mail", "--worker-id", name],
        env=env, stdout=log, stderr=subprocess.STDOUT)


def states(app, tenant_id):
    with app.db.session(tenant_id) as session:
        return dict(session.execute(
            select(OutboxJob.state, func.count()).group_by(OutboxJob.state)).all())


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_no_unsafe_call(
        app, make_company, service, tmp_path):
    company = make_company("Bakkerij Peeters")
    with app.tenant_context(company.id) as ctx:
        unsafe = {enqueue(ctx, "sample_once", "call", {"url": service.url, "n": n})
                  for n in range(JOBS)}
        safe = {enqueue(ctx, "sample_many", "call", {"url": service.url, "n": n})
                for n in range(JOBS)}
    service.delay = 0.01
    worker = start_worker(app, tmp_path, "doomed")
    try:
        deadline = time.monotonic() + 60
        while len(service.calls) < JOBS // 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(10)
    called_before = len(service.calls)
    assert 0 < called_before < 2 * JOBS, (tmp_path / "doomed.log").read_text()
    left = states(app, company.id)
    assert left.get(JobState.CLAIMED, 0) + left.get(JobState.RUNNING, 0) > 0  # mid-batch
    # the next worker, once the dead one's leases ran out
    later = utcnow() + timedelta(minutes=10)
    while run_jobs(app, limit=500, worker_id="next", now=later).handled:
        pass
    final = states(app, company.id)
    assert set(final) <= {JobState.DONE, JobState.FAILED}
    assert sum(final.values()) == 2 * JOBS
    with app.db.session(company.id) as session:
        rows = session.execute(select(OutboxJob.id, OutboxJob.idempotency_key,
                                      OutboxJob.state, OutboxJob.last_error)).all()
    calls = service.keys()
    for job_id, key, state, error in rows:
        if job_id in unsafe:
            assert calls[key] <= 1, f"job {job_id} reached the service {calls[key]} times"
            if state == JobState.FAILED:
                assert error.startswith("interrupted")
            else:
                assert calls[key] == 1
        else:
            assert job_id in safe
            assert state == JobState.DONE
            assert calls[key] >= 1  # the service dedups by key: one effect each
    failed = [row for row in rows if row.state == JobState.FAILED]
    assert len(failed) <= 1  # only the call in hand when the worker died
