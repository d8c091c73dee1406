"""List pages at scale: 100,000 customers and 100,000 invoices, on SQLite and PostgreSQL.

Per database, in the same run: the customers list (50 rows) and the invoices list (50 rows)
loaded by a logged-in user, a two-word search, a one-word prefix search (what someone typing
in a picker sends), the customer picker and the open-invoices filter. On SQLite they stand
side by side with a bare page (Starlette + sqlite3 + Jinja2, one 50-row query, no login, no
menu, no hooks) on the same database. PostgreSQL runs in a throwaway cluster with the
deployment's two roles (the application connects as the role that owns nothing). Targets:
p95 under 50 ms with 4 users for the lists, the searches and the filtered counts; the lists
at least half the bare page's requests per second.

Run: `.venv/bin/python bench/list_pages.py [--seconds 10] [--connections 16 4]
[--databases sqlite postgresql]`. Each server
(uvicorn, one worker) runs in a child process on loopback. The load comes from `wrk` (Debian's
package) when it is installed, else from an in-process httpx client with a bounded number of
requests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EMAIL, PASSWORD = "bench@facturo.test", "bench-password"
FACTURO_PORT, BARE_PORT = 8793, 8794
ROWS = 100_000
BATCH = 5_000
CITIES = [("9000", "Gent"), ("2000", "Antwerpen"), ("1000", "Brussel"), ("3000", "Leuven"),
          ("8000", "Brugge"), ("4000", "Liège"), ("5000", "Namur"), ("7000", "Mons")]
WORDS = ["Bakkerij", "Garage", "Brouwerij", "Schrijnwerkerij", "Boulangerie", "Café", "Atelier"]
NAMES = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Dubois"]
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("REPORT {\\"p50\\": %f, \\"p95\\": %f, \\"requests\\": %d, "
    .. "\\"seconds\\": %f, \\"errors\\": %d}\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.requests,
    summary.duration / 1e6, summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def prepare(database_url: str, rows: int, owner_url: str | None = None) -> int:
    """A migrated database with one tenant, its owner, `rows` customers and invoices (on
    PostgreSQL written and analysed as the tables' owner, `owner_url`)."""
    from sqlalchemy import create_engine, insert, text

    from core.app import Facturo
    from core.config import Settings
    from core.contacts.models import Contact
    from core.contacts.search_text import search_text
    from core.db.base import utcnow
    from core.db.migrate import upgrade
    from core.documents.models import Document
    from core.tenants.models import Role
    from core.tenants.service import add_member, create_tenant, create_user

    app = Facturo(Settings(database_url=database_url, owner_database_url=owner_url,
                           secret_key="bench"))
    upgrade(app)
    tenant = create_tenant(app, "Bench BV")
    user = create_user(app, EMAIL, PASSWORD, language="nl")
    add_member(app, tenant.id, user.id, Role.OWNER)
    rng = random.Random(7)
    now = utcnow()
    start = date.today() - timedelta(days=3 * 365)
    engine = create_engine(owner_url) if owner_url else app.db.engine
    with engine.begin() as connection:
        if owner_url:  # the tenant policy applies to the owner too
            connection.execute(text("SELECT set_config('facturo.tenant_id', :t, true)"),
                               {"t": str(tenant.id)})
        for first in range(0, rows, BATCH):
            batch = []
            for i in range(first, min(first + BATCH, rows)):
                postal, city = rng.choice(CITIES)
                values = {
                    "tenant_id": tenant.id, "number": f"C{i + 1:06d}", "is_customer": True,
                    "is_supplier": False, "is_company": True, "archived": False,
                    "name": f"{rng.choice(WORDS)} {rng.choice(NAMES)} {i}",
                    "email": f"info{i}@example.be", "street": f"Kerkstraat {i % 300 + 1}",
                    "postal_code": postal, "city": city, "country": "BE", "language": "nl",
                    "currency": "EUR", "general_discount": Decimal(0),
                    "financial_discount": Decimal(0), "internal_note": "", "custom_fields": {},
                    "created_at": now, "updated_at": now,
                }
                values["search_text"] = search_text(values)
                batch.append(values)
            connection.execute(insert(Contact.__table__), batch)
        for first in range(0, rows, BATCH):
            batch = []
            for i in range(first, min(first + BATCH, rows)):
                issued = start + timedelta(days=i * 3 * 365 // rows)
                net = Decimal(rng.randint(5_000, 500_000)) / 100
                vat = (net * Decimal("0.21")).quantize(Decimal("0.01"))
                paid = net + vat if i < rows * 0.9 else Decimal(0)
                batch.append({
                    "tenant_id": tenant.id, "kind": "invoice",
                    "state": "paid" if paid else "posted", "number": f"F{i + 1:07d}",
                    "customer_id": rng.randint(1, rows), "attention": "",
                    "issue_date": issued, "due_date": issued + timedelta(days=30),
                    "payment_term_days": 30, "vat_regime": "standard", "language": "nl",
                    "currency": "EUR", "structured_ref": f"{i + 1:012d}",
                    "total_excl_vat": net, "total_vat": vat, "total_incl_vat": net + vat,
                    "amount_paid": paid, "amount_credited": Decimal(0), "party": {},
                    "notes": "", "internal_note": "", "custom_data": {}, "posted_at": now,
                    "created_at": now, "updated_at": now,
                })
            connection.execute(insert(Document.__table__), batch)
        if app.db.dialect == "sqlite":
            connection.exec_driver_sql("ANALYZE")
    if owner_url:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
        engine.dispose()
    app.db.dispose()
    return tenant.id


def serve_facturo(database_url: str, owner_url: str | None = None) -> None:
    """The Facturo web app under uvicorn (child process)."""
    import uvicorn

    from core.app import Facturo
    from core.config import Settings
    from core.web.application import ready_to_serve

    app = Facturo(Settings(database_url=database_url, owner_database_url=owner_url,
                           secret_key="bench"))
    uvicorn.run(ready_to_serve(app.web), host="127.0.0.1", port=FACTURO_PORT,
                log_level="warning", access_log=False)  # as `facturo serve` runs it


BARE_TEMPLATE = """<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Klanten</title></head><body><h1>Klanten</h1><table><thead><tr><th>Nummer</th>
<th>Naam</th><th>Btw-nummer</th><th>Gemeente</th><th>E-mail</th></tr></thead><tbody>
{% for row in rows %}<tr><td>{{ row[0] }}</td><td><a href="/customers/{{ row[5] }}">{{ row[1] }}
</a></td><td>{{ row[2] or "" }}</td><td>{{ row[3] }} {{ row[4] }}</td><td>{{ row[6] }}</td>
</tr>{% endfor %}</tbody></table></body></html>"""


def serve_bare(path: str, tenant_id: int) -> None:
    """The bare page: one 50-row query and a Jinja2 template (child process)."""
    import sqlite3

    import uvicorn
    from jinja2 import Environment
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    connection = sqlite3.connect(path, check_same_thread=False)
    template = Environment(autoescape=True).from_string(BARE_TEMPLATE)
    query = ("SELECT number, name, vat_number, postal_code, city, id, email FROM contacts "
             "WHERE tenant_id = ? AND archived = 0 ORDER BY name, id LIMIT 50")

    async def customers(request):  # type: ignore[no-untyped-def]
        rows = connection.execute(query, (tenant_id,)).fetchall()
        return HTMLResponse(template.render(rows=rows))

    app = Starlette(routes=[Route("/customers", customers)])
    uvicorn.run(app, host="127.0.0.1", port=BARE_PORT, log_level="warning", access_log=False)


def wait_for(url: str) -> None:
    """Until the server answers."""
    for _ in range(300):
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} does not answer")


def log_in(base: str) -> str:
    """The session cookie of the bench user."""
    with httpx.Client(base_url=base) as client:
        page = client.get("/login").text
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        answer = client.post("/login", data={"email": EMAIL, "password": PASSWORD,
                                             "csrf_token": token})
        assert answer.status_code == 303, answer.status_code
        return f"facturo_session={client.cookies['facturo_session']}"


def with_wrk(url: str, cookie: str, seconds: int, connections: int) -> dict[str, float]:
    """Median and p95 latency (ms) and requests/s, measured by wrk."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script.name, url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    report = json.loads(output.split("REPORT ", 1)[1].splitlines()[0])
    return {"p50": report["p50"], "p95": report["p95"],
            "rps": report["requests"] / report["seconds"], "errors": report["errors"]}


def with_httpx(url: str, cookie: str, seconds: int, connections: int) -> dict[str, float]:
    """The same figures from a thread pool of httpx clients (bounded request count)."""
    count = max(200, seconds * 100)
    headers = {"Cookie": cookie} if cookie else {}

    def one(client: httpx.Client) -> float:
        begin = time.perf_counter()
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        return (time.perf_counter() - begin) * 1000

    with httpx.Client(limits=httpx.Limits(max_connections=connections)) as client:
        start = time.perf_counter()
        with ThreadPoolExecutor(connections) as pool:
            latencies = sorted(pool.map(lambda _: one(client), range(count)))
        elapsed = time.perf_counter() - start
    return {"p50": statistics.median(latencies), "p95": latencies[int(len(latencies) * 0.95)],
            "rps": count / elapsed, "errors": 0}


def report(database: str, pages: list[tuple[str, str, str]], measure: Any, seconds: int,
           connections: int) -> None:
    """Measure every page with this many connections and print the figures and verdicts."""
    results = {label: measure(target, session, seconds, connections)
               for label, target, session in pages}
    base_rps = results[pages[0][0]]["rps"]
    print(f"\n{database}, {connections} connections")
    print(f"{'page':42} {'median':>8} {'p95':>8} {'req/s':>8} {'vs first':>8}")
    for label, figures in results.items():
        errors = f"  ({figures['errors']} errors)" if figures["errors"] else ""
        print(f"{label:42} {figures['p50']:6.1f}ms {figures['p95']:6.1f}ms "
              f"{figures['rps']:8.0f} {figures['rps'] / base_rps:7.0%}{errors}")
    for label, figures in results.items():
        if label.startswith("bare") or (connections > 4 and "?" in label):
            continue
        verdict = "ok" if figures["p95"] < 50 else "MISSED"
        print(f"target for {label}: p95 < 50 ms {verdict}")


def facturo_pages(facturo: str, cookie: str) -> list[tuple[str, str, str]]:
    """The measured pages of the Facturo server at `facturo`."""
    return [(f"{path}", f"{facturo}{path}", cookie) for path in (
        "/customers",
        "/customers?q=garage+peeters",
        "/customers?q=peet",
        "/customers/picker?customer_q=garage+pee",
        "/documents/invoice",
        "/documents/invoice?state=open",
        "/account",
    )]


def run_database(database: str, tmp: str, args: argparse.Namespace, measure: Any) -> None:
    """Prepare one database, serve it and measure its pages."""
    server = None
    owner_url = None
    if database == "sqlite":
        path = f"{tmp}/bench.db"
        url = f"sqlite:///{path}"
    else:
        from core.testing.postgres import TemporaryPostgres

        server = TemporaryPostgres().start()
        server.superuser_sql(f"CREATE DATABASE bench OWNER {server.OWNER}")
        url, owner_url = server.url("bench"), server.owner_url("bench")
    children: list[subprocess.Popen[bytes]] = []
    try:
        began = time.perf_counter()
        tenant_id = prepare(url, args.rows, owner_url)
        print(f"\n{database}: {args.rows:,} customers and {args.rows:,} invoices written in "
              f"{time.perf_counter() - began:.1f} s")
        children.append(subprocess.Popen(
            [sys.executable, __file__, "serve", url, owner_url or ""], cwd=ROOT))
        facturo = f"http://127.0.0.1:{FACTURO_PORT}"
        bare = f"http://127.0.0.1:{BARE_PORT}"
        if database == "sqlite":
            children.append(subprocess.Popen(
                [sys.executable, __file__, "bare", path, str(tenant_id)], cwd=ROOT))
            wait_for(f"{bare}/customers")
        wait_for(f"{facturo}/healthz")
        pages = facturo_pages(facturo, log_in(facturo))
        if database == "sqlite":
            pages.insert(0, ("bare page (Starlette + SQLite + Jinja2)", f"{bare}/customers", ""))
        for label, target, session in pages:
            with httpx.Client() as check:
                answer = check.get(target, headers={"Cookie": session} if session else {})
                assert answer.status_code == 200 and "</" in answer.text, label
            measure(target, session, 2, 4)  # warm up
        for connections in args.connections:
            report(database, pages, measure, args.seconds, connections)
    finally:
        for child in children:
            child.terminate()
            child.wait(timeout=10)
        if server is not None:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, nargs="+", default=[4, 16],
                        help="concurrent connections; each count is measured in turn")
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    measure = with_wrk if shutil.which("wrk") else with_httpx
    print(f"load generator: {'wrk' if measure is with_wrk else 'httpx (wrk not installed)'}, "
          f"{args.seconds} s per page and number of connections")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FACTURO_VAR_DIR"] = tmp
        for database in args.databases:
            run_database(database, tmp, args, measure)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "serve":
        serve_facturo(sys.argv[2], sys.argv[3] or None)
    elif len(sys.argv) == 4 and sys.argv[1] == "bare":
        serve_bare(sys.argv[2], int(sys.argv[3]))
    else:
        main()
