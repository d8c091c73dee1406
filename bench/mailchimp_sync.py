"""A full MailChimp sync of 10,000 customers through batches, to the local MailChimp server.

Target: every customer in the audience (members, then their tags) in under 60 s.
Run: `.venv/bin/python bench/mailchimp_sync.py [--customers 10000] [--worker] [--postgres]`
(default: a fresh SQLite file; `--worker` drives the sync through the outbox jobs as
`facturo worker` does, instead of the command line's loop; `--postgres` starts a throwaway
cluster). The server runs in this process, on loopback.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console

API_KEY = "0123456789abcdef0123456789abcdef-us21"
LABELS = ["Horeca", "Particulier", "Groothandel", "VIP"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--worker", action="store_true", help="through the outbox jobs")
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="facturo-bench-")
    os.environ["FACTURO_VAR_DIR"] = folder
    os.environ.setdefault("FACTURO_SECRET_KEY", "bench")

    from sqlalchemy import delete, insert, select

    from addons.mailchimp.fullsync import latest_sync, run_full_sync
    from addons.mailchimp.queue import queue_full_sync
    from addons.mailchimp.tests.server import MailChimpServer, MailChimpState
    from core.app import Facturo
    from core.config import Settings
    from core.contacts.models import Contact, ContactTag
    from core.contacts.tags import ensure_tags
    from core.db.base import utcnow
    from core.db.migrate import upgrade
    from core.outbox.models import OutboxJob
    from core.outbox.runner import run_jobs
    from core.tenants.service import create_tenant

    console = Console()
    server = None
    url = f"sqlite:///{folder}/bench.db"
    if args.postgres:
        from core.testing.postgres import TemporaryPostgres

        server = TemporaryPostgres().start()
        server.superuser_sql("CREATE DATABASE bench OWNER facturo")
        url = server.url("bench")
    state = MailChimpState(API_KEY)
    with MailChimpServer(state) as mailchimp:
        os.environ["FACTURO_MAILCHIMP_URL"] = mailchimp.url
        app = Facturo(Settings(database_url=url, secret_key="bench"))
        upgrade(app)
        tenant = create_tenant(app, "Bench BV")
        app.addon_manager.switch_on(tenant.id, "mailchimp")
        app.addon_manager.configure(tenant.id, "mailchimp",
                                    {"api_key": API_KEY, "audience": "a1b2c3"})
        with app.tenant_context(tenant.id) as ctx:
            tags = ensure_tags(ctx, LABELS)
            rows = [{"tenant_id": tenant.id, "number": f"K{n:06d}", "name": f"Klant {n} Peeters",
                     "is_company": n % 3 == 0, "email": f"klant{n}@example.be",
                     "language": ("nl", "fr", "en")[n % 3], "is_customer": True}
                    for n in range(args.customers)]
            ctx.session.execute(insert(Contact), rows)
            ids = list(ctx.session.scalars(select(Contact.id).order_by(Contact.id)))
            ctx.session.execute(insert(ContactTag), [
                {"tenant_id": tenant.id, "contact_id": contact_id,
                 "tag_id": tags[LABELS[n % 4].lower()].id}
                for n, contact_id in enumerate(ids) if n % 2 == 0])
            ctx.session.execute(delete(OutboxJob))
        console.print(f"{args.customers:,} customers (half with a label), database "
                      f"{app.db.dialect}, {'outbox worker' if args.worker else 'command line'}")
        started = time.perf_counter()
        if args.worker:
            with app.tenant_context(tenant.id) as ctx:
                queue_full_sync(ctx)
            clock = utcnow()
            while True:
                run_jobs(app, limit=50, now=clock)
                with app.tenant_context(tenant.id, read_only=True) as ctx:
                    sync = latest_sync(ctx)
                    if sync.state in ("finished", "failed"):
                        break
                clock += timedelta(seconds=2)  # the next look is due 2 s later
                time.sleep(0.05)
        else:
            run_full_sync(app, tenant.id, pause=0.05)
        elapsed = time.perf_counter() - started
        with app.tenant_context(tenant.id, read_only=True) as ctx:
            sync = latest_sync(ctx)
            outcome = (sync.state, sync.total, sync.failed, len(sync.batches))
        members = state.members["a1b2c3"]
        tagged = sum(1 for m in members.values() if m.tags)
        console.print(f"state {outcome[0]}: {outcome[1]:,} operations in {outcome[3]} batches, "
                      f"{outcome[2]} refused; {len(members):,} members, {tagged:,} tagged")
        ok = len(members) == args.customers and outcome[0] == "finished"
        console.print(f"[bold]{elapsed:.1f} s[/bold] for the full sync; target < 60 s: "
                      f"{'OK' if ok and elapsed < 60 else 'MISSED'}")
        app.db.dispose()
    if server is not None:
        server.stop()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
