"""Importing customers in three steps (upload, map, preview), all or nothing, and exporting."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from core.audit.service import entries
from core.contacts import custom_fields, service
from core.contacts.importer import ContactImporter, export_contacts
from core.contacts.listing import list_contacts
from core.contacts.models import Contact
from core.contacts.tags import tags_by_contact
from core.importing import (
    ImportRejected,
    UploadError,
    commit,
    guess_mapping,
    load_upload,
    preview,
    read_upload,
    store_upload,
)

HEADERS_NL = ["Naam", "Btw-nummer", "Straat", "Postcode", "Gemeente", "E-mail", "Taal", "Tags"]


def customers_csv(be_vat, count: int, bad: dict[int, dict[int, str]] | None = None) -> bytes:
    """`count` customers; `bad` replaces cells: {data row index: {column index: value}}."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS_NL)
    for i in range(count):
        row = [f"Klant {i:04d}", be_vat(i), f"Dorpsstraat {i}", "9000", "Gent",
               f"klant{i}@example.be", "nl", "import" if i % 2 else ""]
        for column, value in (bad or {}).get(i, {}).items():
            row[column] = value
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def count_contacts(ctx) -> int:
    return ctx.session.scalar(select(func.count()).select_from(Contact))


def test_headers_are_recognised_in_dutch_french_and_english(work):
    importer = ContactImporter()
    with work() as ctx:
        fields = importer.fields(ctx)
        assert guess_mapping(["Nom", "Numéro de TVA", "Code postal", "Localité", "Pays"],
                             fields) == {0: "name", 1: "vat_number", 2: "postal_code",
                                         3: "city", 4: "country"}
        assert guess_mapping(["Name", "VAT number", "Postal code", "City", "Whatever"],
                             fields) == {0: "name", 1: "vat_number", 2: "postal_code", 3: "city"}
        assert guess_mapping(HEADERS_NL, fields) == {
            0: "name", 1: "vat_number", 2: "street", 3: "postal_code", 4: "city", 5: "email",
            6: "language", 7: "tags"}


def test_delimiter_and_encoding_are_detected():
    text = 'Nom,Ville,Remarque\r\n"Café Liège, SPRL",Liège,"a ""quoted"" note"\r\n'
    table = read_upload(text.encode("cp1252"), "clients.csv")
    assert (table.delimiter, table.encoding) == (",", "cp1252")
    assert table.rows == [["Café Liège, SPRL", "Liège", 'a "quoted" note']]
    table = read_upload(("\ufeffNaam;Gemeente\nBäckerei;Eupen\n").encode(), "k.csv")
    assert (table.headers, table.rows, table.encoding) == (
        ["Naam", "Gemeente"], [["Bäckerei", "Eupen"]], "utf-8-sig")
    with pytest.raises(UploadError):
        read_upload(b"", "empty.csv")
    with pytest.raises(UploadError):
        read_upload(b"%PDF-1.4", "contract.pdf")


def test_a_thousand_customers_with_three_bad_rows(work, be_vat):
    bad = {10: {1: "BE0403170702"}, 500: {0: ""}, 998: {3: "90000"}}
    table = read_upload(customers_csv(be_vat, 1000, bad), "klanten.csv")
    importer = ContactImporter()
    with work() as ctx:
        mapping = guess_mapping(table.headers, importer.fields(ctx))
        checked = preview(ctx, importer, table, mapping)
        assert (checked.total_rows, checked.valid_rows, checked.ok) == (1000, 997, False)
        assert [(e.row, e.column, e.field) for e in checked.errors] == [
            (12, "Btw-nummer", "vat_number"), (502, "Naam", "name"),
            (1000, "Postcode", "postal_code")]
        assert "check digits" in checked.errors[0].reason
        assert "name is required" in checked.errors[1].reason
        assert "4 digits" in checked.errors[2].reason
        with pytest.raises(ImportRejected) as refused:
            commit(ctx, importer, table, mapping)
        assert len(refused.value.errors) == 3
        assert count_contacts(ctx) == 0
    with work() as ctx:
        fixes = {12: {"vat_number": be_vat(10)}, 502: {"name": "Klant 0500"}}
        assert preview(ctx, importer, table, mapping, fixes=fixes,
                       skip=[1000]).ok
        result = commit(ctx, importer, table, mapping, fixes=fixes, skip=[1000])
        assert (result.created, result.skipped) == (999, [1000])
    with work() as ctx:
        assert count_contacts(ctx) == 999
        first = list_contacts(ctx, per_page=2, sort="number").items
        assert [(c.number, c.name, c.vat_number, c.is_company) for c in first] == [
            ("C00001", "Klant 0000", be_vat(0), True), ("C00002", "Klant 0001", be_vat(1), True)]
        assert list_contacts(ctx, tags=["import"]).total == 500
        assert service.create_customer(ctx, {"name": "Next"}).number == "C01000"
        assert entries(ctx, action="contacts.imported")[0].details["created"] == 999


