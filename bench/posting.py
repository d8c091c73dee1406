"""Creating and posting invoices (5 product lines each) through the documents services.

The bench tenant works as a shop does: the products, quotes, delivery_notes and payments
addons are on, and every line is a product line of one of its 5 products (name, unit, VAT
rate and price come from the products addon's hooks). Each invoice is one unit of work, as
in the application: open the tenant's context (write lock on SQLite), create the draft with
its lines, post it (number, structured communication, frozen party), commit. The same runs
with 100 invoices per unit of work, first looping over the single-document services, then
through the batch service `create_and_post_many` (recurring invoicing, imports). For
comparison the same rows are written with plain SQLAlchemy Core inserts, one transaction
per invoice and 100 per transaction, and each services path is set against the Core run of
the same shape.

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

# product name, quantity, sale price, VAT rate
LINES = [
    ("Brood", "2", "3.10", "6"),
    ("Taart", "1", "24.00", "6"),
    ("Koffie", "3", "2.80", "21"),
    ("Verpakking", "1", "0.50", "21"),
    ("Levering", "1", "7.50", "21"),
]
ADDONS = ("products", "quotes", "delivery_notes", "payments")


def make_app(url: str) -> Any:
    """A migrated Facturo on the given database."""
    from core.app import Facturo
    from core.config import Settings
    from core.db.migrate import upgrade

    app = Facturo(Settings(database_url=url, secret_key="bench"))
    upgrade(app)
    return app


class Shop:
    """A bench tenant: its id, its customer and its products (one per line of LINES)."""

    def __init__(self, tenant_id: int, customer_id: int, product_ids: list[int]) -> None:
        self.tenant_id = tenant_id
        self.customer_id = customer_id
        self.product_ids = product_ids


def new_tenant(app: Any, slug: str) -> Shop:
    """A tenant with the shop's addons on, one customer and the products of LINES."""
    from addons.products.service import create_product
    from core.contacts.models import Contact
    from core.tenants.service import create_tenant

    tenant = create_tenant(app, f"Bench {slug}", slug=slug)
    for addon_id in ADDONS:
        app.addon_manager.switch_on(tenant.id, addon_id)
    with app.tenant_context(tenant.id, write=True) as ctx:
        assert set(ADDONS) <= ctx.active, ctx.active
        contact = Contact(number="C00001", name="Bakkerij Peeters", street="Kerkstraat 1",
                          postal_code="9000", city="Gent", country="BE", language="nl")
        ctx.session.add(contact)
        ctx.session.flush()
        products = [
            create_product(ctx, {"name": name, "unit": "C62", "sale_price": price,
                                 "vat_rate": rate}).id
            for name, _quantity, price, rate in LINES
        ]
        return Shop(tenant.id, contact.id, products)


def run_services(app: Any, shop: Shop, count: int, batch: int = 1) -> tuple[float, float]:
    """Create and post `count` invoices, `batch` per unit of work; (wall, CPU) seconds."""
    from core.documents.lines import LineData
    from core.documents.posting import post_document
    from core.documents.service import create_document

    tenant_id, customer_id = shop.tenant_id, shop.customer_id
    lines = [LineData(line_type="product", product_id=product_id, quantity=quantity)
             for product_id, (_name, quantity, _price, _rate) in zip(
                 shop.product_ids, LINES, strict=True)]
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(count // batch):
        with app.tenant_context(tenant_id, write=True) as ctx:
            for _ in range(batch):
                post_document(ctx, create_document(ctx, "invoice", customer_id, lines=lines))
    return time.perf_counter() - start, time.process_time() - cpu


def run_batches(app: Any, shop: Shop, count: int, batch: int) -> tuple[float, float]:
    """`create_and_post_many`, `batch` invoices per call and unit of work; (wall, CPU) s."""
    from core.documents.batch import NewDocument, create_and_post_many
    from core.documents.lines import LineData

    lines = [LineData(line_type="product", product_id=product_id, quantity=quantity)
             for product_id, (_name, quantity, _price, _rate) in zip(
                 shop.product_ids, LINES, strict=True)]
    invoice = NewDocument(shop.customer_id, lines)
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(count // batch):
        with app.tenant_context(shop.tenant_id, write=True) as ctx:
            create_and_post_many(ctx, "invoice", [invoice] * batch)
    return time.perf_counter() - start, time.process_time() - cpu


def run_core(app: Any, shop: Shop, count: int, batch: int = 1) -> tuple[float, float]:
    """The same rows with plain Core statements, `batch` invoices per transaction; seconds.

    Per invoice a draft row, its lines, then the update to posted (lines of a posted
    document are refused by the database); the statements are the same whatever the batch.
    """
    start, cpu = time.perf_counter(), time.process_time()
    engine = app.db.engine.execution_options(sqlite_begin="IMMEDIATE")
    for first in range(0, count, batch):
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(
                    "SELECT set_config('facturo.tenant_id', %s, true)", (str(shop.tenant_id),)
                )
            for i in range(first, min(first + batch, count)):
                core_invoice(conn, shop, i)
    return time.perf_counter() - start, time.process_time() - cpu


def core_invoice(conn: Any, shop: Shop, i: int) -> None:
    """One invoice's rows written with plain Core statements on an open connection."""
    from sqlalchemy import bindparam, insert, update

    from core.db.base import utcnow
    from core.documents.models import Document, DocumentLine

    tenant_id, customer_id = shop.tenant_id, shop.customer_id
    documents, lines = Document.__table__, DocumentLine.__table__
    today = date.today()
    post = update(documents).where(documents.c.id == bindparam("doc_id")).values(state="posted")
    now = utcnow()
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
         "line_type": "product", "product_id": product_id, "description": d,
         "quantity": Decimal(q), "unit": "C62", "unit_price": Decimal(p),
         "discount_percent": Decimal("0"), "vat_rate": Decimal(r),
         "vat_category": "S", "net_amount": Decimal(q) * Decimal(p),
         "price_typed": True, "addon_id": None, "group": None,
         "source_line_id": None}
        for n, (product_id, (d, q, p, r)) in enumerate(
            zip(shop.product_ids, LINES, strict=True), start=1)
    ])
    conn.execute(post, {"doc_id": doc_id})


