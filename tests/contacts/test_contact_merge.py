"""Merging duplicates, revenue per customer, and one tenant never reaching another's contacts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

import core.models  # noqa: F401  (every table in the metadata)
from core.audit.service import entries
from core.contacts import attachments, merge, persons, references, service, tags
from core.contacts.errors import ContactError, NotFound
from core.contacts.importer import export_contacts
from core.contacts.listing import list_contacts
from core.contacts.revenue import customer_revenue, products_sold
from core.db.base import Base
from core.importing import UploadError, load_upload, read_upload, store_upload

documents_missing = pytest.mark.skipif(
    "documents" not in Base.metadata.tables,
    reason="the documents tables are not in this build: documents cannot be moved or counted",
)


def invoice(ctx, customer_id, issued, lines, post=True):
    from core.documents.posting import post_document
    from core.documents.service import create_document

    doc = create_document(ctx, "invoice", customer_id, issue_date=issued, lines=[
        {"description": d, "quantity": q, "unit_price": p, "product_id": pid}
        for d, q, p, pid in lines])
    return post_document(ctx, doc) if post else doc


@pytest.fixture
def duplicates(work):
    with work() as ctx:
        keep = service.create_customer(ctx, {"name": "Bakkerij Peeters", "city": "Gent"})
        dup = service.create_customer(ctx, {"name": "Bakkerij Peeters BV", "phone": "09 1",
                                            "email": "dup@example.be", "tags": ["dubbel"]})
        persons.add_person(ctx, dup.id, {"name": "Jan"})
        return keep, dup


@documents_missing
def test_a_merge_moves_documents_and_copies_nothing(work, duplicates):
    keep, dup = duplicates
    with work() as ctx:
        posted = invoice(ctx, dup.id, date(2026, 1, 5), [("Brood", 10, "2.50", None)])
        draft = invoice(ctx, dup.id, date(2026, 1, 6), [("Taart", 1, "20", None)], post=False)
        plan = merge.plan_merge(ctx, dup.id, keep.id)
        assert plan.moves == {"documents.customer_id": 2}
        with pytest.raises(ContactError, match="confirm"):
            merge.merge_contacts(ctx, dup.id, keep.id)
    with work() as ctx:
        merge.merge_contacts(ctx, dup.id, keep.id, confirmed=True)
    from core.documents.models import Document

    with work() as ctx:
        moved = {d.id: d for d in ctx.session.scalars(select(Document))}
        assert {d.customer_id for d in moved.values()} == {keep.id}
        assert moved[posted.id].party["name"] == "Bakkerij Peeters BV"  # frozen content
        assert moved[posted.id].number == posted.number
        assert moved[draft.id].state == "draft"
        kept, gone = service.get_contact(ctx, keep.id), service.get_contact(ctx, dup.id)
        assert (kept.phone, kept.email, kept.archived) == (None, None, False)
        assert (gone.archived, gone.merged_into_id, gone.phone) == (True, keep.id, "09 1")
        assert tags.tags_by_contact(ctx, [keep.id, dup.id]) == {dup.id: ["dubbel"]}
        assert persons.list_persons(ctx, keep.id) == []
        entry = entries(ctx, action="contact.merged")[0]
        assert (entry.object_id, entry.details["into"]) == (dup.id, keep.id)
        assert entry.details["moved"] == {"documents.customer_id": 2}
        assert customer_revenue(ctx, keep.id).total == Decimal("25.00")


def test_a_merge_is_irreversible_and_checked(work, duplicates, monkeypatch):
    keep, dup = duplicates
    monkeypatch.setattr(references, "MERGE_REFERENCES", [*references.MERGE_REFERENCES,
                                                         ("no_such_table", "contact_id")])
    with work() as ctx:
        with pytest.raises(ContactError):
            merge.merge_contacts(ctx, keep.id, keep.id, confirmed=True)
        merge.merge_contacts(ctx, dup.id, keep.id, confirmed=True)
    with work() as ctx:
        with pytest.raises(ContactError, match="already merged"):
            merge.merge_contacts(ctx, dup.id, keep.id, confirmed=True)
        with pytest.raises(ContactError):
            service.archive_contact(ctx, dup.id, archived=False)
        assert [c.id for c in list_contacts(ctx).items] == [keep.id]


@documents_missing
def test_revenue_is_invoices_minus_credit_notes_per_year_and_product(work):
    from core.documents.credit import create_credit_note
    from core.documents.posting import post_document

    with work() as ctx:
        customer = service.create_customer(ctx, {"name": "Café Central"})
        other = service.create_customer(ctx, {"name": "Someone else"})
        invoice(ctx, customer.id, date(2025, 3, 1), [("Vat bier", 2, "100", 7),
                                                     ("Levering", 1, "15", None)])
        second = invoice(ctx, customer.id, date(2026, 2, 1), [("Vat bier", 3, "100", 7)])
        invoice(ctx, customer.id, date(2026, 2, 2), [("Vat bier", 9, "100", 7)], post=False)
        invoice(ctx, other.id, date(2026, 2, 3), [("Vat bier", 50, "100", 7)])
        note = create_credit_note(ctx, second, {second.lines[0].id: 1},
                                  issue_date=date(2026, 2, 10))
        post_document(ctx, note)
    with work() as ctx:
        revenue = customer_revenue(ctx, customer.id)
        assert revenue.by_year == {2025: Decimal("215.00"), 2026: Decimal("200.00")}
        assert revenue.total == Decimal("415.00")
        sold = products_sold(ctx, customer.id)
        assert [(s.product_id, s.description, s.quantity, s.amount) for s in sold] == [
            (7, "Vat bier", Decimal("4"), Decimal("400.00")),
            (None, "Levering", Decimal("1"), Decimal("15.00"))]
        assert [s.amount for s in products_sold(ctx, customer.id, year=2026)] == [
            Decimal("200.00")]
        assert customer_revenue(ctx, service.create_customer(ctx, {"name": "New"}).id).total \
            == Decimal("0.00")


def test_another_tenant_cannot_see_or_change_the_contacts(work, make_tenant):
    with work() as ctx:
        mine = service.create_customer(ctx, {"name": "Geheim BV", "tags": ["vip"]})
        person = persons.add_person(ctx, mine.id, {"name": "Jan"})
        file = attachments.add_attachment(ctx, mine.id, "c.pdf", b"%PDF-1.4 x")
        token = store_upload(ctx, read_upload(b"Naam\nX\n", "k.csv"))
    intruder = make_tenant("Intruder", slug="intruder")
    with work(intruder.id) as ctx:
        theirs = service.create_customer(ctx, {"name": "Eigen klant"})
        assert theirs.number == "C00001"  # numbering is per tenant
        for action in (
            lambda: service.get_contact(ctx, mine.id),
            lambda: service.update_contact(ctx, mine.id, {"name": "Hacked"}),
            lambda: service.archive_contact(ctx, mine.id),
            lambda: service.delete_contact(ctx, mine.id),
            lambda: merge.merge_contacts(ctx, mine.id, theirs.id, confirmed=True),
            lambda: merge.merge_contacts(ctx, theirs.id, mine.id, confirmed=True),
            lambda: persons.add_person(ctx, mine.id, {"name": "Spy"}),
            lambda: persons.update_person(ctx, person.id, {"name": "Spy"}),
            lambda: persons.address_block(ctx, mine.id),
            lambda: attachments.attachment_file(ctx, file.id),
            lambda: attachments.delete_attachment(ctx, file.id),
        ):
            with pytest.raises(NotFound):
                action()
        assert [c.name for c in list_contacts(ctx).items] == ["Eigen klant"]
        assert list_contacts(ctx, search="Geheim").total == 0
        assert list_contacts(ctx, tags=["vip"]).total == 0
        assert tags.list_tags(ctx) == []
        assert b"Geheim" not in export_contacts(ctx, "csv")[0]
        with pytest.raises(UploadError):
            load_upload(ctx, token)
    with work() as ctx:
        kept = service.get_contact(ctx, mine.id)
        assert (kept.name, kept.archived, kept.merged_into_id) == ("Geheim BV", False, None)
        assert [p.name for p in persons.list_persons(ctx, mine.id)] == ["Jan"]
        assert attachments.attachment_file(ctx, file.id)[1].exists()
