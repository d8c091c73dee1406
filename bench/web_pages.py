"""Web shell throughput: a logged-in user loading the dashboard and Settings → Apps.

Run: `.venv/bin/python bench/web_pages.py`. The server (uvicorn, one worker, SQLite) runs in a
child process; the client sends requests sequentially and with 8 at a time over loopback.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PORT = 8791
EMAIL, PASSWORD = "bench@facturo.test", "bench-password"


def prepare(database_url: str) -> None:
    """A migrated database with one tenant and its owner."""
    from core.app import Facturo
    from core.config import Settings
    from core.db.migrate import upgrade
    from core.tenants.models import Role
    from core.tenants.service import add_member, create_tenant, create_user

    app = Facturo(Settings(database_url=database_url, secret_key="bench"))
    upgrade(app)
    tenant = create_tenant(app, "Bench BV")
    user = create_user(app, EMAIL, PASSWORD, language="nl")
    add_member(app, tenant.id, user.id, Role.OWNER)
    app.db.dispose()


def serve(database_url: str) -> None:
    """Run the web app with uvicorn (the child process)."""
    import uvicorn

    from core.app import Facturo
    from core.config import Settings

    app = Facturo(Settings(database_url=database_url, secret_key="bench"))
    uvicorn.run(app.web, host="127.0.0.1", port=PORT, log_level="warning", access_log=False)


def measure(client: httpx.Client, path: str, count: int, workers: int) -> tuple[float, float]:
    """Requests per second and median latency (ms) for `count` GETs of a page."""
    def one(_: int) -> float:
        start = time.perf_counter()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return time.perf_counter() - start

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        latencies = list(pool.map(one, range(count)))
    elapsed = time.perf_counter() - start
    return count / elapsed, statistics.median(latencies) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FACTURO_VAR_DIR"] = tmp
        url = f"sqlite:///{tmp}/bench.db"
        prepare(url)
        child = subprocess.Popen([sys.executable, __file__, "serve", url], cwd=ROOT)
        try:
            base = f"http://127.0.0.1:{PORT}"
            with httpx.Client(base_url=base, follow_redirects=True) as client:
                for _ in range(100):
                    try:
                        client.get("/healthz")
                        break
                    except httpx.TransportError:
                        time.sleep(0.1)
                page = client.get("/login").text
                token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
                client.post("/login", data={"email": EMAIL, "password": PASSWORD,
                                            "csrf_token": token})
                for path in ("/", "/settings/apps"):
                    measure(client, path, 50, 1)  # warm up
                    for workers in (1, 8):
                        rate, p50 = measure(client, path, 500, workers)
                        print(f"GET {path:15} {workers} at a time: {rate:7.0f} requests/s, "
                              f"p50 {p50:5.1f} ms")
        finally:
            child.terminate()
            child.wait(timeout=10)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        serve(sys.argv[2])
    else:
        main()
