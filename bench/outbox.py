"""Outbox: what queuing a call to an outside service adds to a customer save, and how fast
one worker runs queued jobs.

A customer save is `create_customer` in a unit of work of its own (committed); the same
save with `enqueue(ctx, ...)` of one job keyed on the customer is compared with it, in
alternating rounds so that both see the same machine. The time of the `enqueue` call alone
is measured too. Target: under 0.2 ms added per save.

Run: `.venv/bin/python bench/outbox.py [--saves 500] [--rounds 5] [--database-url URL
--owner-url URL]`. The database is a throwaway SQLite file unless URLs are given (an empty
PostgreSQL database: the application's role and the tables' owner).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "outbox" / "sample_addons"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--owner-url", default=None, help="PostgreSQL: the tables' owner")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FACTURO_VAR_DIR"] = folder
        from core.addons.catalogue import Catalogue
        from core.addons.discovery import discover, locate
        from core.api import create_customer, enqueue
        from core.app import Facturo
        from core.config import Settings
        from core.db.migrate import upgrade
        from core.outbox.runner import run_jobs
        from core.tenants.service import create_tenant

        catalogue = Catalogue.load([*discover(), locate("sample_outbox", "sample_outbox")])
        url = options.database_url or f"sqlite:///{folder}/bench.db"
        app = Facturo(Settings(database_url=url, owner_database_url=options.owner_url,
                               secret_key="bench"), catalogue=catalogue)
        upgrade(app)
        tenant = create_tenant(app, f"Bench {os.getpid()} BV")
        app.addon_manager.switch_on(tenant.id, "sample_outbox")
        enqueue_times: list[float] = []

        def save(n: int, with_job: bool) -> None:
            with app.tenant_context(tenant.id) as ctx:
                customer = create_customer(ctx, {"name": f"Klant {n}",
                                                 "email": f"klant{n}@example.be"})
                if with_job:
                    start = time.perf_counter()
                    enqueue(ctx, "sample_many", "call", {"contact_id": customer.id},
                            idempotency_key=f"upsert:{customer.id}")
                    enqueue_times.append(time.perf_counter() - start)

        for n in range(50):  # warm up caches and statements
            save(-n - 1, n % 2 == 0)
        enqueue_times.clear()
        plain: list[float] = []
        queued: list[float] = []
        counter = 0
        for _round in range(options.rounds * options.saves):
            for with_job, sink in ((False, plain), (True, queued)):
                counter += 1
                start = time.perf_counter()
                save(counter, with_job)
                sink.append(time.perf_counter() - start)
        base, withjob = statistics.median(plain), statistics.median(queued)
        print(f"customer save (own unit of work), median: {base * 1000:.3f} ms; with one job "
              f"queued: {withjob * 1000:.3f} ms; added {(withjob - base) * 1000:+.3f} ms "
              f"({len(plain)} saves each, alternating)")
        print(f"enqueue call alone: median {statistics.median(enqueue_times) * 1000:.3f} ms, "
              f"p95 {sorted(enqueue_times)[int(len(enqueue_times) * 0.95)] * 1000:.3f} ms "
              f"over {len(enqueue_times)} calls (target < 0.2 ms)")
        jobs = options.rounds * options.saves + 25
        start = time.perf_counter()
        ran = 0
        while True:
            report = run_jobs(app, limit=200, worker_id="bench")
            if not report.handled:
                break
            ran += report.done
        elapsed = time.perf_counter() - start
        print(f"one worker ran {ran} of {jobs} jobs (no remote call) in {elapsed:.1f} s: "
              f"{ran / elapsed:.0f} jobs/s")
        app.db.dispose()


if __name__ == "__main__":
    main()
