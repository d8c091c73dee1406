"""Stock at scale: a tenant with N stocked products and M moves.

Measures, on a throwaway SQLite file:
- the stock page's list (a page of 50 followed products with real and virtual stock), and
  the same for every followed product;
- the level of one product (its running balance);
- posting an invoice of 5 product lines, side by side: a tenant without stock and a tenant
  with stock whose 5 products are followed (each invoice its own unit of work, alternating).

Targets (issue 17): list under 50 ms, one level under 1 ms, posting with stock at most 20 %
slower than without. Run: `.venv/bin/python bench/stock.py [--products 10000]
[--moves 1000000] [--invoices 300]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BATCH = 50_000


def seed(app: Any, tenant_id: int, products: int, moves: int) -> list[int]:
    """N followed products and M moves spread over them (the database keeps their
    balances)."""
    from sqlalchemy import insert, select

    from addons.products.api import Product
    from addons.stock.ledger import default_location
    from addons.stock.models import Move, MoveSource, StockedProduct

    with app.tenant_context(tenant_id, write=True) as ctx:
        location = default_location(ctx)
        ctx.session.execute(insert(Product), [
            {"tenant_id": tenant_id, "code": f"P{n:05d}", "name": f"Product {n:05d}",
             "search_text": f"p{n:05d} product {n:05d}", "sale_price": Decimal("1.50")}
            for n in range(products)])
        ids = list(ctx.session.scalars(select(Product.id).order_by(Product.id)))
        ctx.session.execute(insert(StockedProduct), [
            {"tenant_id": tenant_id, "product_id": pid, "tracked": True,
             "minimum": Decimal(5) if pid % 10 == 0 else None} for pid in ids])
    for start in range(0, moves, BATCH):
        rows = []
        for n in range(start, min(moves, start + BATCH)):
            pid = ids[n % len(ids)]
            quantity = 3 if n % 3 else -2
            rows.append({"tenant_id": tenant_id, "product_id": pid, "location_id": location,
                         "quantity": quantity, "source": MoveSource.OPENING,
                         "move_date": date(2026, 1, 1), "reason": ""})
        with app.tenant_context(tenant_id, write=True) as ctx:
            ctx.session.execute(insert(Move), rows)
    return ids


def timed(function: Any, rounds: int) -> float:
    """Median seconds of `rounds` calls."""
    seconds = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def shop(app: Any, name: str, addons: tuple[str, ...], follow: bool) -> tuple[int, int, list]:
    """A tenant with a customer and 5 products (followed when `follow`)."""
    from addons.products.service import create_product
    from addons.stock import service
    from core.contacts.service import create_customer
    from core.tenants.service import create_tenant

    tenant = create_tenant(app, name)
    for addon in addons:
        app.addon_manager.switch_on(tenant.id, addon)
    with app.tenant_context(tenant.id, write=True) as ctx:
        customer = create_customer(ctx, {"name": "Klant NV"}).id
        products = [create_product(ctx, {"name": f"Artikel {n}", "sale_price": "2.50"}).id
                    for n in range(5)]
        if follow:
            for pid in products:
                service.track(ctx, pid)
    return tenant.id, customer, products


def post_one(app: Any, tenant_id: int, customer: int, products: list[int]) -> None:
    from core.documents.lines import LineData
    from core.documents.posting import post_document
    from core.documents.service import create_document

    with app.tenant_context(tenant_id, write=True) as ctx:
        lines = [LineData(line_type="product", product_id=pid, quantity=2) for pid in products]
        post_document(ctx, create_document(ctx, "invoice", customer, lines=lines))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--moves", type=int, default=1_000_000)
    parser.add_argument("--invoices", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FACTURO_VAR_DIR"] = folder
        from addons.stock.availability import stock_lines
        from addons.stock.ledger import level
        from core.app import Facturo
        from core.config import Settings
        from core.db.migrate import upgrade
        from core.tenants.service import create_tenant

        app = Facturo(Settings(database_url=f"sqlite:///{folder}/b.db", secret_key="bench"))
        upgrade(app)
        big = create_tenant(app, "Groothandel BV")
        app.addon_manager.switch_on(big.id, "stock")
        start = time.perf_counter()
        ids = seed(app, big.id, args.products, args.moves)
        print(f"seeded {args.products:,} followed products, {args.moves:,} moves "
              f"in {time.perf_counter() - start:.1f} s")
        with app.tenant_context(big.id, read_only=True) as ctx:
            page = timed(lambda: stock_lines(ctx, limit=50), 30)
            everything = timed(lambda: stock_lines(ctx, limit=args.products), 5)
            one = timed(lambda: level(ctx, ids[len(ids) // 2]), 2000)
        print(f"stock list, a page of 50:       {page * 1000:8.2f} ms  (target < 50 ms)")
        print(f"stock list, all {args.products:,}:       {everything * 1000:8.2f} ms")
        print(f"level of one product:           {one * 1000:8.3f} ms  (target < 1 ms)")

        plain = shop(app, "Zonder stock BV", ("products",), follow=False)
        stocked = shop(app, "Met stock BV", ("products", "stock"), follow=True)
        for tenant in (plain, stocked):  # warm up
            for _ in range(10):
                post_one(app, *tenant)
        without, with_stock = [], []
        for _ in range(args.invoices):
            for tenant, found in ((plain, without), (stocked, with_stock)):
                begin = time.perf_counter()
                post_one(app, *tenant)
                found.append(time.perf_counter() - begin)
        for label, pick in (("median", statistics.median), ("fastest", min)):
            a, b = pick(without), pick(with_stock)
            print(f"posting, 5 lines, {label} of {args.invoices}: without stock "
                  f"{a * 1000:6.2f} ms, 5 stocked {b * 1000:6.2f} ms "
                  f"(+{(b / a - 1) * 100:.1f} %, target at most +20 %)")


if __name__ == "__main__":
    main()
