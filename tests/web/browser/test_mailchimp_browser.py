"""In Chromium: a MailChimp full sync started from its page shows its progress, polled while
the outbox worker runs it against the local MailChimp server, until it says it finished."""

from __future__ import annotations

import threading
import time

import pytest

from addons.mailchimp.tests.server import MailChimpServer, MailChimpState
from core.api import create_customer
from core.outbox.runner import run_jobs
from core.tenants.models import Role
from core.testing.plugin import TEST_PASSWORD

pytestmark = [pytest.mark.sqlite_only, pytest.mark.browser]

API_KEY = "0123456789abcdef0123456789abcdef-us21"


def test_the_full_sync_shows_its_progress_until_it_finished(
    facturo_app, make_tenant, make_user, serve, page, monkeypatch
):
    from playwright.sync_api import expect

    state = MailChimpState(API_KEY)
    state.batch_polls_to_finish = 3
    with MailChimpServer(state) as mailchimp:
        monkeypatch.setenv("FACTURO_MAILCHIMP_URL", mailchimp.url)
        tenant = make_tenant("Nieuwsbrief BV", addons=("mailchimp",))
        facturo_app.addon_manager.configure(tenant.id, "mailchimp",
                                            {"api_key": API_KEY, "audience": "a1b2c3"})
        with facturo_app.tenant_context(tenant.id) as ctx:
            for n in range(12):
                create_customer(ctx, {"name": f"Klant {n}", "email": f"k{n}@x.be"})
        run_jobs(facturo_app, limit=50)  # the saves' own upserts
        user = make_user(tenant, Role.OWNER, language="en")
        base = serve(facturo_app)
        stop = threading.Event()

        def worker() -> None:
            while not stop.is_set():
                run_jobs(facturo_app, limit=50)
                time.sleep(0.5)

        page.goto(base + "/login")
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.goto(base + "/apps/mailchimp/")
        page.get_by_role("button", name="Sync every customer now").click()
        status = page.locator("#mailchimp-progress [role=status]")
        thread = threading.Thread(target=worker, daemon=True)
        thread.start()
        try:
            expect(status).to_contain_text("operations done", timeout=20_000)
            expect(status).to_contain_text("Last full sync finished", timeout=30_000)
        finally:
            stop.set()
            thread.join(timeout=10)
        expect(status).to_contain_text("12 operations sent, 0 refused.")
        expect(page.get_by_role("button", name="Sync every customer now")).to_have_count(0)
