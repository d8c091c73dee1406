"""Importing 100,000 customers from a CSV file, then searching and paging the list.

Target: the import (parse, map, check every row, insert) in at most 20 s on SQLite.
Run: `.venv/bin/python bench/import_customers.py [--rows 100000] [--postgres | --database URL]`
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeElapsedColumn

CITIES = [("9000", "Gent"), ("2000", "Antwerpen"), ("1000", "Brussel"), ("3000", "Leuven"),
          ("8000", "Brugge"), ("4000", "Liège"), ("5000", "Namur"), ("7000", "Mons")]
WORDS = ["Bakkerij", "Garage", "Brouwerij", "Schrijnwerkerij", "Boulangerie", "Café", "Atelier",
         "Dakwerken", "Elektro", "Tuinaanleg", "Loodgieterij", "Drukkerij"]
NAMES = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
         "Dubois", "Lambert", "Dupont", "Martin", "Simon", "Laurent", "Leroy", "Wouters"]


def be_vat(seed: int) -> str:
    """A valid Belgian VAT number from a seed."""
    first = f"0{1_000_000 + seed:07d}"
    return f"BE{first}{97 - int(first) % 97:02d}"


def make_csv(rows: int) -> bytes:
    """A realistic Dutch-headed, `;`-separated customer list."""
    rng = random.Random(42)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Naam", "Btw-nummer", "Straat", "Postcode", "Gemeente", "E-mail",
                     "Telefoon", "Taal", "Betaaltermijn", "Korting"])
    for i in range(rows):
        postal, city = rng.choice(CITIES)
        company = i % 3 != 0
        name = f"{rng.choice(WORDS)} {rng.choice(NAMES)} {i}" if company else \
            f"{rng.choice(NAMES)} {rng.choice(['An', 'Jan', 'Els', 'Luc', 'Marie'])} {i}"
        writer.writerow([
            name, be_vat(i) if company else "", f"Kerkstraat {i % 300 + 1}", postal, city,
            f"info{i}@example.be", f"09 {i % 900 + 100} {i % 90 + 10} {i % 90 + 10}",
            rng.choice(["nl", "fr", "en"]), rng.choice(["", "14", "30"]),
            rng.choice(["", "2,5", "5"]),
        ])
    return buffer.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", default=None)
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file afterwards")
    parser.add_argument("--postgres", action="store_true",
                        help="measure on a throwaway PostgreSQL cluster (initdb/pg_ctl)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="facturo-bench-")
    os.environ["FACTURO_VAR_DIR"] = folder
    os.environ.setdefault("FACTURO_SECRET_KEY", "bench")

    from core.app import Facturo
    from core.config import Settings
    from core.contacts.importer import ContactImporter
    from core.contacts.listing import LIST_COLUMNS, list_contacts
    from core.db.migrate import upgrade
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
    data = make_csv(args.rows)
    console.print(f"{args.rows:,} customers, {len(data) / 1e6:.1f} MB of CSV, "
                  f"database {app.db.dialect}")

    started = time.perf_counter()
    table = read_upload(data, "klanten.csv")
    parsed = time.perf_counter()
    importer = ContactImporter("customer")
    with Progress("[progress.description]{task.description}", BarColumn(),
                  TaskProgressColumn(), TimeElapsedColumn(), console=console) as progress:
        tasks = {"check": progress.add_task("checking rows", total=args.rows),
                 "save": progress.add_task("inserting", total=args.rows)}

        def report(phase: str, done: int, total: int) -> None:
            progress.update(tasks[phase], completed=done, total=total)

        with app.tenant_context(tenant.id, write=True) as ctx:
            mapping = guess_mapping(table.headers, importer.fields(ctx))
            result = commit(ctx, importer, table, mapping, progress=report)
    finished = time.perf_counter()
    total = finished - started
    console.print(f"parse {parsed - started:.2f} s, check + insert + commit "
                  f"{finished - parsed:.2f} s: [bold]{total:.2f} s[/bold] for "
                  f"{result.created:,} customers ({result.created / total:,.0f} per s); "
                  f"target ≤ 20 s: {'OK' if total <= 20 else 'MISSED'}")

    with app.tenant_context(tenant.id) as ctx:
        for label, options in [("first page by name", {}),
                               ("page 500 by name", {"page": 500}),
                               ("search 'peeters gent'", {"search": "peeters gent"}),
                               ("search a rare word 'info5555@'", {"search": "info5555@"}),
                               ("search 'liege' (finds Liège)", {"search": "liege"}),
                               ("search a VAT number", {"search": be_vat(77_777)[2:]}),
                               ("newest first", {"sort": "-created"})]:
            # as the customers page asks: the columns it shows, counted up to 2,000
            options = {"columns": LIST_COLUMNS, "count_limit": 2000, **options}
            timings = []
            for _attempt in range(3):
                start = time.perf_counter()
                page = list_contacts(ctx, **options)
                timings.append((time.perf_counter() - start) * 1000)
            shown = f"{page.total:,}" if page.total <= 2000 else "more than 2,000"
            console.print(f"list_contacts {label}: first {timings[0]:.1f} ms, best of 3 "
                          f"{min(timings):.1f} ms ({shown} found)")
    app.db.dispose()
    if server is not None:
        server.stop()
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
