"""An upload answers at once with a progress page; the file is read in the background, the
page tells the rows read so far and then goes on to the mapping step, or shows why the file
cannot be imported. A job is seen by the user who started it only."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from sqlalchemy import select

from core.contacts.models import Contact
from core.importing import jobs
from core.importing import reader as reader_module
from core.testing.web import csrf_token, finish_import

STATE = re.compile(r'data-phase="(\w+)" data-rows="(\d+)"')


def xlsx_bytes(rows: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Naam", "Gemeente", "E-mail"])
    for i in range(rows):
        sheet.append([f"Klant {i}", "Gent", f"klant{i}@example.be"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name: str = "klanten.xlsx"):
    return client.post("/customers/import", data={"role": "customer",
                                                  "csrf_token": csrf_token(client)},
                       files={"file": (name, data)}, follow_redirects=False)


def test_the_progress_endpoint_counts_the_rows_read_then_opens_the_mapping(
    tenant, web_client
):
    client = web_client(tenant, language="en")
    rows = 30_000
    uploaded = upload(client, xlsx_bytes(rows=rows))
    assert uploaded.status_code == 303
    page_url = uploaded.headers["location"]
    assert re.fullmatch(r"/imports/[0-9a-f]{32}", page_url)
    seen: list[int] = []
    while True:
        status = client.get(f"{page_url}/status", follow_redirects=False)
        if status.status_code != 200:
            break
        phase, count = STATE.search(status.text).groups()
        assert phase == "read" and 'hx-trigger="every 1s"' in status.text
        seen.append(int(count))
    assert status.status_code == 303
    assert status.headers["location"].startswith("/customers/import/")
    assert seen == sorted(seen)
    assert len({n for n in seen if 0 < n < rows}) >= 2, seen  # counts grew while reading
    polled = client.get(f"{page_url}/status", headers={"HX-Request": "true"},
                        follow_redirects=False)
    assert polled.status_code == 204
    assert polled.headers["HX-Redirect"] == status.headers["location"]
    mapping = client.get(status.headers["location"])
    assert mapping.status_code == 200 and f"{rows} rows in klanten.xlsx" in mapping.text


def test_the_progress_page_polls_and_refreshes_without_javascript(tenant, web_client):
    client = web_client(tenant, language="en")
    uploaded = upload(client, xlsx_bytes(rows=30_000))
    page = client.get(uploaded.headers["location"], follow_redirects=False)
    assert page.status_code == 200  # still reading: 30,000 rows take seconds
    assert re.search(r"\d+ rows? read from klanten.xlsx so far", page.text)
    assert 'hx-trigger="every 1s"' in page.text
    assert '<noscript><meta http-equiv="refresh" content="1"></noscript>' in page.text
    assert finish_import(client, uploaded).status_code == 303


def test_another_users_or_companys_import_is_not_found(tenant, make_tenant, web_client):
    owner = web_client(tenant, language="en")
    colleague = web_client(tenant, language="en")
    stranger = web_client(make_tenant("Slagerij Claes"), language="en")
    uploaded = upload(owner, xlsx_bytes(rows=5))
    page_url = uploaded.headers["location"]
    for client in (colleague, stranger):
        assert client.get(page_url, follow_redirects=False).status_code == 404
        assert client.get(f"{page_url}/status", follow_redirects=False).status_code == 404
    assert owner.get("/imports/" + "0" * 32, follow_redirects=False).status_code == 404
    assert owner.get("/imports/not-an-id/status", follow_redirects=False).status_code == 404
    assert finish_import(owner, uploaded).status_code == 303


def test_a_file_that_cannot_be_imported_shows_why_on_the_progress_page(
    facturo_app, tenant, web_client, monkeypatch
):
    monkeypatch.setattr(reader_module, "MAX_ROWS", 50)
    client = web_client(tenant, language="en")
    uploaded = upload(client, ("Naam;Gemeente\n" + "Klant;Gent\n" * 51).encode(), "klanten.csv")
    assert uploaded.status_code == 303
    failed = finish_import(client, uploaded)
    assert failed.status_code == 422
    assert "klanten.csv has more than 50 rows" in failed.text
    assert "Nothing was imported" in failed.text and 'href="/customers/import?role=customer"' \
        in failed.text
    assert "hx-trigger" not in failed.text and "http-equiv" not in failed.text  # stops polling
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert ctx.session.scalars(select(Contact)).all() == []
    assert upload(client, b"Naam\nKlant\n", "klanten.csv").status_code == 303


def test_a_bad_file_shows_its_reason_in_the_users_language(tenant, web_client):
    client = web_client(tenant, language="nl")
    failed = finish_import(client, upload(client, b"PK\x03\x04 not really"))
    assert failed.status_code == 422 and "is geen Excel-bestand" in failed.text


def test_too_many_imports_at_once_are_asked_to_try_again(tenant, web_client):
    client = web_client(tenant, language="en")
    taken = 0
    while jobs.reading_slots.acquire(blocking=False):
        taken += 1
    try:
        assert taken == jobs.MAX_RUNNING
        busy = upload(client, xlsx_bytes(rows=5))
        assert busy.status_code == 503 and "try again in a moment" in busy.text
    finally:
        for _ in range(taken):
            jobs.reading_slots.release()
    assert finish_import(client, upload(client, xlsx_bytes(rows=5))).status_code == 303
