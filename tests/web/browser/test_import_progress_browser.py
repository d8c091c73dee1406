"""In Chromium: a big customer file uploaded shows its progress page, whose count of rows
read grows while the file is read, then the mapping step opens by itself."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook

from core.tenants.models import Role
from core.testing.plugin import TEST_PASSWORD

pytestmark = [pytest.mark.sqlite_only, pytest.mark.browser]

ROWS = 60_000


def big_xlsx(path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Naam", "Gemeente", "E-mail"])
    for i in range(ROWS):
        sheet.append([f"Klant {i}", "Gent", f"klant{i}@example.be"])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


def test_a_big_upload_shows_its_progress_then_the_mapping(
    facturo_app, make_tenant, make_user, serve, page, tmp_path
):
    from playwright.sync_api import expect

    tenant = make_tenant("Import BV")
    user = make_user(tenant, Role.OWNER, language="en")
    file = tmp_path / "klanten.xlsx"
    big_xlsx(file)
    base = serve(facturo_app)

    page.goto(base + "/login")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_title("Dashboard · Facturo")

    page.goto(base + "/customers/import")
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(file))
    page.get_by_role("button", name="Next").click()
    expect(page).to_have_url(re.compile(r"/imports/[0-9a-f]{32}$"))
    counter = page.locator("#import-progress [role=status]")
    expect(counter).to_contain_text("read from klanten.xlsx so far")
    first = counter.inner_text()
    expect(counter).not_to_have_text(first, timeout=30_000)  # the polled count changed
    assert int(re.match(r"\d+", counter.inner_text()).group()) > int(
        re.match(r"\d+", first).group())
    expect(page).to_have_title("Which column holds what? · Facturo", timeout=120_000)
    expect(page.locator("p.lead")).to_contain_text(f"{ROWS} rows in klanten.xlsx")