def check(app: Any, shop: Shop, count: int) -> None:
    """Every invoice posted, numbers 1..count without gap, lines priced from the products."""
    from sqlalchemy import func, select

    from core.documents.models import Document, DocumentLine

    with app.tenant_context(shop.tenant_id) as ctx:
        numbers = ctx.session.scalars(select(Document.number)).all()
        posted = ctx.session.scalar(
            select(func.count()).select_from(Document).where(Document.state == "posted"))
        seen = set(ctx.session.execute(
            select(DocumentLine.product_id, DocumentLine.description, DocumentLine.unit_price,
                   DocumentLine.vat_rate).distinct()).all())
    expected = {(product_id, name, Decimal(price), Decimal(rate))
                for product_id, (name, _quantity, price, rate) in zip(
                    shop.product_ids, LINES, strict=True)}
    assert seen == expected, seen
    year = date.today().year
    assert posted == count, posted
    assert len(numbers) == count
    assert set(numbers) == {f"F{year}{n:04d}" for n in range(1, count + 1)}


BATCH = 100


def measure(label: str, url: str, count: int) -> None:
    """The runs on one database, printed: wall-clock rate and rate per second of our CPU."""
    app = make_app(url)
    run_services(app, new_tenant(app, "warm-up"), min(200, count))
    run_batches(app, new_tenant(app, "warm-up-many"), min(200, count), BATCH)
    run_core(app, new_tenant(app, "warm-up-core"), min(200, count))
    measured = new_tenant(app, "measured")
    services = run_services(app, measured, count)
    check(app, measured, count)
    looped = run_services(app, new_tenant(app, "loop-batches"), count, batch=BATCH)
    many = new_tenant(app, "many")
    batches = run_batches(app, many, count, BATCH)
    check(app, many, count)
    core = run_core(app, new_tenant(app, "plain-core"), count)
    core_batches = run_core(app, new_tenant(app, "plain-core-batches"), count, batch=BATCH)
    app.db.dispose()
    print(f"{label}: {count} invoices x {len(LINES)} product lines, addons on: "
          f"{', '.join(ADDONS)}  (invoices/s wall | per CPU second)")
    for name, (wall, cpu) in (
        ("create_document + post_document, one unit of work each", services),
        (f"create_document + post_document, {BATCH} per unit of work", looped),
        (f"create_and_post_many, {BATCH} per call and unit of work", batches),
        ("plain Core, one transaction each", core),
        (f"plain Core, {BATCH} per transaction", core_batches),
    ):
        print(f"  {name:58s} {count / wall:7.0f} | {count / cpu:7.0f}")
    for name, (wall, _cpu), (core_wall, _core_cpu) in (
        ("one per unit of work: services / plain Core", services, core),
        (f"{BATCH} per unit of work: create_and_post_many / plain Core", batches, core_batches),
    ):
        print(f"  {name}: {wall / core_wall:.1f} x the time"
              f"  (services reach {core_wall / wall:.0%} of Core's rate)")


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