def test_imported_numbers_are_kept_and_must_be_unique(work):
    data = b"Klantnummer;Naam\nK-7;Zeven\nK-8;Acht\nK-7;Dubbel\n;Zonder nummer\n"
    table = read_upload(data, "k.csv")
    importer = ContactImporter()
    with work() as ctx:
        service.create_customer(ctx, {"name": "Bestaand", "number": "K-8"})
        mapping = guess_mapping(table.headers, importer.fields(ctx))
        checked = preview(ctx, importer, table, mapping)
        assert [(e.row, e.column) for e in checked.errors] == [(3, "Klantnummer"),
                                                              (4, "Klantnummer")]
        commit(ctx, importer, table, mapping, skip=[3, 4])
    with work() as ctx:
        numbers = sorted(ctx.session.scalars(select(Contact.number)))
        assert numbers == ["C00001", "K-7", "K-8"]


def test_a_required_column_must_be_mapped(work):
    table = read_upload(b"Gemeente\nGent\n", "k.csv")
    importer = ContactImporter()
    with work() as ctx:
        checked = preview(ctx, importer, table, guess_mapping(table.headers,
                                                              importer.fields(ctx)))
        assert checked.missing == ["Name"] and not checked.ok
        with pytest.raises(ImportRejected, match="Name"):
            commit(ctx, importer, table, {0: "city"})


def test_suppliers_and_xlsx_uploads(work):
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "VAT", "Postal code", "Payment term", "Type"])
    sheet.append(["Groothandel Noord", "BE0403170701", 2000, 30, "company"])
    sheet.append(["Jan Smit", None, 9000.0, None, "person"])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_upload(buffer.getvalue(), "leveranciers.xlsx")
    importer = ContactImporter("supplier")
    with work() as ctx:
        token = store_upload(ctx, table)
    with work() as ctx:
        kept = load_upload(ctx, token)
        commit(ctx, importer, kept, guess_mapping(kept.headers, importer.fields(ctx)))
    with work() as ctx:
        rows = list_contacts(ctx, kind="supplier", sort="name").items
        assert [(c.number, c.name, c.postal_code, c.payment_term_days, c.is_company,
                 c.is_customer) for c in rows] == [
            ("L00001", "Groothandel Noord", "2000", 30, True, False),
            ("L00002", "Jan Smit", "9000", None, False, False)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_and_import_round_trip(work, make_tenant, be_vat, fmt):
    with work() as ctx:
        custom_fields.define_field(ctx, "Contract", "date")
        service.create_customer(ctx, {
            "name": "=Café \"De Hoek\"; Gent", "vat_number": be_vat(1), "street": "Markt 1",
            "postal_code": "9000", "city": "Gent", "email": "hoek@example.be",
            "phone": "+32 9 000 00 00", "language": "fr", "general_discount": "2.5",
            "payment_term_days": 30, "vat_regime": "intra_eu", "internal_note": "line 1\nline 2",
            "tags": ["Horeca", "VIP"], "custom_fields": {"contract": "2026-03-01"}})
        service.create_customer(ctx, {"name": "Piet Person", "is_company": False})
        archived = service.create_customer(ctx, {"name": "Old"})
        service.archive_contact(ctx, archived.id)
        data, _content_type, extension = export_contacts(ctx, fmt)
        assert extension == f".{fmt}"
        assert "Old" not in str(read_upload(data, "x" + extension).rows)
    other = make_tenant("Other", slug="other")
    importer = ContactImporter()
    with work(other.id) as ctx:
        custom_fields.define_field(ctx, "Contract", "date")
        table = read_upload(data, "export" + extension)
        mapping = guess_mapping(table.headers, importer.fields(ctx))
        assert len(mapping) == len(table.headers)
        commit(ctx, importer, table, mapping)
    fields = ("number", "name", "vat_number", "street", "postal_code", "city", "email",
              "phone", "language", "general_discount", "payment_term_days", "vat_regime",
              "internal_note", "is_company", "custom_fields")
    snapshots = []
    for tenant_id in (None, other.id):
        with work(tenant_id) as ctx:
            contacts = list_contacts(ctx, sort="number").items
            tags = tags_by_contact(ctx, [c.id for c in contacts])
            snapshots.append([(*(getattr(c, f) for f in fields), tags.get(c.id, []))
                              for c in contacts])
    assert snapshots[0] == snapshots[1]
    assert snapshots[0][0][1] == "=Café \"De Hoek\"; Gent"
