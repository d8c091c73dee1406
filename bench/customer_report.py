"""A customer's full report: the data (revenue per year, products per year, documents) and
the PDF, for one customer with many posted invoices.

Run: `.venv/bin/python bench/customer_report.py [--documents 300]`.
Target: the report's data under 100 ms for 300 invoices of 3 lines (a customer of several
years), on one core. The PDF grows with its rows (xhtml2pdf lays out long tables slowly):
measured 2 December 2026 on the shared 2-core machine, data 72 ms, PDF 4.4 s (300 invoices).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def prepare(documents: int) -> tuple[object, int, int]:
    """A throwaway database: a tenant, one customer with `documents` posted invoices."""
    from core.app import Facturo
    from core.config import Settings
    from core.contacts.service import create_customer
    from core.db.migrate import upgrade
    from core.documents.posting import post_document
    from core.documents.service import create_document
    from core.tenants.service import create_tenant

    app = Facturo(Settings(database_url=f"sqlite:///{Path(os.environ['FACTURO_VAR_DIR'])}/b.db",
                           secret_key="bench"))
    upgrade(app)
    tenant = create_tenant(app, "Bench BV", slug="bench")
    with app.tenant_context(tenant.id, write=True) as ctx:
        customer = create_customer(ctx, {"name": "Aannemer Janssens"})
        for index in range(documents):
            issued = date(2022, 1, 3) + timedelta(days=5 * index)
            invoice = create_document(
                ctx, "invoice", customer.id, issue_date=issued,
                lines=[{"description": f"Product {(index + n) % 25}", "quantity": n + 1,
                        "unit_price": Decimal("12.50")} for n in range(3)])
            post_document(ctx, invoice)
        customer_id = customer.id
    return app, tenant.id, customer_id


def main() -> None:
    """Prepare, then time the report's data and its PDF (median of a few runs)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FACTURO_VAR_DIR"] = folder
        app, tenant_id, customer_id = prepare(args.documents)
        from core.contacts.report import customer_report
        from core.contacts.service import get_contact
        from core.output.pdf import html_to_pdf
        from core.web.routes.customers_report import report_values
        from core.web.templating import render_fragment

        data, pdf = [], []
        for _run in range(args.runs):
            with app.tenant_context(tenant_id) as ctx:
                started = time.perf_counter()
                report = customer_report(ctx, get_contact(ctx, customer_id))
                values = report_values(ctx, report)
                data.append(time.perf_counter() - started)
                started = time.perf_counter()
                html = str(render_fragment(ctx, "customers/report_pdf.html", **values))
                size = len(html_to_pdf(html))
                pdf.append(time.perf_counter() - started)
        print(f"{args.documents} invoices: report data {statistics.median(data) * 1000:.1f} ms, "
              f"PDF {statistics.median(pdf) * 1000:.0f} ms ({size // 1024} kB), median of "
              f"{args.runs}")


if __name__ == "__main__":
    main()
