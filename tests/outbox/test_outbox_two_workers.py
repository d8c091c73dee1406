"""Two `facturo worker` processes on PostgreSQL share 1,000 jobs: each runs exactly once."""

from __future__ import annotations

import re
import signal
import time

import pytest
from test_outbox_worker_kill import start_worker

from core.api import enqueue

TENANTS = 4
PER_TENANT = 250


@pytest.mark.postgres_only
def test_two_workers_take_a_thousand_jobs_and_run_none_twice(
        app, make_company, service, tmp_path):
    companies = [make_company(f"Bakkerij {name}") for name in ("Peeters", "Janssens",
                                                               "Maes", "Jacobs")][:TENANTS]
    for company in companies:
        with app.tenant_context(company.id) as ctx:
            for n in range(PER_TENANT):
                enqueue(ctx, "sample_many", "call", {"url": service.url, "n": n})
    workers = [start_worker(app, tmp_path, name) for name in ("w1", "w2")]
    try:
        deadline = time.monotonic() + 180
        while len(service.calls) < TENANTS * PER_TENANT and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(30)
    calls = service.keys()
    assert len(calls) == TENANTS * PER_TENANT
    assert set(calls.values()) == {1}
    assert {(call["tenant"], call["n"]) for call in service.calls} == {
        (company.id, n) for company in companies for n in range(PER_TENANT)}
    done = {}
    for name in ("w1", "w2"):
        log = (tmp_path / f"{name}.log").read_text()
        found = re.search(r"stopped: (\d+) jobs done", log)
        assert found, log
        done[name] = int(found.group(1))
    assert sum(done.values()) == TENANTS * PER_TENANT
    assert min(done.values()) > 0, done  # both took a share
