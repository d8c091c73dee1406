"""The customer pages: list, form, VIES, detail records, merge, export and import."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from openpyxl import load_workbook
from page_helpers import HTMX, post, title_of
from sqlalchemy import select

from core.contacts.addresses import document_emails
from core.contacts.custom_fields import define_field
from core.contacts.models import Contact, ContactAttachment, ContactPerson
from core.contacts.tags import tags_by_contact
from core.testing.web import finish_import

pytestmark = pytest.mark.sqlite_only


def test_the_list_searches_filters_by_tag_and_kind_sorts_and_pages(
    tenant, client_of, make_customer
):
    for n in range(1, 56):
        make_customer(tenant, f"Klant {n:02d}", city="Gent" if n % 2 else "Brugge",
                      tags="vip" if n <= 3 else "")
    make_customer(tenant, "Houthandel Supply", is_customer=False, is_supplier=True)
    client = client_of(tenant)
    first = client.get("/customers")
    assert title_of(first.text) == "Customers"
    assert "Klant 01" in first.text and "Klant 51" not in first.text  # 50 per page
    assert "55 results" in first.text and "Houthandel" not in first.text
    second = client.get("/customers?page=2")
    assert "Klant 51" in second.text and "Klant 01" not in second.text
    descending = client.get("/customers?sort=-name")
    assert descending.text.index("Klant 55") < descending.text.index("Klant 54")
    assert "sort=-name" in descending.text  # the pager keeps the sort
    tagged = client.get("/customers?tag=vip&sort=-name")
    assert "3 results" in tagged.text and tagged.text.index("Klant 03") < tagged.text.index(
        "Klant 01")
    assert "tag=vip" in tagged.text  # sort links keep the filter
    found = client.get("/customers?q=klant+07")
    assert "1 result" in found.text and "Klant 07" in found.text
    suppliers = client.get("/customers?kind=supplier")
    assert "Houthandel Supply" in suppliers.text and "Klant 01" not in suppliers.text


def test_create_keeps_what_was_typed_when_invalid_then_saves_every_field(
    tenant, client_of, work, facturo_app
):
    with work(tenant) as ctx:
        define_field(ctx, "Rijksregisternummer")
        define_field(ctx, "Klant sinds", type="date")
    client = client_of(tenant)
    form = client.get("/customers/new")
    assert title_of(form.text) == "New customer"
    assert 'name="cf.rijksregisternummer"' in form.text and 'name="docmail.invoice"' in form.text
    bad = post(client, "/customers/new", {"name": "Garage Claes", "email": "not-an-address",
                                          "postal_code": "12", "is_company": "1"})
    assert bad.status_code == 422
    assert 'value="Garage Claes"' in bad.text and "not-an-address" in bad.text
    assert "Belgian postal code" in bad.text
    saved = post(client, "/customers/new", {
        "name": "Garage Claes", "is_company": "1", "is_customer": "on",
        "vat_number": "be 0403.170.701", "email": "info@claes.be", "street": "Dorp 1",
        "postal_code": "9000", "city": "Gent", "country": "BE", "language": "fr",
        "currency": "EUR", "vat_regime": "reverse_charge", "payment_term_days": "14",
        "general_discount": "2,5", "financial_discount": "", "internal_note": "Belt altijd",
        "tags": "garage, vip", "cf.rijksregisternummer": "85.07.30-033.61",
        "cf.klant_sinds": "2020-02-01", "docmail.invoice": "boekhouding@claes.be"})
    assert saved.status_code == 303
    contact_id = int(saved.headers["location"].rsplit("/", 1)[1])
    with work(tenant) as ctx:
        contact = ctx.session.get(Contact, contact_id)
        assert (contact.vat_number, contact.language, contact.vat_regime) == (
            "BE0403170701", "fr", "reverse_charge")
        assert contact.payment_term_days == 14 and str(contact.general_discount) == "2.50"
        assert contact.custom_fields == {"rijksregisternummer": "85.07.30-033.61",
                                         "klant_sinds": "2020-02-01"}
        assert document_emails(ctx, contact_id) == {"invoice": "boekhouding@claes.be"}
        assert tags_by_contact(ctx, [contact_id])[contact_id] == ["garage", "vip"]
    page = client.get(f"/customers/{contact_id}?tab=details")
    assert "boekhouding@claes.be" in page.text and "85.07.30-033.61" in page.text
    assert "Reverse charge" in page.text


def test_edit_changes_fields_and_an_app_saves_its_own_field(
    tenant, client_of, make_customer, work, activate
):
    from addons.tiered_pricing import service as tiers

    activate(tenant, "tiered_pricing")
    with work(tenant) as ctx:
        segment = tiers.create_segment(ctx, "Horeca").id
    contact_id = make_customer(tenant, "Café Sport", email="cafe@sport.be")
    client = client_of(tenant)
    form = client.get(f"/customers/{contact_id}/edit")
    assert 'value="cafe@sport.be"' in form.text and 'name="tiered_pricing_segment"' in form.text
    values = {"name": "Café Sport bv", "is_company": "1", "is_customer": "on",
              "email": "cafe@sport.be", "country": "BE", "language": "nl", "currency": "EUR",
              "tiered_pricing_segment": str(segment)}
    assert post(client, f"/customers/{contact_id}/edit", values).status_code == 303
    with work(tenant) as ctx:
        assert ctx.session.get(Contact, contact_id).name == "Café Sport bv"
        assert tiers.customer_segment(ctx, contact_id).id == segment
    refused = post(client, f"/customers/{contact_id}/edit",
                   {**values, "name": "Nieuwe naam", "tiered_pricing_segment": "x"})
    assert refused.status_code == 422 and "Choose one of the price segments." in refused.text
    with work(tenant) as ctx:  # the whole save was rolled back
        assert ctx.session.get(Contact, contact_id).name == "Café Sport bv"


class Vies(BaseHTTPRequestHandler):
    """The VIES REST contract: a known number, or the service down."""

    def log_message(self, *_args) -> None:
        pass

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.server.down:
            body, status = b"<html>Service Unavailable</html>", 503
        else:
            body, status = json.dumps({
                "countryCode": "BE", "vatNumber": request["vatNumber"], "valid": True,
                "name": "NV BROUWERIJ VAN HET DORP", "address": "Stationsstraat 12\n9000 Gent",
            }).encode(), 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def vies(monkeypatch) -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Vies)
    server.down = False
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    monkeypatch.setenv("FACTURO_VIES_URL", f"http://127.0.0.1:{server.server_port}")
    yield server
    server.shutdown()
    server.server_close()


def test_vies_fills_the_form_and_keeps_what_was_typed_when_down(tenant, client_of, vies):
    client = client_of(tenant)
    typed = {"name": "Brouwerij", "vat_number": "BE0403170701", "email": "info@dorp.be",
             "is_company": "1", "country": "BE"}
    partial = post(client, "/customers/vies", typed, headers=HTMX)
    assert partial.status_code == 200 and "<html" not in partial.text
    assert 'value="NV BROUWERIJ VAN HET DORP"' in partial.text
    assert 'value="Stationsstraat 12"' in partial.text and 'value="info@dorp.be"' in partial.text
    assert "You had typed Name: Brouwerij" in partial.text
    vies.down = True
    plain = post(client, "/customers/new", {**typed, "vies": "1"})  # without JavaScript
    assert plain.status_code == 200 and title_of(plain.text) == "New customer"
    assert "cannot be reached" in plain.text and "Everything you typed is kept." in plain.text
    assert 'value="Brouwerij"' in plain.text and 'value="info@dorp.be"' in plain.text


def test_persons_addresses_and_attachments(tenant, client_of, make_customer, work):
    contact_id = make_customer(tenant, "Aannemer Janssens")
    client = client_of(tenant)
    base = f"/customers/{contact_id}"
    assert post(client, base + "/persons", {"name": "Els Janssens", "function": "Boekhouding",
                                            "email": "els@janssens.be"}).status_code == 303
    bad = post(client, base + "/persons", {"name": "", "email": "els"})
    assert bad.status_code == 422 and "a name is required" in bad.text
    assert post(client, base + "/addresses", {"kind": "site", "street": "Werf 3",
                                              "postal_code": "2000", "city": "Antwerpen",
                                              "country": "BE"}).status_code == 303
    pdf = b"%PDF-1.4 contract"
    uploaded = post(client, base + "/attachments",
                    files={"file": ("contract.pdf", pdf, "application/pdf")})
    assert uploaded.status_code == 303
    refused = post(client, base + "/attachments",
                   files={"file": ("virus.exe", b"MZ...", "application/octet-stream")})
    assert refused.status_code == 422 and "not accepted" in refused.text
    assert "Els Janssens, Boekhouding" in client.get(base + "?tab=persons").text
    assert "Werf 3" in client.get(base + "?tab=addresses").text
    assert "contract.pdf" in client.get(base + "?tab=attachments").text
    with work(tenant) as ctx:
        attachment = ctx.session.scalars(select(ContactAttachment)).one()
        person = ctx.session.scalars(select(ContactPerson)).one()
    download = client.get(f"{base}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.content == pdf
    assert "contract.pdf" in download.headers["content-disposition"]
    assert post(client, f"{base}/attachments/{attachment.id}/delete").status_code == 303
    assert post(client, f"{base}/persons/{person.id}/delete").status_code == 303
    page = client.get(base)
    assert "contract.pdf is removed." in page.text and "Els Janssens is removed." in page.text
    assert "contract.pdf" not in client.get(base + "?tab=attachments").text
    assert "Els Janssens" not in client.get(base + "?tab=persons").text


def test_archive_hides_a_customer_from_the_list_and_brings_it_back(
    tenant, client_of, make_customer
):
    contact_id = make_customer(tenant, "Oude Klant")
    client = client_of(tenant)
    link = f'<a href="/customers/{contact_id}">Oude Klant</a>'
    post(client, f"/customers/{contact_id}/archive", {"archived": "1"})
    assert link not in client.get("/customers").text
    assert link in client.get("/customers?archived=1").text
    post(client, f"/customers/{contact_id}/archive", {"archived": "0"})
    assert link in client.get("/customers").text


def test_merge_moves_documents_after_a_confirmation(
    tenant, client_of, make_customer, make_invoice, work
):
    keep = make_customer(tenant, "Bakkerij Peeters")
    duplicate = make_customer(tenant, "Bakkerij Peters")
    invoice = make_invoice(tenant, duplicate, post=True)
    client = client_of(tenant)
    search = client.get(f"/customers/{duplicate}/merge?q=peeters")
    assert f"/customers/{duplicate}/merge?target={keep}" in search.text
    confirm = client.get(f"/customers/{duplicate}/merge?target={keep}")
    assert title_of(confirm.text) == "Merge Bakkerij Peters?"
    assert "1 document moves to Bakkerij Peeters." in confirm.text
    with work(tenant) as ctx:  # looking at the confirmation changes nothing
        assert ctx.session.get(Contact, duplicate).merged_into_id is None
    done = post(client, f"/customers/{duplicate}/merge", {"target": str(keep)})
    assert done.status_code == 303 and done.headers["location"] == f"/customers/{keep}"
    with work(tenant) as ctx:
        from core.documents.models import Document

        assert ctx.session.get(Document, invoice).customer_id == keep
        assert ctx.session.get(Contact, duplicate).merged_into_id == keep
    assert "was merged into" in client.get(f"/customers/{duplicate}").text


def test_export_of_the_filtered_list_in_csv_and_xlsx(tenant, client_of, make_customer):
    make_customer(tenant, "Vip Een", tags="vip", email="een@vip.be")
    make_customer(tenant, "Gewone Klant")
    client = client_of(tenant)
    csv_file = client.get("/customers/export?format=csv&tag=vip")
    assert csv_file.status_code == 200 and csv_file.headers["content-type"].startswith("text/csv")
    text = csv_file.content.decode("utf-8-sig")
    assert "Vip Een" in text and "een@vip.be" in text and "Gewone" not in text
    xlsx = client.get("/customers/export?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"Vip Een", "Gewone Klant"}


def test_import_in_three_steps_with_errors_per_row(tenant, client_of, work):
    client = client_of(tenant)
    csv_text = ("Naam;Btw-nummer;Postcode;Gemeente;E-mail\n"
                "Bakkerij Peeters;BE0403170701;9000;Gent;info@peeters.be\n"
                "Slagerij Claes;;12;Brugge;\n"
                "Frituur Rita;;8000;Brugge;rita@frituur.be\n")
    upload = post(client, "/customers/import", {"role": "customer"},
                  files={"file": ("klanten.csv", csv_text.encode("utf-8"), "text/csv")})
    assert upload.status_code == 303
    read = finish_import(client, upload)
    assert read.status_code == 303
    mapping_url = read.headers["location"]
    token = mapping_url.split("/")[3].split("?")[0]
    mapping = client.get(mapping_url)
    assert title_of(mapping.text) == "Which column holds what?"
    assert '<option value="name" selected>' in mapping.text  # guessed from "Naam"
    assert '<option value="vat_number" selected>' in mapping.text
    columns = {"column_0": "name", "column_1": "vat_number", "column_2": "postal_code",
               "column_3": "city", "column_4": "email", "role": "customer"}
    preview = post(client, f"/customers/import/{token}/preview", columns)
    assert preview.status_code == 200 and "2 rows can be imported" in preview.text
    assert "Belgian postal code" in preview.text and "<td>3</td>" in preview.text  # row 3
    refused = post(client, f"/customers/import/{token}/commit", columns)
    assert refused.status_code == 422
    with work(tenant) as ctx:
        assert ctx.session.scalars(select(Contact)).all() == []  # all or nothing
    done = post(client, f"/customers/import/{token}/commit", {**columns, "skip_errors": "1"})
    assert done.status_code == 303
    with work(tenant) as ctx:
        names = sorted(c.name for c in ctx.session.scalars(select(Contact)))
    assert names == ["Bakkerij Peeters", "Frituur Rita"]
    listing = client.get("/customers")
    assert "2 records imported. 1 row skipped." in listing.text


def test_a_customer_typed_on_a_new_invoice_is_saved_as_new(tenant, client_of, work):
    client = client_of(tenant)
    made = post(client, "/documents/invoice/new", {
        "new_customer": "1", "issue_date": "2026-03-02", "party.name": "Loodgieter Wouters",
        "party.vat_number": "", "party.street": "Markt 4", "party.postal_code": "3000",
        "party.city": "Leuven", "party.country": "BE", "party.email": "info@wouters.be",
        "party.attention": "Jan Wouters"})
    assert made.status_code == 303
    with work(tenant) as ctx:
        contact = ctx.session.scalars(select(Contact)).one()
        assert (contact.name, contact.city) == ("Loodgieter Wouters", "Leuven")
        assert [p.name for p in ctx.session.scalars(select(ContactPerson))] == ["Jan Wouters"]
    editor = client.get(made.headers["location"])
    assert "Loodgieter Wouters" in editor.text and title_of(editor.text) == "Draft invoice"
    again = post(client, "/documents/invoice/new", {"new_customer": "1", "party.name": ""})
    assert again.status_code == 422 and "a name is required" in again.text


def test_a_long_list_is_counted_up_to_a_limit(tenant, client_of, make_customer, monkeypatch):
    import core.web.routes.customers as customers_page

    monkeypatch.setattr(customers_page, "COUNT_LIMIT", 3)
    for n in range(5):
        make_customer(tenant, f"Klant {n}")
    client = client_of(tenant)
    first = client.get("/customers?per_page=2")
    assert "More than 3 results" in first.text and "Page 1<" in first.text
    assert 'rel="next"' in first.text
    last = client.get("/customers?per_page=2&page=3")
    assert "Klant 4" in last.text and 'rel="next"' not in last.text
