"""Contact search on PostgreSQL as the application's role, through the owner's function.

The application's role has no privilege on `contacts_search`; a search asks
`facturo_contacts_matching(patterns)` (SECURITY DEFINER) for the ids of the tenant's own
matching contacts. This compares it with the same search read straight from the table by
the owner (what the application did before it lost its privileges), on two tenants of
`--contacts` customers each.

Run: `.venv/bin/python bench/contact_search_roles.py [--contacts 50000] [--runs 200]`.

Measured here (2 cores shared with other work, so noisy; 2 × 50,000 contacts, median of
100): "garage peeters" (a twentieth of the rows) 33–50 ms through the function against
1–2 ms read straight; "peeters 4321" (two rows) 16 ms against 4–10 ms. The function has to
produce every match before the page takes its 50, where the straight read walks the
contacts in order and stops after 50: the price of the wall on common words.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from sqlalchemy import column, func, insert, select, table, text

from core.app import Facturo
from core.config import Settings
from core.contacts.models import Contact
from core.contacts.search_index import words_clauses
from core.contacts.search_text import fold
from core.db.migrate import upgrade
from core.tenants.service import create_tenant
from core.testing.postgres import TemporaryPostgres

SEARCHES = (("garage", "peeters"), ("peeters", "4321"))  # a twentieth of the rows; one row
_direct = table("contacts_search", column("id"), column("search_text"))


def _fill(app: Facturo, tenant_id: int, count: int) -> None:
    trades = ("garage", "bakkerij", "brouwerij", "schrijnwerkerij")
    names = ("peeters", "janssens", "maes", "jacobs", "willems")
    rows = []
    for n in range(1, count + 1):
        name = f"{trades[n % 4]} {names[n % 5]} {n}"
        rows.append({"tenant_id": tenant_id, "number": f"C{n}", "name": name,
                     "city": "Gent", "search_text": fold(f"{name} gent")})
    with app.db.session(tenant_id) as session:
        session.execute(insert(Contact), rows)
    with app.db.owner_engine.begin() as conn:
        conn.execute(text("ANALYZE contacts"))
        conn.execute(text("ANALYZE contacts_search"))


def _median_ms(run: Any, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _compare(app: Facturo, tenant_id: int, words: tuple[str, ...], runs: int) -> None:
    through_function = (select(Contact.id).where(*words_clauses(words, "postgresql"))
                        .order_by(Contact.id).limit(50))
    found = select(_direct.c.id).where(*(_direct.c.search_text.like(f"%{w}%") for w in words))
    straight = select(Contact.id).where(Contact.id.in_(found)).order_by(Contact.id).limit(50)
    with app.db.session(tenant_id) as session:
        rows = session.scalars(through_function).all()
        app_ms = _median_ms(lambda: session.scalars(through_function).all(), runs)
    with app.db.owner_engine.connect() as conn:
        conn.execute(text("SELECT set_config('facturo.tenant_id', :t, false)"),
                     {"t": str(tenant_id)})
        owner_rows = conn.execute(straight).scalars().all()
        owner_ms = _median_ms(lambda: conn.execute(straight).all(), runs)
    assert rows == owner_rows, (rows, owner_rows)
    print(f"  {' '.join(words)!r} ({len(rows)} rows): application role through the owner's "
          f"function {app_ms:.2f} ms; the owner reading the table {owner_ms:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    server = TemporaryPostgres().start()
    try:
        server.superuser_sql(f"CREATE DATABASE bench OWNER {server.OWNER}")
        app = Facturo(Settings(database_url=server.url("bench"),
                               owner_database_url=server.owner_url("bench"),
                               secret_key="bench"))
        upgrade(app)
        tenants = [create_tenant(app, name).id for name in ("Alpha", "Beta")]
        for tenant_id in tenants:
            _fill(app, tenant_id, args.contacts)
        with app.db.owner_engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(_direct)).scalar_one()
        print(f"{count} indexed contacts, 2 tenants; median of {args.runs}, up to 50 rows:")
        for words in SEARCHES:
            _compare(app, tenants[0], words, args.runs)
        app.db.dispose()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
