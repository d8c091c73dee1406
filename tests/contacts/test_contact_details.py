"""Contact persons and the printed address, extra addresses, e-mails per kind, custom fields,
tags and attachments."""

from __future__ import annotations

from datetime import date

import pytest

from core.contacts import addresses, attachments, custom_fields, persons, service, tags
from core.contacts.errors import ValidationError
from core.contacts.listing import list_contacts
from core.contacts.models import ContactAttachment


@pytest.fixture
def company(work):
    with work() as ctx:
        return service.create_customer(ctx, {
            "name": "Bouwwerken Claes NV", "street": "Markt 1", "postal_code": "2000",
            "city": "Antwerpen", "language": "nl", "vat_number": "BE0403170701"})


def test_a_contact_persons_own_address_replaces_the_company_address(work, company):
    with work() as ctx:
        at_office = persons.add_person(ctx, company.id, {"name": "An Claes"})
        on_site = persons.add_person(ctx, company.id, {
            "name": "Werfleider Tom", "street": "Rue Haute 5", "postal_code": "1000",
            "city": "Bruxelles"})
        plain = persons.address_block(ctx, company.id)
        assert plain.lines() == ["Bouwwerken Claes NV", "Markt 1", "2000 Antwerpen"]
        office = persons.address_block(ctx, company.id, person_id=at_office.id)
        assert office.lines() == ["Bouwwerken Claes NV", "T.a.v. An Claes", "Markt 1",
                                  "2000 Antwerpen"]
        site = persons.address_block(ctx, company.id, person_id=on_site.id, language="fr")
        assert site.lines() == ["Bouwwerken Claes NV", "À l'attention de Werfleider Tom",
                                "Rue Haute 5", "1000 Bruxelles"]
        assert site.vat_number == "BE0403170701"
        with pytest.raises(ValidationError):
            persons.add_person(ctx, company.id, {"name": "", "email": "bad"})


def test_delivery_addresses_and_document_emails(work, company):
    with work() as ctx:
        depot = addresses.add_address(ctx, company.id, {
            "label": "Depot", "street": "Havenlaan 9", "postal_code": "4000", "city": "Liège"})
        assert depot.kind == "delivery" and depot.country == "BE"
        block = persons.address_block(ctx, company.id, address_id=depot.id)
        assert block.lines()[1:] == ["Havenlaan 9", "4000 Liège"]
        abroad = addresses.add_address(ctx, company.id, {
            "street": "Hauptstraße 3", "postal_code": "52062", "city": "Aachen",
            "country": "DE"})
        assert persons.address_block(ctx, company.id, address_id=abroad.id).lines(
            "nl")[-1] == "Duitsland"
        with pytest.raises(ValidationError):
            addresses.add_address(ctx, company.id, {"label": "nothing"})
        addresses.set_document_email(ctx, company.id, "invoice", "boekhouding@claes.be")
        contact = service.get_contact(ctx, company.id)
        assert addresses.email_for(ctx, contact, "invoice") == "boekhouding@claes.be"
        assert addresses.email_for(ctx, contact, "quote") is None
        with pytest.raises(ValidationError):
            addresses.set_document_email(ctx, company.id, "quote", "not an address")


def test_custom_fields_are_typed_and_checked(work, company):
    with work() as ctx:
        custom_fields.define_field(ctx, "Rijksregisternummer", print_on_documents=True)
        custom_fields.define_field(ctx, "Contract start", "date")
        custom_fields.define_field(ctx, "Budget", "number")
        custom_fields.define_field(ctx, "Newsletter", "bool")
        custom_fields.define_field(ctx, "Segment", "choice", choices=["Horeca", "Bouw"])
        with pytest.raises(ValidationError):
            custom_fields.define_field(ctx, "Segment", "choice", choices=["x"])
        with pytest.raises(ValidationError):
            custom_fields.define_field(ctx, "Empty choice", "choice")
        contact = service.update_contact(ctx, company.id, {"custom_fields": {
            "rijksregisternummer": "85.07.30-033.61", "contract_start": "31/12/2026",
            "budget": "1.250,50", "newsletter": "ja", "segment": "bouw"}})
        assert contact.custom_fields == {
            "rijksregisternummer": "85.07.30-033.61", "contract_start": "2026-12-31",
            "budget": "1250.50", "newsletter": True, "segment": "Bouw"}
        assert custom_fields.printable_fields(ctx, contact) == [
            ("Rijksregisternummer", "85.07.30-033.61")]
        with pytest.raises(ValidationError) as refused:
            service.update_contact(ctx, company.id, {"custom_fields": {
                "contract_start": "someday", "budget": "lots", "segment": "Retail",
                "newsletter": "perhaps", "colour": "red"}})
        assert set(refused.value.errors) == {
            "custom_fields.contract_start", "custom_fields.budget", "custom_fields.segment",
            "custom_fields.newsletter", "custom_fields.colour"}
        again = service.update_contact(ctx, company.id, {"custom_fields": {"budget": ""}})
        assert "budget" not in again.custom_fields
        assert again.custom_fields["contract_start"] == date(2026, 12, 31).isoformat()


def test_tags_filter_the_list(work, company):
    with work() as ctx:
        other = service.create_customer(ctx, {"name": "Café De Hoek", "tags": ["Horeca", "VIP"]})
        tags.set_tags(ctx, company.id, "vip, Bouw")
        assert [c.id for c in list_contacts(ctx, tags=["vip"]).items] == [company.id, other.id]
        assert [c.id for c in list_contacts(ctx, tags=["VIP", "horeca"]).items] == [other.id]
        assert [t.name for t in tags.list_tags(ctx)] == ["Bouw", "Horeca", "VIP"]


def test_attachments_are_stored_and_bad_files_refused(work, company, monkeypatch):
    pdf = b"%PDF-1.7\n% a signed contract\n"
    with work() as ctx:
        kept = attachments.add_attachment(ctx, company.id, "../../contract.pdf", pdf)
        assert (kept.filename, kept.content_type, kept.size) == (
            "contract.pdf", "application/pdf", len(pdf))
        path = attachments.attachment_file(ctx, kept.id)[1]
        assert path.read_bytes() == pdf
        assert path.is_relative_to(attachments.attachments_root() / str(ctx.tenant_id))
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 1024)
    refusals = {
        "big.pdf": b"%PDF-" + b"x" * 1024,
        "virus.exe": b"MZ\x90\x00",
        "fake.pdf": b"<html>not a pdf</html>",
        "empty.txt": b"",
    }
    for name, data in refusals.items():
        with work() as ctx, pytest.raises(ValidationError) as refused:
            attachments.add_attachment(ctx, company.id, name, data)
        assert name in refused.value.errors["file"]
    with work() as ctx:
        assert [a.filename for a in attachments.list_attachments(ctx, company.id)] == [
            "contract.pdf"]


def test_a_file_of_a_rolled_back_upload_is_removed(work, company):
    with pytest.raises(RuntimeError), work() as ctx:
        kept = attachments.add_attachment(ctx, company.id, "photo.png", b"\x89PNG\r\n\x1a\nxx")
        path = attachments.attachments_root() / kept.storage_path
        assert path.exists()
        raise RuntimeError("the request failed later")
    assert not path.exists()
    with work() as ctx:
        assert ctx.session.query(ContactAttachment).count() == 0
