"""Bank statement import: reading a CODA file of N movements, importing it into a tenant's
bank account (each line recorded and tried against the open invoices), importing it again
(every line known, nothing added).

Run: `.venv/bin/python bench/bank_statements.py [--lines 2000]`.
The database is a throwaway SQLite file; times are wall-clock.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def coda_file(lines: int) -> bytes:
    """A CODA statement of `lines` incoming transfers with structured communications."""
    from addons.payments.tests import coda_builder as cb
    from core.documents import ogm

    day = date(2026, 3, 20)
    body = []
    for sequence in range(1, lines + 1):
        body.append(cb.movement(sequence, "121.00", day, 1, structured=ogm.make(sequence)))
        body.append(cb.movement_part2(sequence))
        body.append(cb.movement_part3(sequence, "BE71096123456769", f"Klant {sequence}"))
    return cb.statement_file("BE68539007547034", 1, day, body)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=2000)
    lines = parser.parse_args().lines
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FACTURO_VAR_DIR"] = folder
        from addons.payments.statements.importing import import_statement
        from addons.payments.statements.reader import read_statement
        from core.app import Facturo
        from core.config import Settings
        from core.db.migrate import upgrade
        from core.tenants.service import create_tenant

        app = Facturo(Settings(database_url=f"sqlite:///{folder}/b.db", secret_key="bench"))
        upgrade(app)
        tenant = create_tenant(app, "Bench BV", slug="bench")
        app.addon_manager.switch_on(tenant.id, "payments")
        data = coda_file(lines)
        start = time.perf_counter()
        parsed = read_statement(data, "bench.cod")
        read = time.perf_counter() - start
        timings = []
        for _round in range(2):
            start = time.perf_counter()
            with app.tenant_context(tenant.id, write=True) as ctx:
                result = import_statement(ctx, parsed, None, "bench.cod")
            timings.append((time.perf_counter() - start, len(result.unmatched),
                            result.duplicates))
        print(f"{lines} movements, {len(data) / 1024:.0f} KiB")
        print(f"read:     {read * 1000:8.1f} ms ({lines / read:,.0f} lines/s)")
        for label, (seconds, added, known) in zip(("import", "re-import"), timings,
                                                  strict=True):
            print(f"{label:9} {seconds * 1000:8.1f} ms ({lines / seconds:,.0f} lines/s), "
                  f"{added} added, {known} known")


if __name__ == "__main__":
    main()
