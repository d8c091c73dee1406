"""Posting: numbers, frozen content (service and database), hooks, failures that burn nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from document_helpers import add_customer
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core.addons.errors import HookError
from core.contacts.models import Contact
from core.documents import settings
from core.documents.errors import DocumentError, DocumentLocked, ValidationFailed
from core.documents.lines import LineData, add_line, remove_line, update_line
from core.documents.models import Document, DocumentState
from core.documents.posting import post_document
from core.documents.service import (
    apply_payment,
    create_document,
    delete_draft,
    update_document,
)

TODAY = date.today()
YEAR = TODAY.year


def invoice(ctx, customer, **header):
    return create_document(ctx, "invoice", customer, lines=[
        LineData(description="Brood", quantity=2, unit_price="3.10", vat_rate=6),
        LineData(description="Taart", quantity=1, unit_price="24.00", vat_rate=6),
    ], **header)


def test_a_draft_has_no_number_and_posting_gives_the_next_one(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        first = invoice(ctx, customer_id)
        second = invoice(ctx, customer_id)
        assert first.number is None and first.structured_ref is None
        post_document(ctx, second)
        post_document(ctx, first)
        assert (second.number, first.number) == (f"F{YEAR}0001", f"F{YEAR}0002")
        assert first.state == DocumentState.POSTED and first.posted_at is not None
        assert first.party["name"] == "Klant NV" and first.party["city"] == "Gent"


def test_due_date_from_the_tenant_default_or_the_customer(app, tenant_id):
    with app.tenant_context(tenant_id) as ctx:
        settings.set_payment_term_days(ctx.session, 14)
        plain = add_customer(ctx, "Plain")
        slow = add_customer(ctx, "Slow", payment_term_days=60)
        issued = date(2026, 3, 1)
        assert invoice(ctx, plain, issue_date=issued).due_date == date(2026, 3, 15)
        assert invoice(ctx, slow, issue_date=issued).due_date == date(2026, 4, 30)
        doc = invoice(ctx, plain, issue_date=issued, payment_term_days=0)
        assert doc.due_date == issued
        update_document(ctx, doc, payment_term_days=30)
        assert doc.due_date == date(2026, 3, 31)


def test_the_party_is_frozen_when_posted(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        doc_id = post_document(ctx, invoice(ctx, customer_id, attention="Mevr. Claes")).id
    with app.tenant_context(tenant_id) as ctx:
        contact = ctx.session.get(Contact, customer_id)
        contact.name, contact.city = "Nieuwe Naam BV", "Brugge"
    with app.tenant_context(tenant_id) as ctx:
        stored = ctx.session.get(Document, doc_id)
        assert stored.party["name"] == "Klant NV" and stored.party["city"] == "Gent"
        assert stored.party["attention"] == "Mevr. Claes"


def test_a_posted_invoice_cannot_be_changed_through_the_services(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        doc = post_document(ctx, invoice(ctx, customer_id))
        line = doc.lines[0]
        for attempt in (
            lambda: add_line(ctx, doc, description="extra", quantity=1, unit_price=1),
            lambda: update_line(ctx, doc, line, quantity=5),
            lambda: remove_line(ctx, doc, line),
            lambda: update_document(ctx, doc, notes="changed"),
            lambda: delete_draft(ctx, doc),
            lambda: post_document(ctx, doc),
        ):
            with pytest.raises(DocumentLocked, match="credit note"):
                attempt()
        assert (doc.total_incl_vat, len(doc.lines)) == (D("32.01"), 2)


def test_the_database_refuses_to_change_a_posted_invoice(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        doc_id = post_document(ctx, invoice(ctx, customer_id)).id
    statements = [
        "UPDATE documents SET total_incl_vat = 1 WHERE id = :id",
        "UPDATE documents SET number = 'F1' WHERE id = :id",
        "UPDATE documents SET state = 'draft' WHERE id = :id",
        "UPDATE documents SET party = '{}' WHERE id = :id",
        "UPDATE document_lines SET unit_price = 0 WHERE document_id = :id",
        "DELETE FROM document_lines WHERE document_id = :id",
        "INSERT INTO document_lines (tenant_id, document_id, position, line_type, description,"
        " quantity, unit, unit_price, discount_percent, vat_rate, vat_category, net_amount,"
        " price_typed) SELECT tenant_id, id, 9, 'free', 'sneaked in', 1, '', 5, 0, 21, 'S', 5,"
        " true FROM documents WHERE id = :id",
    ]
    for statement in statements:
        with pytest.raises(DBAPIError, match="posted document"), \
                app.db.session(tenant_id) as session:
            session.execute(text(statement), {"id": doc_id})
    with app.db.session(tenant_id) as session:  # bookkeeping is allowed
        session.execute(
            text("UPDATE documents SET amount_paid = 10, state = 'partially_paid', "
                 "internal_note = 'called' WHERE id = :id"), {"id": doc_id})
    with app.tenant_context(tenant_id) as ctx:
        stored = ctx.session.get(Document, doc_id)
        assert (stored.total_incl_vat, stored.number, len(stored.lines)) == (
            D("32.01"), f"F{YEAR}0001", 2
        )
        assert (stored.state, stored.amount_paid, stored.open_amount) == (
            "partially_paid", D("10.00"), D("22.01")
        )


@pytest.mark.postgres_only
def test_postgres_refuses_deleting_a_posted_invoice_unless_purging(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        doc_id = post_document(ctx, invoice(ctx, customer_id)).id
    with pytest.raises(DBAPIError, match="posted document"), app.db.session(tenant_id) as s:
        s.execute(text("DELETE FROM documents WHERE id = :id"), {"id": doc_id})
    with app.db.session(all_tenants=True) as s:  # the operator: the tables' owner
        s.execute(text("SET LOCAL facturo.purge = 'on'"))
        s.execute(text("DELETE FROM documents WHERE id = :id"), {"id": doc_id})
    with app.tenant_context(tenant_id) as ctx:
        assert ctx.session.get(Document, doc_id) is None


def test_validation_reasons_from_core_and_addons(app, addon_tenant_id, addon_customer_id,
                                                 sample_hooks_state):
    sample_hooks_state.BEHAVIOUR["refuse"] = True
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        empty = create_document(ctx, "invoice", addon_customer_id)
        with pytest.raises(ValidationFailed) as refused:
            post_document(ctx, empty)
        assert refused.value.reasons == [
            "A document without lines cannot be posted.", "the sample refuses this document"
        ]
        assert empty.state == DocumentState.DRAFT and empty.number is None


def test_a_failing_posted_hook_burns_no_number(app, addon_tenant_id, addon_customer_id,
                                               sample_hooks_state):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        post_document(ctx, invoice(ctx, addon_customer_id))
        failing_id = invoice(ctx, addon_customer_id).id
    sample_hooks_state.BEHAVIOUR["fail_posted"] = True
    with pytest.raises(HookError, match=r"sample_documents.*document_posted"), \
            app.tenant_context(addon_tenant_id, write=True) as ctx:
        post_document(ctx, failing_id)
    with app.tenant_context(addon_tenant_id) as ctx:
        failed = ctx.session.get(Document, failing_id)
        assert (failed.state, failed.number, failed.structured_ref) == ("draft", None, None)
    sample_hooks_state.BEHAVIOUR.clear()
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        assert post_document(ctx, failing_id).number == f"F{YEAR}0002"


def test_a_caller_that_catches_the_failure_keeps_nothing_of_it(app, addon_tenant_id,
                                                               addon_customer_id,
                                                               sample_hooks_state):
    sample_hooks_state.BEHAVIOUR["fail_posted"] = True
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        doc = invoice(ctx, addon_customer_id)
        with pytest.raises(HookError):
            post_document(ctx, doc)
        assert doc.state == DocumentState.DRAFT and doc.number is None
        sample_hooks_state.BEHAVIOUR.clear()
        assert post_document(ctx, doc).number == f"F{YEAR}0001"


def test_an_addon_numbering_pattern_wins(app, addon_tenant_id, addon_customer_id,
                                         sample_hooks_state):
    sample_hooks_state.BEHAVIOUR["pattern"] = "INV-%y-(3)"
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        assert post_document(ctx, invoice(ctx, addon_customer_id)).number == (
            f"INV-{YEAR % 100:02d}-001"
        )


def test_documents_are_numbered_in_date_order(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        post_document(ctx, invoice(ctx, customer_id, issue_date=TODAY))
        late = invoice(ctx, customer_id, issue_date=TODAY - timedelta(days=3))
        with pytest.raises(ValidationFailed, match="date order"):
            post_document(ctx, late)
        assert late.number is None
        update_document(ctx, late, issue_date=TODAY)
        assert post_document(ctx, late).number == f"F{YEAR}0002"


def test_payments_move_the_state(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        draft = invoice(ctx, customer_id)
        with pytest.raises(DocumentError):
            apply_payment(ctx, draft, D("1"))
        doc = post_document(ctx, draft)
        apply_payment(ctx, doc, D("10.00"))
        assert (doc.state, doc.open_amount) == ("partially_paid", D("22.01"))
        apply_payment(ctx, doc, D("22.01"))
        assert (doc.state, doc.open_amount) == ("paid", D("0.00"))


def test_a_draft_can_be_deleted(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id) as ctx:
        doc_id = invoice(ctx, customer_id).id
        delete_draft(ctx, doc_id)
        assert ctx.session.get(Document, doc_id) is None
