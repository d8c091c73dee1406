"""The customer record: VAT numbers, field rules, numbering, archiving, save from an invoice."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.audit.service import entries
from core.contacts import service
from core.contacts.errors import ContactError, NotFound, PermissionDenied, ValidationError
from core.contacts.models import Contact
from core.contacts.persons import list_persons
from core.contacts.vat import InvalidVatNumber, normalise_vat
from core.i18n import use_language
from core.tenants.models import Role


@pytest.mark.parametrize(("typed", "country", "expected"), [
    ("BE 0403.170.701", "BE", "BE0403170701"),
    ("0403-170-701", "BE", "BE0403170701"),
    ("403170701", "BE", "BE0403170701"),  # the old nine-digit form gains its zero
    ("be0403170701", "FR", "BE0403170701"),
    ("NL004495445B01", "BE", "NL004495445B01"),
    ("094259216", "GR", "EL094259216"),
    ("", "BE", None),
])
def test_vat_numbers_are_normalised(typed, country, expected):
    assert normalise_vat(typed, country) == expected


@pytest.mark.parametrize("typed", ["BE0403170702", "BE04031707", "BE0403A70701", "FR123"])
def test_invalid_vat_numbers_are_refused_with_a_reason(typed):
    with use_language("en"), pytest.raises(InvalidVatNumber, match="is not valid"):
        normalise_vat(typed)
    with use_language("nl"), pytest.raises(InvalidVatNumber, match="is niet geldig"):
        normalise_vat(typed)


def test_a_customer_is_saved_normalised_and_a_bad_vat_number_keeps_the_form(work):
    with work() as ctx:
        customer = service.create_customer(ctx, {
            "name": " Bakkerij Peeters ", "vat_number": "0403.170.701", "email": "a@b.be; c@d.be",
            "language": "Français", "general_discount": "2,5", "payment_term_days": "30",
            "vat_regime": "medecontractant", "country": "België", "postal_code": "9000",
        })
        assert (customer.name, customer.vat_number, customer.email) == (
            "Bakkerij Peeters", "BE0403170701", "a@b.be, c@d.be")
        assert (customer.language, customer.general_discount, customer.payment_term_days) == (
            "fr", Decimal("2.50"), 30)
        assert (customer.vat_regime, customer.country, customer.is_customer) == (
            "reverse_charge", "BE", True)
    with work() as ctx, pytest.raises(ValidationError) as refused:
        service.create_customer(ctx, {"name": "", "vat_number": "BE0403170702",
                                      "language": "xx", "general_discount": "120",
                                      "postal_code": "12", "email": "nope"})
    assert set(refused.value.errors) == {
        "name", "vat_number", "language", "general_discount", "postal_code", "email"}
    assert "check digits" in refused.value.errors["vat_number"]


def test_customer_numbers_follow_the_pattern_and_a_new_pattern_never_renumbers(work):
    with work() as ctx:
        first = service.create_customer(ctx, {"name": "One"})
        second = service.create_customer(ctx, {"name": "Two"})
        supplier = service.create_supplier(ctx, {"name": "Wholesale"})
    assert (first.number, second.number, supplier.number) == ("C00001", "C00002", "L00001")
    with work() as ctx:
        service.set_number_pattern(ctx, "PK-(3)")
        third = service.create_customer(ctx, {"name": "Three"})
        assert third.number == "PK-003"
        assert ctx.session.get(Contact, first.id).number == "C00001"
    with work() as ctx:
        with pytest.raises(ValidationError, match="counter"):
            service.set_number_pattern(ctx, "NO-COUNTER")
        service.set_number_pattern(ctx, "K(2)")
        assert [service.create_customer(ctx, {"name": f"N{i}"}).number for i in range(3)] == [
            "K04", "K05", "K06"]


def test_numbers_brought_by_hand_are_kept_unique_and_skipped_by_the_counter(work):
    with work() as ctx:
        own = service.create_customer(ctx, {"name": "Old", "number": "C00002"})
        assert own.number == "C00002"
        assert service.create_customer(ctx, {"name": "A"}).number == "C00001"
        assert service.create_customer(ctx, {"name": "B"}).number == "C00003"
        with pytest.raises(ValidationError) as refused:
            service.create_customer(ctx, {"name": "Clash", "number": "C00003"})
        assert "number" in refused.value.errors


def test_update_archive_delete_and_audit(work):
    with work() as ctx:
        contact = service.create_customer(ctx, {"name": "Janssens"})
        service.update_contact(ctx, contact.id, {"phone": "+32 9 123 45 67", "city": "Gent"})
        with pytest.raises(ValidationError):
            service.update_contact(ctx, contact.id, {"name": "  "})
        service.archive_contact(ctx, contact.id)
        assert ctx.session.get(Contact, contact.id).archived
        actions = [e.action for e in entries(ctx, object_type="contact", object_id=contact.id)]
        assert actions == ["contact.archived", "contact.updated", "contact.created"]
        service.delete_contact(ctx, contact.id)
        with pytest.raises(NotFound):
            service.get_contact(ctx, contact.id)


def test_an_accountant_may_read_but_not_change(work, facturo_app, tenant):
    with work() as ctx:
        contact = service.create_customer(ctx, {"name": "Read only"})
    with facturo_app.tenant_context(tenant.id, role=Role.ACCOUNTANT) as ctx:
        assert service.get_contact(ctx, contact.id).name == "Read only"
        with pytest.raises(PermissionDenied):
            service.update_contact(ctx, contact.id, {"name": "Changed"})


def test_save_as_new_customer_from_an_invoice(work):
    party = {"name": "Dewitte BV", "vat": "BE 0403 170 701", "street": "Kerkstraat 1",
             "zip": "8500", "city": "Kortrijk", "attention": "Els Dewitte", "unknown": "x"}
    with work() as ctx:
        customer = service.save_party_as_customer(ctx, party)
        assert (customer.vat_number, customer.postal_code, customer.is_company) == (
            "BE0403170701", "8500", True)
        assert [p.name for p in list_persons(ctx, customer.id)] == ["Els Dewitte"]
    with work() as ctx, pytest.raises(ValidationError, match="C00001"):
        service.save_party_as_customer(ctx, party)
    with work() as ctx, pytest.raises(ContactError):
        service.save_party_as_customer(ctx, {"name": "", "city": "Gent"})
