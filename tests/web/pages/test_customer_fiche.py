"""The customer fiche: tabs, contact persons edited and chosen on a document, custom fields
from Settings on the fiche and the PDF, the company attachment with every e-mail, the full
report (page and PDF, with the payments app's section) and the VAT-number warning."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal

import pypdf
import pytest
from aiosmtpd.controller import Controller
from page_helpers import post
from sqlalchemy import select

from core.contacts.models import ContactPerson, CustomFieldDefinition
from core.contacts.persons import add_person
from core.documents.models import Document
from core.mail.sender import drain
from core.mail.settings import save_mail_settings
from core.testing.mail import MailCatcher, free_port
from core.web.formatting import format_currency

pytestmark = pytest.mark.sqlite_only


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\xa0", " ").split())


@pytest.fixture
def smtp() -> Iterator[MailCatcher]:
    """A real SMTP server on loopback that keeps what it receives."""
    catcher = MailCatcher(port=free_port())
    controller = Controller(catcher, hostname="127.0.0.1", port=catcher.port)
    controller.start()
    yield catcher
    controller.stop()


def test_the_fiche_has_tabs_and_each_shows_its_part(tenant, client_of, make_customer, work):
    contact_id = make_customer(tenant, "Aannemer Janssens", internal_note="Belt op maandag")
    with work(tenant) as ctx:
        add_person(ctx, contact_id, {"name": "Els Vermeulen", "function": "Boekhouding"})
    client = client_of(tenant)
    base = f"/customers/{contact_id}"
    overview = client.get(base).text
    for tab in ("overview", "details", "persons", "addresses", "attachments"):
        assert f'href="{base}?tab={tab}"' in overview
    assert 'aria-current="page">Overview' in overview and "Full report" in overview
    assert "Belt op maandag" not in overview
    details = client.get(base + "?tab=details").text
    assert "Belt op maandag" in details and "More options" in details
    persons = client.get(base + "?tab=persons").text
    assert "Els Vermeulen, Boekhouding" in persons and "Els Vermeulen , " not in persons
    assert client.get(base + "?tab=nonsense").text.count('aria-current="page">Overview') == 1


def test_a_contact_person_is_edited_and_bad_input_keeps_what_was_typed(
    tenant, client_of, make_customer, make_tenant, work
):
    contact_id = make_customer(tenant, "Aannemer Janssens")
    with work(tenant) as ctx:
        person_id = add_person(ctx, contact_id, {"name": "Els Vermeulen"}).id
    client = client_of(tenant)
    url = f"/customers/{contact_id}/persons/{person_id}/edit"
    assert 'value="Els Vermeulen"' in client.get(url).text
    bad = post(client, url, {"name": "Els Peeters", "email": "niet-goed"})
    assert bad.status_code == 422 and 'value="Els Peeters"' in bad.text
    assert "niet-goed" in bad.text
    with work(tenant) as ctx:
        assert ctx.session.get(ContactPerson, person_id).name == "Els Vermeulen"
    saved = post(client, url, {"name": "Els Peeters", "function": "Aankoop",
                               "email": "els@janssens.be", "street": "Werf 3",
                               "postal_code": "2000", "city": "Antwerpen", "country": ""})
    assert saved.status_code == 303 and saved.headers["location"].endswith("?tab=persons")
    with work(tenant) as ctx:
        person = ctx.session.get(ContactPerson, person_id)
        assert (person.name, person.function, person.city) == ("Els Peeters", "Aankoop",
                                                                "Antwerpen")
    # another customer's id in the path is not found
    other = make_customer(tenant, "Bakkerij Peeters")
    assert client.get(f"/customers/{other}/persons/{person_id}/edit").status_code == 404
    stranger = make_tenant("Elders")
    assert client_of(stranger).get(url).status_code == 404


def test_the_person_chosen_on_a_draft_is_printed_with_their_own_address(
    tenant, client_of, make_customer, make_invoice, work
):
    contact_id = make_customer(tenant, "Aannemer Janssens", street="Dorp 1",
                               postal_code="9000", city="Gent")
    with work(tenant) as ctx:
        person_id = add_person(ctx, contact_id, {
            "name": "Els Vermeulen", "function": "Boekhouding", "street": "Kaai 7",
            "postal_code": "2000", "city": "Antwerpen"}).id
    other = make_customer(tenant, "Bakkerij Peeters")
    with work(tenant) as ctx:
        stranger_person = add_person(ctx, other, {"name": "Jan Peeters"}).id
    document_id = make_invoice(tenant, contact_id)
    client = client_of(tenant)
    editor = client.get(f"/documents/{document_id}").text
    assert f'<option value="{person_id}">Els Vermeulen, Boekhouding</option>' in editor
    header = {"customer_id": str(contact_id), "issue_date": "2026-03-02",
              "payment_term_days": "30", "vat_regime": "standard", "language": "nl"}
    refused = post(client, f"/documents/{document_id}/header",
                   {**header, "contact_person_id": str(stranger_person)})
    assert refused.status_code == 404
    saved = post(client, f"/documents/{document_id}/header",
                 {**header, "contact_person_id": str(person_id)})
    assert saved.status_code == 303
    with work(tenant) as ctx:
        doc = ctx.session.get(Document, document_id)
        assert (doc.contact_person_id, doc.attention) == (person_id,
                                                          "Els Vermeulen, Boekhouding")
    text = pdf_text(client.get(f"/documents/{document_id}/pdf").content)
    assert "T.a.v. Els Vermeulen, Boekhouding" in text
    assert "Kaai 7" in text and "2000 Antwerpen" in text and "Dorp 1" not in text


def test_a_custom_field_defined_in_settings_shows_on_the_fiche_and_the_pdf(
    tenant, client_of, make_customer, make_invoice, work
):
    client = client_of(tenant)
    assert post(client, "/settings/fields", {"label": "", "type": "text"}).status_code == 422
    bad = post(client, "/settings/fields", {"label": "Sector", "type": "choice", "choices": ""})
    assert bad.status_code == 422 and 'value="Sector"' in bad.text
    assert post(client, "/settings/fields", {"label": "Werfnummer", "type": "text",
                                             "print_on_documents": "on"}).status_code == 303
    listing = client.get("/settings/fields").text
    assert "Werfnummer" in listing and "1 field" in listing
    with work(tenant) as ctx:
        field = ctx.session.scalars(select(CustomFieldDefinition)).one()
        assert (field.key, field.print_on_documents) == ("werfnummer", True)
    contact_id = make_customer(tenant, "Aannemer Janssens",
                               custom_fields={"werfnummer": "W-2026-17"})
    assert "W-2026-17" in client.get(f"/customers/{contact_id}?tab=details").text
    document_id = make_invoice(tenant, contact_id, post=True)
    text = pdf_text(client.get(f"/documents/{document_id}/pdf").content)
    assert "Werfnummer W-2026-17" in text
    # no longer printed: new documents leave it out, the posted one keeps what it printed
    assert post(client, f"/settings/fields/{field.id}/print",
                {"print_on_documents": "0"}).status_code == 303
    draft = make_invoice(tenant, contact_id)
    assert "W-2026-17" not in pdf_text(client.get(f"/documents/{draft}/pdf").content)
    assert "W-2026-17" in pdf_text(client.get(f"/documents/{document_id}/pdf").content)


def test_the_company_attachment_goes_with_a_document_e_mail(
    tenant, client_of, make_customer, make_invoice, work, facturo_app, smtp
):
    client = client_of(tenant)
    terms = b"%PDF-1.4 algemene voorwaarden"
    with work(tenant) as ctx:
        save_mail_settings(ctx.session, host=smtp.host, port=smtp.port, security="none",
                           from_address="facturen@janssens.example")
    refused = post(client, "/settings/attachments",
                   files={"file": ("voorwaarden.exe", b"MZ", "application/octet-stream")})
    assert refused.status_code == 422 and "not accepted" in refused.text
    assert post(client, "/settings/attachments", {"send_with_mail": "1"}, files={
        "file": ("voorwaarden.pdf", terms, "application/pdf")}).status_code == 303
    assert "voorwaarden.pdf" in client.get("/settings/attachments").text
    contact_id = make_customer(tenant, "Aannemer Janssens", email="info@janssens.be")
    document_id = make_invoice(tenant, contact_id, post=True)
    assert post(client, f"/documents/{document_id}/send",
                {"to": "info@janssens.be", "cc": ""}).status_code == 303
    assert drain(facturo_app).sent == 1
    [received] = smtp.received
    names = {part.get_filename(): part.get_content()
             for part in received.message.iter_attachments()}
    assert names["voorwaarden.pdf"] == terms
    assert any(name.endswith(".pdf") and name != "voorwaarden.pdf" for name in names)


def test_the_full_report_page_and_pdf_with_the_payments_section(
    tenant, client_of, make_customer, make_invoice, work, activate
):
    activate(tenant, "payments")
    contact_id = make_customer(tenant, "Aannemer Janssens")
    invoice = make_invoice(tenant, contact_id, lines=2, post=True)
    make_invoice(tenant, contact_id, lines=1)  # a draft: listed, not counted
    from addons.payments.service import record_payment

    with work(tenant) as ctx:
        record_payment(ctx, invoice, Decimal("100.00"), reference="+++000/0000/00097+++")
    client = client_of(tenant)
    page = client.get(f"/customers/{contact_id}/report").text
    assert "Full report of Aannemer Janssens" in page
    assert "2 documents" in page and "Werk 2" in page
    assert "Payments received" in page and format_currency(Decimal("100"), "EUR", "en") in page
    pdf = client.get(f"/customers/{contact_id}/report.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Full report of Aannemer Janssens" in text and "Payments received" in text
    assert "300,00 €" in text and "Werk 2" in text


def test_the_report_without_payments_app_has_no_payments_section_and_french_plurals(
    tenant, client_of, make_customer, make_invoice
):
    contact_id = make_customer(tenant, "Aannemer Janssens")
    for _n in range(8):
        make_invoice(tenant, contact_id, lines=1)
    page = client_of(tenant).get(f"/customers/{contact_id}/report").text
    assert "Payments received" not in page
    french = client_of(tenant, language="fr").get(f"/customers/{contact_id}/report").text
    assert "8 documents" in french and "8 de " not in french


def test_a_vat_number_used_by_another_customer_gives_a_warning_not_a_refusal(
    tenant, client_of, make_customer, work
):
    first = make_customer(tenant, "Garage Claes", vat_number="BE0403170701")
    client = client_of(tenant)
    saved = post(client, "/customers/new", {"name": "Garage Claes bis", "is_company": "1",
                                            "is_customer": "on", "vat_number": "0403.170.701",
                                            "country": "BE", "language": "nl",
                                            "currency": "EUR"})
    assert saved.status_code == 303
    page = client.get(saved.headers["location"]).text
    assert "VAT number BE0403170701 is also used by Garage Claes" in page
    assert f'href="/customers/{first}"' in page and 'id="vat-warning"' in page
    assert 'id="vat-warning"' not in client.get(
        f"/customers/{make_customer(tenant, 'Other', vat_number='BE0202239951')}").text


def test_french_counts_on_the_customer_list_follow_the_french_plural_rule(
    tenant, client_of, make_customer
):
    for n in range(8):
        make_customer(tenant, f"Klant {n}")
    page = client_of(tenant, language="fr").get("/customers").text
    assert "8 résultats" in page and "8 de résultats" not in page


def test_another_tenants_ids_are_not_found_on_the_new_pages(
    tenant, client_of, make_customer, make_tenant, work
):
    contact_id = make_customer(tenant, "Aannemer Janssens")
    client = client_of(tenant)
    assert post(client, "/settings/fields", {"label": "Werfnummer",
                                             "type": "text"}).status_code == 303
    with work(tenant) as ctx:
        field_id = ctx.session.scalars(select(CustomFieldDefinition.id)).one()
    stranger = client_of(make_tenant("Elders"))
    assert stranger.get(f"/customers/{contact_id}/report").status_code == 404
    assert stranger.get(f"/customers/{contact_id}/report.pdf").status_code == 404
    assert post(stranger, f"/settings/fields/{field_id}/print",
                {"print_on_documents": "1"}).status_code == 404
    with work(tenant) as ctx:
        assert ctx.session.get(CustomFieldDefinition, field_id).print_on_documents is False
