"""Uploads cannot block or break the server: capped bodies and files, row limits, bad XLSX
files answered with a reason, parsing off the event loop."""

from __future__ import annotations

import asyncio
import io
import itertools
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from openpyxl import Workbook

from core.i18n import use_language
from core.importing import UploadError, read_upload
from core.importing import reader as reader_module
from core.testing.web import csrf_token, finish_import
from core.web.body_limit import MAX_BODY_BYTES


def xlsx_bytes(rows: int = 3, columns: int = 3) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Naam", "Gemeente", "E-mail"][:columns])
    for i in range(rows):
        sheet.append([f"Klant {i}", "Gent", f"klant{i}@example.be"][:columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def replaced(data: bytes, part: str, new: bytes) -> bytes:
    """The XLSX archive with one part's content replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, new if item.filename == part else source.read(item))
    return out.getvalue()


def no_sheet() -> bytes:
    data = xlsx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    start, end = workbook.index("<sheets>"), workbook.index("</sheets>") + len("</sheets>")
    return replaced(data, "xl/workbook.xml", (workbook[:start] + "<sheets/>" +
                                              workbook[end:]).encode())


def external_entity() -> bytes:
    sheet = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
             b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>'
             b'</sheetData></worksheet>')
    return replaced(xlsx_bytes(), "xl/worksheets/sheet1.xml", sheet)


BAD_FILES = {
    "no sheet": (no_sheet, "has no sheet"),
    "broken XML": (lambda: replaced(xlsx_bytes(), "xl/worksheets/sheet1.xml",
                                    b"<worksheet><sheetData><row>"), "is not an Excel"),
    "external entity": (external_entity, "declares a document type"),
    "not a zip": (lambda: b"PK\x03\x04 not really", "is not an Excel"),
}


@pytest.mark.sqlite_only
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_xlsx_is_refused_with_a_reason(case):
    make, reason = BAD_FILES[case]
    with use_language("en"), pytest.raises(UploadError, match=reason):
        read_upload(make(), "klanten.xlsx")


@pytest.mark.sqlite_only
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_with_too_many_rows_is_refused_while_reading(monkeypatch, fmt):
    monkeypatch.setattr(reader_module, "MAX_ROWS", 50)
    if fmt == "csv":
        data = ("Naam;Gemeente\n" + "Klant;Gent\n" * 51).encode()
    else:
        data = xlsx_bytes(rows=51)
    with use_language("en"), pytest.raises(UploadError, match="more than 50 rows"):
        read_upload(data, f"klanten.{fmt}")
    assert len(read_upload(data.replace(b"Klant;Gent\n", b"", 1) if fmt == "csv"
                           else xlsx_bytes(rows=50), f"klanten.{fmt}").rows) == 50


@pytest.fixture
def owner_client(tenant, web_client):
    client = web_client(tenant, language="en")
    client.facturo_csrf = csrf_token(client)
    return client


def upload(client, data: bytes, name: str):
    return client.post("/customers/import", data={"role": "customer",
                                                  "csrf_token": client.facturo_csrf},
                       files={"file": (name, data)}, follow_redirects=False)


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_the_import_page_answers_a_bad_xlsx_with_its_reason(owner_client, case):
    make, reason = BAD_FILES[case]
    response = finish_import(owner_client, upload(owner_client, make(), "klanten.xlsx"))
    assert response.status_code == 422 and reason in response.text


def test_a_body_over_the_cap_is_refused_before_it_is_read(owner_client):
    headers = {"x-csrf-token": owner_client.facturo_csrf,
               "content-type": "application/x-www-form-urlencoded"}
    announced = owner_client.post("/customers/new", content=b"a" * (MAX_BODY_BYTES + 1),
                                  headers=headers, follow_redirects=False)
    assert announced.status_code == 413 and "Too much data" in announced.text

    def chunks():
        for _ in range(MAX_BODY_BYTES // (1024 * 1024) + 2):
            yield b"b" * (1024 * 1024)

    streamed = owner_client.post("/customers/new", content=chunks(), headers=headers,
                                 follow_redirects=False)
    assert streamed.status_code == 413
    assert owner_client.get("/customers").status_code == 200


def test_an_uploaded_file_over_its_cap_is_refused_with_a_reason(owner_client):
    from core.importing.reader import MAX_UPLOAD_BYTES

    assert MAX_UPLOAD_BYTES < MAX_BODY_BYTES
    line = b"Klant;Gent\n"
    data = b"Naam;Gemeente\n" + line * (MAX_UPLOAD_BYTES // len(line) + 1)
    response = upload(owner_client, data, "klanten.csv")
    assert response.status_code == 422 and "larger than 16 MB" in response.text


def test_the_application_answers_while_a_big_file_is_read(facturo_app, owner_client):
    """Health requests keep being answered during a big import's parsing (the upload, then
    its progress page until the file is read): the longest wait between two answers is a
    small part of the import's duration."""
    data = xlsx_bytes(rows=40_000)
    cookies = dict(owner_client.cookies)
    token = owner_client.facturo_csrf

    async def scenario() -> tuple[float, list[float], int]:
        transport = httpx.ASGITransport(app=facturo_app.web)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver",
                                     cookies=cookies) as client:
            done = asyncio.Event()
            answers: list[float] = []

            async def importing() -> int:
                response = await client.post(
                    "/customers/import", data={"role": "customer", "csrf_token": token},
                    files={"file": ("klanten.xlsx", data)})
                assert response.status_code == 303
                progress = response.headers["location"]
                while (response := await client.get(progress)).status_code == 200:
                    await asyncio.sleep(0.05)  # the progress page polls while the file is read
                done.set()
                return response.status_code

            async def probing() -> None:
                while not done.is_set():
                    response = await client.get("/healthz")
                    assert response.status_code == 200
                    answers.append(time.perf_counter())
                    await asyncio.sleep(0.005)

            start = time.perf_counter()
            status, _ = await asyncio.gather(importing(), probing())
            return time.perf_counter() - start, [start, *answers], status

    # its own thread: a browser test's driver may keep an event loop running in this one
    with ThreadPoolExecutor(max_workers=1) as runner:
        duration, moments, status = runner.submit(asyncio.run, scenario()).result()
    assert status == 303
    longest_wait = max(b - a for a, b in itertools.pairwise(moments))
    assert len(moments) > 10
    assert longest_wait < duration / 2, (longest_wait, duration)  # a blocked loop: ~duration
