"""A catalogue of 100,000 products: import, list pages, searches, look-ups, a price rise.

Targets: a list page or a search in 150 ms or less (count included); a look-up by code and
a product line priced from the catalogue under 5 ms. On PostgreSQL the figures are taken
after `VACUUM ANALYZE`, the state autovacuum reaches within a minute of a bulk import.
Run: `.venv/bin/python bench/products.py [--rows 100000] [--postgres | --database URL]`
(default: a fresh SQLite file in a temporary folder; `--postgres` starts a throwaway cluster).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console

MATERIALS = ["Schroef", "Moer", "Bout", "Plug", "Kabel", "Buis", "Plaat", "Verf", "Lijm",
             "Tegel", "Kraan", "Lamp", "Schakelaar", "Stopcontact", "Scharnier"]
FRENCH = {"Schroef": "Vis", "Moer": "Écrou", "Bout": "Boulon", "Plug": "Cheville",
          "Kabel": "Câble", "Buis": "Tube", "Plaat": "Plaque", "Verf": "Peinture",
          "Lijm": "Colle", "Tegel": "Carreau", "Kraan": "Robinet", "Lamp": "Lampe",
          "Schakelaar": "Interrupteur", "Stopcontact": "Prise", "Scharnier": "Charnière"}
CATEGORIES = ["Bevestiging", "Elektriciteit", "Sanitair", "Afwerking", "Gereedschap"]


def make_csv(rows: int) -> bytes:
    """A Dutch-headed product list with French names, units, prices and categories."""
    rng = random.Random(7)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Artikelcode", "Naam", "Naam FR", "Eenheid", "Verkoopprijs", "Btw",
                     "Categorie"])
    for i in range(rows):
        word = rng.choice(MATERIALS)
        size = f"{rng.choice(['M4', 'M6', 'M8', '10 mm', '2,5 mm²', '1 l'])} {i}"
        writer.writerow([f"A{i:06d}", f"{word} {size}", f"{FRENCH[word]} {size}",
                         rng.choice(["stuk", "m", "l", "kg"]),
                         f"{rng.randint(10, 50_000) / 100:.2f}".replace(".", ","),
                         rng.choice(["21", "21", "6"]), rng.choice(CATEGORIES)])
    return buffer.getvalue().encode("utf-8")


def timed(console: Console, label: str, action: Callable[[], Any], repeat: int = 5) -> Any:
    """Run an action a few times and print its best time."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    console.print(f"{label}: {best * 1000:.1f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", default=None)
    parser.add_argument("--postgres", action="store_true",
                        help="measure on a throwaway PostgreSQL cluster (initdb/pg_ctl)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="facturo-bench-")
    os.environ["FACTURO_VAR_DIR"] = folder

    from addons.products.importing import ProductImporter
    from addons.products.prices import change_prices_by_percent
    from addons.products.service import get_by_code, list_products
    from core.app import Facturo
    from core.config import Settings
    from core.contacts.service import create_customer
    from core.db.migrate import upgrade
    from core.documents.lines import LineData, add_line
    from core.documents.service import create_document
    from core.importing import commit, guess_mapping, read_upload
    from core.tenants.service import create_tenant

    console = Console()
    server = None
    url = args.database or f"sqlite:///{folder}/bench.db"
    if args.postgres:
        from core.testing.postgres import TemporaryPostgres

        server = TemporaryPostgres().start()
        server.superuser_sql("CREATE DATABASE bench OWNER facturo")
        url = server.url("bench")
    app = Facturo(Settings(database_url=url, secret_key="bench"))
    upgrade(app)
    tenant = create_tenant(app, "Bench BV")
    app.addon_manager.switch_on(tenant.id, "products")
    data = make_csv(args.rows)
    console.print(f"{args.rows:,} products, database {app.db.dialect}")

    start = time.perf_counter()
    table = read_upload(data, "producten.csv")
    importer = ProductImporter()
    with app.tenant_context(tenant.id, write=True) as ctx:
        result = commit(ctx, importer, table, guess_mapping(table.headers, importer.fields(ctx)))
    elapsed = time.perf_counter() - start
    console.print(f"import: {elapsed:.2f} s for {result.created:,} products "
                  f"({result.created / elapsed:,.0f} per s)")

    if app.db.dialect == "postgresql":  # what autovacuum does within a minute of the import
        with app.db.engine.execution_options(isolation_level="AUTOCOMMIT").connect() as conn:
            conn.exec_driver_sql("VACUUM ANALYZE products_products")
    with app.tenant_context(tenant.id) as ctx:
        for label, options in [
            ("first page by name", {}),
            ("page 1,000 by name", {"page": 1000}),
            ("first page by price, descending", {"sort": "-price"}),
            ("category filter", {"category_id": 3}),
            ("search 'schroef m6'", {"search": "schroef m6"}),
            ("search a French word 'écrou'", {"search": "écrou"}),
            ("search a rare code 'A077777'", {"search": "A077777"}),
        ]:
            page = timed(console, f"list_products {label}",
                         lambda options=options: list_products(ctx, **options))
            console.print(f"    {page.total:,} found")
        timed(console, "get_by_code", lambda: get_by_code(ctx, f"A{args.rows // 2:06d}"))
    with app.tenant_context(tenant.id) as ctx:
        customer = create_customer(ctx, {"name": "Klant"})
        invoice = create_document(ctx, "invoice", customer.id)
        product = get_by_code(ctx, "A000042")
        timed(console, "add a product line priced from the catalogue", lambda: add_line(
            ctx, invoice, LineData(line_type="product", product_id=product.id)), repeat=20)
    with app.tenant_context(tenant.id, write=True) as ctx:
        start = time.perf_counter()
        changed = change_prices_by_percent(ctx, "3.5", active=None)
        console.print(f"raise every price by 3.5 %: {time.perf_counter() - start:.2f} s "
                      f"({changed:,} changed)")
    app.db.dispose()
    if server is not None:
        server.stop()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
