"""Stored PDFs of posted documents: what storing costs at posting, what it saves when served.

Posts invoices (5 lines) one unit of work each, without the PDF (`post_document`, as a batch
does) and with it (`post_and_store`: post, commit, render, store), then serves every PDF
twice: the first time renders and stores the missing ones (`posted_pdf`), the second reads
them from the store.

Target: a stored PDF served in well under a millisecond, against some 90 ms to render one.
Run: `.venv/bin/python bench/stored_pdf.py [--count 100]` (a throwaway SQLite database).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
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


def setup(url: str) -> tuple[Any, int, int]:
    """A migrated Facturo, a tenant with a bank account and one customer."""
    from core.app import Facturo
    from core.config import Settings
    from core.contacts.service import create_customer
    from core.db.migrate import upgrade
    from core.documents.settings import set_setting
    from core.output.adapter import COMPANY_IBAN
    from core.tenants.service import create_tenant

    app = Facturo(Settings(database_url=url, secret_key="bench"))
    upgrade(app)
    tenant = create_tenant(app, "Bakkerij Janssens", slug="bench")
    with app.tenant_context(tenant.id, write=True) as ctx:
        set_setting(ctx.session, COMPANY_IBAN, "BE71 0961 2345 6769")
        customer = create_customer(ctx, {"name": "Bakkerij Peeters", "city": "Gent"})
        return app, tenant.id, customer.id


def drafts(app: Any, tenant_id: int, customer_id: int, count: int) -> list[int]:
    """`count` draft invoices."""
    from core.documents.lines import LineData
    from core.documents.service import create_document

    lines = [LineData(description=d, quantity=q, unit_price=p, vat_rate=r)
             for d, q, p, r in LINES]
    with app.tenant_context(tenant_id, write=True) as ctx:
        return [create_document(ctx, "invoice", customer_id, lines=lines).id
                for _ in range(count)]


def timed(label: str, count: int, run: Any) -> None:
    """Run and print the time per document."""
    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    print(f"  {label:44s} {1000 * elapsed / count:8.2f} ms per document")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="facturo-bench-")
    os.environ["FACTURO_VAR_DIR"] = folder
    try:
        measure(f"sqlite:///{folder}/bench.db", args.count)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(url: str, count: int) -> None:
    """The runs, printed."""
    from core.documents.models import Document
    from core.documents.posting import post_document
    from core.output.stored import post_and_store, posted_pdf

    app, tenant_id, customer_id = setup(url)
    bulk = drafts(app, tenant_id, customer_id, count)
    stored = drafts(app, tenant_id, customer_id, count)

    def post_only() -> None:
        for document_id in bulk:
            with app.tenant_context(tenant_id, write=True) as ctx:
                post_document(ctx, document_id)

    def post_and_keep() -> None:
        for document_id in stored:
            post_and_store(app, tenant_id, document_id)

    def serve() -> None:
        with app.tenant_context(tenant_id) as ctx:
            for document_id in bulk:
                posted_pdf(ctx, ctx.session.get(Document, document_id))

    print(f"SQLite, {count} invoices of {len(LINES)} lines")
    timed("post (no PDF)", count, post_only)
    timed("post, commit, render and store the PDF", count, post_and_keep)
    timed("serve a missing PDF (render and store)", count, serve)
    timed("serve a stored PDF", count, serve)
    app.db.dispose()


if __name__ == "__main__":
    main()
