"""The full report of a customer and what a posted document freezes of the chosen contact
person and the printed custom fields; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.contacts import custom_fields, persons, service
from core.contacts.report import customer_report
from core.documents.credit import create_credit_note
from core.documents.posting import post_document
from core.documents.service import create_document


def test_the_report_counts_invoices_minus_credit_notes_per_year_and_product(work, activate,
                                                                            tenant):
    activate(tenant, "payments")
    from addons.payments.service import record_payment

    with work() as ctx:
        customer = service.create_customer(ctx, {"name": "Aannemer Janssens"})
        other = service.create_customer(ctx, {"name": "Bakkerij Peeters"})
        old = create_document(ctx, "invoice", customer.id, issue_date=date(2025, 5, 1), lines=[
            {"description": "Plaatsing", "quantity": 2, "unit_price": Decimal("100")}])
        new = create_document(ctx, "invoice", customer.id, issue_date=date(2026, 2, 1), lines=[
            {"description": "Plaatsing", "quantity": 1, "unit_price": Decimal("100")},
            {"description": "Transport", "quantity": 1, "unit_price": Decimal("40.50")}])
        for doc in (old, new):
            post_document(ctx, doc)
        transport = next(line for line in new.lines if line.description == "Transport")
        note = create_credit_note(ctx, new, {transport.id: 1})
        post_document(ctx, note)
        foreign = create_document(ctx, "invoice", other.id, lines=[
            {"description": "Brood", "quantity": 1, "unit_price": Decimal("9")}])
        post_document(ctx, foreign)
        record_payment(ctx, old, Decimal("242.00"))
        record_payment(ctx, foreign, Decimal("5.00"))
        customer_id = customer.id
    with work() as ctx:
        report = customer_report(ctx, service.get_contact(ctx, customer_id))
    assert report.revenue.by_year == {2025: Decimal("200.00"), 2026: Decimal("100.00")}
    assert report.revenue.total == Decimal("300.00")
    sold_2026 = {s.description: s.amount for s in report.products_by_year[2026]}
    assert sold_2026 == {"Plaatsing": Decimal("100.00"), "Transport": Decimal("0.00")}
    assert len(report.documents) == 3 and all(isinstance(d.total_incl_vat, Decimal)
                                              for d in report.documents)
    [payments] = report.sections
    assert len(payments.rows) == 1 and payments.total is not None
    assert "242" in payments.rows[0][-1] and "5,00" not in payments.total[-1]


def test_the_report_of_a_tenant_without_payments_has_no_section(work):
    with work() as ctx:
        customer = service.create_customer(ctx, {"name": "Aannemer Janssens"})
        report = customer_report(ctx, customer)
    assert report.sections == [] and report.documents == []


def test_a_posted_document_keeps_the_persons_address_and_the_printed_fields(work):
    with work() as ctx:
        custom_fields.define_field(ctx, "Werfnummer", print_on_documents=True)
        custom_fields.define_field(ctx, "Intern", print_on_documents=False)
        customer = service.create_customer(ctx, {
            "name": "Aannemer Janssens", "street": "Dorp 1", "postal_code": "9000",
            "city": "Gent", "custom_fields": {"werfnummer": "W-17", "intern": "geheim"}})
        person = persons.add_person(ctx, customer.id, {
            "name": "Els Vermeulen", "function": "Boekhouding", "street": "Kaai 7",
            "postal_code": "2000", "city": "Antwerpen"})
        doc = create_document(ctx, "invoice", customer.id, contact_person_id=person.id,
                              attention="Els Vermeulen, Boekhouding", lines=[
                                  {"description": "Werk", "quantity": 1,
                                   "unit_price": Decimal("10")}])
        post_document(ctx, doc)
        party = dict(doc.party)
    assert (party["street"], party["city"], party["attention"]) == (
        "Kaai 7", "Antwerpen", "Els Vermeulen, Boekhouding")
    assert party["custom_fields"] == [["Werfnummer", "W-17"]]
