"""The README's screenshots: a throwaway demo company served on a free loopback port, pages
photographed in Debian's Chromium (Playwright) at laptop (1366 px) and phone (390 px) width.

Run it with `make screenshots`; the pictures land in docs/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from core.demo import DEMO_EMAIL, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
FACTURO = [str(Path(sys.executable).parent / "facturo")]
LAPTOP = {"width": 1366, "height": 860}
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 30) -> None:
    """Until the server answers."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url + "/login", timeout=2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def shoot(base: str) -> None:
    """Log in as the demo owner and photograph the pages."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
            page = browser.new_page(viewport=viewport, locale="nl-BE")
            page.goto(base + "/login")
            page.locator("#f-email").fill(DEMO_EMAIL)
            page.locator("#f-password").fill(DEMO_PASSWORD)
            page.locator("form[action='/login'] button[type=submit]").click()
            page.wait_for_url(base + "/")
            if name == "phone":
                page.screenshot(path=OUT / "phone-dashboard.png", full_page=True)
                page.locator(".menu-toggle").click()
                page.screenshot(path=OUT / "phone-menu.png")
                page.goto(base + "/documents/invoice")
                page.screenshot(path=OUT / "phone-list.png", full_page=True)
                continue
            page.screenshot(path=OUT / "dashboard.png", full_page=True)
            page.goto(base + "/documents/invoice")
            page.screenshot(path=OUT / "list.png", full_page=True)
            page.locator("table.list tbody a").first.click()
            page.wait_for_load_state()
            page.screenshot(path=OUT / "document.png", full_page=True)
            page.goto(base + "/customers")
            page.get_by_role("link", name="Bouwbedrijf Janssens NV").first.click()
            page.wait_for_load_state()
            page.screenshot(path=OUT / "customer.png", full_page=True)
            page.goto(base + "/documents/invoice/new")
            page.get_by_label("Bouwbedrijf Janssens NV").check()
            page.locator("form button.primary[type=submit]").first.click()
            page.wait_for_url(base + "/documents/*")
            for description, quantity, price in (("Maatkast eik", "1", "1250,00"),
                                                 ("Montage", "6", "55,00")):
                page.locator("#new-description").fill(description)
                page.locator("#new-quantity").fill(quantity)
                page.locator("#new-unit_price").fill(price)
                page.locator("#new-unit_price").press("Enter")
                page.locator("#lines").get_by_text(description).first.wait_for()
            page.screenshot(path=OUT / "editor.png", full_page=True)
        browser.close()


def main() -> None:
    """Make a demo database in a temporary folder, serve it, photograph it."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "FACTURO_VAR_DIR": folder,
               "FACTURO_DATABASE_URL": f"sqlite:///{folder}/facturo.db"}
        port = free_port()
        subprocess.run([*FACTURO, "db", "upgrade"], env=env, check=True, cwd=ROOT)
        subprocess.run([*FACTURO, "demo"], env=env, check=True, cwd=ROOT)
        server = subprocess.Popen([*FACTURO, "serve", "--port", str(port)], env=env, cwd=ROOT)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base)
            shoot(base)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
