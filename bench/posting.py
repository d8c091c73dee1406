"""Creating and posting invoices (5 lines each) through the documents services.

Each invoice is one unit of work, as in the application: open the tenant's context (write
lock on SQLite), create the draft with its lines, post it (number, structured communication,
frozen party), commit. For comparison the same rows are then written with plain SQLAlchemy
Core inserts, one transaction per invoice, and the ratio is printed.

Target: at least 1,000 invoices/s created and posted on SQLite.
Run: `.venv/bin/python bench/posting.py [--count 10000] [--pg-count N] [--no-postgres]`.
PostgreSQL is measured too: on `FACTURO_BENCH_PG_URL` if set (an empty database), else on a
throwaway cluster started with the machine's `initdb`/`pg_ctl` when one is available.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LINES = [
    ("Brood", "2", "3.10", "6"),
    ("Taart", "1", "24.00", "6"),
    ("Koffie", "3", "2.80", "21"),
    ("Verpakking", "1", "0.50", "21"),
    ("Levering", "1", "7.50", "21"),
]


def make_app(url: str) -> Any:
    """A migrated Facturo on the given database."""
    from core.app import Facturo
    from core.config import Settings
    from core.db.migrate import upgrade

    app = Facturo(Settings(database_url=url, secret_key="bench"))
    upgrade(app)
    return app


def new_tenant(app: Any, slug: str) -> tuple[int, int]:
    """A tenant and one customer of it."""
    from core.contacts.models import Contact
    from core.tenants.service import create_tenant

    tenant = create_tenant(app, f"Bench {slug}", slug=slug)
    with app.tenant_context(tenant.id) as ctx:
        contact = Contact(number="C00001", name="Bakkerij Peeters", street="Kerkstraat 1",
                          postal_code="9000", city="Gent", country="BE", language="nl")
        ctx.session.add(contact)
        ctx.session.flush()
        return tenant.id, contact.id


def run_services(
    app: Any, tenant_id: int, customer_id: int, count: int, batch: int = 1
) -> tuple[float, float]:
    """Create and post `count` invoices, `batch` per unit of work; (wall, CPU) seconds."""
    from core.documents.lines import LineData
    from core.documents.posting import post_document
    from core.documents.service import create_document

    lines = [LineData(description=d, quantity=q, unit_price=p, vat_rate=r)
             for d, q, p, r in LINES]
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(count // batch):
        with app.tenant_context(tenant_id, write=True) as ctx:
            for _ in range(batch):
                post_document(ctx, create_document(ctx, "invoice", customer_id, lines=lines))
    return time.perf_counter() - start, time.process_time() - cpu


def run_core(app: Any, tenant_id: int, customer_id: int, count: int) -> tuple[float, float]:
    """The same rows with plain Core statements, one transaction per invoice; seconds taken.

    A draft row, its lines, then the update to posted (lines of a posted document are
    refused by the database).
    """
    from sqlalchemy import bindparam, insert, update

    from core.db.base import utcnow
    from core.documents.models import Document, DocumentLine

    documents, lines = Document.__table__, DocumentLine.__table__
    today = date.today()
    post = update(documents).where(documents.c.id == bindparam("doc_id")).values(state="posted")
    start, cpu = time.perf_counter(), time.process_time()
    engine = app.db.engine.execution_options(sqlite_begin="IMMEDIATE")
    for i in range(count):
        now = utcnow()
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(
                    "SELECT set_config('facturo.tenant_id', %s, true)", (str(tenant_id),)
                )
            doc_id = conn.execute(insert(documents).returning(documents.c.id), {
                "tenant_id": tenant_id, "kind": "invoice", "state": "draft",
                "number": f"X{i:07d}", "customer_id": customer_id, "contact_person_id": None,
                "attention": "", "issue_date": today, "due_date": today,
                "payment_term_days": 30, "vat_regime": "standard",
                "vat_exemption_article": None, "language": "nl", "currency": "EUR",
                "structured_ref": f"{i:010d}00", "total_excl_vat": Decimal("52.30"),
                "total_vat": Decimal("4.87"), "total_incl_vat": Decimal("57.17"),
                "amount_paid": Decimal("0"), "amount_credited": Decimal("0"),
                "party": {"name": "Bakkerij Peeters"}, "notes": "", "internal_note": "",
                "custom_data": {}, "credited_document_id": None, "posted_at": now,
                "sent_at": None, "created_at": now, "updated_at": now,
            }).scalar_one()
            conn.execute(insert(lines), [
                {"tenant_id": tenant_id, "document_id": doc_id, "position": n,
                 "line_type": "free", "product_id": None, "description": d,
                 "quantity": Decimal(q), "unit": "", "unit_price": Decimal(p),
                 "discount_percent": Decimal("0"), "vat_rate": Decimal(r),
                 "vat_category": "S", "net_amount": Decimal(q) * Decimal(p),
                 "price_typed": True, "addon_id": None, "group": None,
                 "source_line_id": None}
                for n, (d, q, p, r) in enumerate(LINES, start=1)
            ])
            conn.execute(post, {"doc_id": doc_id})
    return time.perf_counter() - start, time.process_time() - cpu


def check(app: Any, tenant_id: int, count: int) -> None:
    """Every invoice posted, numbers 1..count without gap."""
    from sqlalchemy import func, select

    from core.documents.models import Document

    with app.tenant_context(tenant_id) as ctx:
        numbers = ctx.session.scalars(select(Document.number)).all()
        posted = ctx.session.scalar(
            select(func.count()).select_from(Document).where(Document.state == "posted"))
    year = date.today().year
    assert posted == count, posted
    assert len(numbers) == count
    assert set(numbers) == {f"F{year}{n:04d}" for n in range(1, count + 1)}


def measure(label: str, url: str, count: int) -> None:
    """The runs on one database, printed: wall-clock rate and rate per second of our CPU."""
    app = make_app(url)
    warm_tenant, warm_customer = new_tenant(app, "warm-up")
    run_services(app, warm_tenant, warm_customer, min(200, count))
    warm_core, warm_core_customer = new_tenant(app, "warm-up-core")
    run_core(app, warm_core, warm_core_customer, min(200, count))
    tenant_id, customer_id = new_tenant(app, "measured")
    services = run_services(app, tenant_id, customer_id, count)
    check(app, tenant_id, count)
    batch_tenant, batch_customer = new_tenant(app, "batches")
    batched = run_services(app, batch_tenant, batch_customer, count, batch=100)
    core_tenant, core_customer = new_tenant(app, "plain-core")
    core = run_core(app, core_tenant, core_customer, count)
    app.db.dispose()
    print(f"{label}: {count} invoices x {len(LINES)} lines  (invoices/s wall | per CPU second)")
    for name, (wall, cpu) in (
        ("services, one unit of work each", services),
        ("services, 100 per unit of work", batched),
        ("plain Core, one transaction each", core),
    ):
        print(f"  {name:34s} {count / wall:7.0f} | {count / cpu:7.0f}")
    print(f"  services / plain Core (wall time): {services[0] / core[0]:.1f} x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--pg-count", type=int, default=None)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="facturo-bench-")
    os.environ["FACTURO_VAR_DIR"] = folder
    os.environ.setdefault("FACTURO_SECRET_KEY", "bench")
    try:
        measure("SQLite", f"sqlite:///{folder}/bench.db", args.count)
        if not args.no_postgres:
            postgres(args.pg_count or args.count)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def postgres(count: int) -> None:
    """Measure on FACTURO_BENCH_PG_URL or on a throwaway cluster."""
    url = os.environ.get("FACTURO_BENCH_PG_URL")
    if url:
        measure("PostgreSQL", url, count)
        return
    from core.testing.postgres import PostgresUnavailable, TemporaryPostgres

    try:
        server = TemporaryPostgres().start()
    except PostgresUnavailable as exc:
        print(f"PostgreSQL skipped: {exc}")
        return
    try:
        server.superuser_sql("CREATE DATABASE facturo_bench OWNER facturo")
        measure("PostgreSQL", server.url("facturo_bench"), count)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
