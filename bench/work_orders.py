"""Invoicing work orders: 50 done work orders of 20 lines each → one draft invoice.

Each order holds 10 material lines (of 10 products), 8 time entries of 3 employees (start
and end times, rounded per started quarter) and 2 trips. One round plans the 50 orders, then
times `invoice_orders` in the unit of work that a page would use, commit included: read the
orders and their lines, the rates and the people, build the invoice (50 subtitles, 500
product lines priced by the products addon, 150 hour lines and 50 travel lines), store it and
mark the orders invoiced.

Target: under 200 ms on SQLite, in a process that has served a request before (the first
round, which compiles and caches SQLAlchemy's statements, is shown apart).
Run: `.venv/bin/python bench/work_orders.py [--rounds 5]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from datetime import time as clock
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ORDERS = 50
DAY = date(2026, 12, 2)


def make_app(url: str) -> Any:
    """A migrated Facturo on the given database."""
    from core.app import Facturo
    from core.config import Settings
    from core.db.migrate import upgrade

    app = Facturo(Settings(database_url=url, secret_key="bench"))
    upgrade(app)
    return app


def shop(app: Any) -> tuple[int, int, list[int], list[int]]:
    """A tenant with work orders on: (tenant, customer, 10 products, 3 employees)."""
    from addons.products.api import create_product
    from core.api import create_customer
    from core.tenants.models import Role
    from core.tenants.service import add_member, create_tenant, create_user

    tenant = create_tenant(app, "Bench Maes", slug="bench-maes")
    app.addon_manager.switch_on(tenant.id, "work_orders")
    people = []
    for n in range(3):
        user = create_user(app, f"worker{n}@bench.example", "a-long-bench-password", name=f"W{n}")
        add_member(app, tenant.id, user.id, Role.MEMBER)
        people.append(user.id)
    with app.tenant_context(tenant.id, write=True) as ctx:
        customer = create_customer(ctx, {"name": "Bakkerij Peeters", "language": "nl"}).id
        products = [create_product(ctx, {"name": f"Materiaal {n}", "sale_price": "4.75",
                                         "vat_rate": "21"}).id for n in range(10)]
    return tenant.id, customer, products, people


def plan_orders(app: Any, tenant_id: int, customer: int, products: list[int],
                people: list[int]) -> list[int]:
    """50 done orders of 20 lines each."""
    from addons.work_orders.service import add_km, add_material, add_time, create_order, finish

    ids = []
    with app.tenant_context(tenant_id, write=True) as ctx:
        for n in range(ORDERS):
            order = create_order(ctx, customer, planned_start=DAY, description=f"Opdracht {n}")
            for product in products:
                add_material(ctx, order, product, 2)
            for k in range(8):
                add_time(ctx, order, people[k % 3], DAY, start=clock(8 + k, 0),
                         end=clock(8 + k, 50))
            add_km(ctx, order, 12)
            add_km(ctx, order, 12)
            finish(ctx, order)
            ids.append(order.id)
    return ids


def invoice_once(app: Any, tenant_id: int, ids: list[int]) -> tuple[float, int]:
    """Seconds to invoice the orders in one unit of work (commit included); lines made."""
    from addons.work_orders.invoicing import invoice_orders

    start = time.perf_counter()
    with app.tenant_context(tenant_id, write=True) as ctx:
        invoice = invoice_orders(ctx, ids)
        lines = len(invoice.lines)
    return time.perf_counter() - start, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(f"sqlite:///{folder}/bench.sqlite")
        tenant_id, customer, products, people = shop(app)
        times = []
        for round_number in range(args.rounds + 1):
            ids = plan_orders(app, tenant_id, customer, products, people)
            seconds, lines = invoice_once(app, tenant_id, ids)
            label = "first (cold process)" if round_number == 0 else f"round {round_number}"
            print(f"{label:>20}: {ORDERS} orders × 20 lines → 1 invoice of {lines} lines: "
                  f"{seconds * 1000:7.1f} ms")
            if round_number:
                times.append(seconds)
        print(f"warm rounds: median {statistics.median(times) * 1000:.1f} ms, best "
              f"{min(times) * 1000:.1f} ms, worst {max(times) * 1000:.1f} ms (target < 200 ms)")
        app.db.dispose()


if __name__ == "__main__":
    main()
