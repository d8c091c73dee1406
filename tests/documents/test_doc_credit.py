"""Credit notes: full and partial, own series, open amount, never more than was invoiced."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.documents.convert import linked_sources, linked_targets
from core.documents.credit import create_credit_note
from core.documents.errors import DocumentError, ValidationFailed
from core.documents.lines import LineData
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import apply_payment, create_document

YEAR = date.today().year


def posted_invoice(ctx, customer_id, lines=None):
    doc = create_document(ctx, "invoice", customer_id, lines=lines or [
        LineData(description="Stoel", quantity=4, unit_price="49.95", vat_rate=21),
        LineData(description="Tafel", quantity=1, unit_price="399.00", vat_rate=21,
                 discount_percent=5),
        LineData(description="Boek", quantity=2, unit_price="12.40", vat_rate=6),
        LineData(line_type="text", description="Geleverd op 3 maart"),
    ])
    return post_document(ctx, doc)


def signed_total(doc):
    return -doc.total_incl_vat if doc.kind == "credit_note" else doc.total_incl_vat


def test_full_credit_note_closes_the_invoice(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        inv = posted_invoice(ctx, customer_id)
        note = create_credit_note(ctx, inv)
        assert note.number is None and note.credited_document_id == inv.id
        assert [line.source_line_id for line in note.lines] == [
            line.id for line in inv.lines if line.is_priced
        ]
        post_document(ctx, note)
        assert note.number == f"CN{YEAR}0001"  # its own series
        assert (note.total_excl_vat, note.total_vat, note.total_incl_vat) == (
            inv.total_excl_vat, inv.total_vat, inv.total_incl_vat
        )
        assert signed_total(inv) + signed_total(note) == 0
        assert (inv.state, inv.open_amount) == ("credited", D("0.00"))
        assert note.structured_ref is None and note.due_date is None
        assert linked_targets(ctx, inv) == [note]
        assert linked_sources(ctx, note) == [inv]
        with pytest.raises(DocumentError, match="already credited"):
            create_credit_note(ctx, inv)
        assert posted_invoice(ctx, customer_id).number == f"F{YEAR}0002"


def test_partial_credit_lowers_the_open_amount(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        inv = posted_invoice(ctx, customer_id)
        chairs, table = inv.lines[0], inv.lines[1]
        note = post_document(ctx, create_credit_note(ctx, inv, {chairs.id: 1}))
        assert (note.total_excl_vat, note.total_vat, note.total_incl_vat) == (
            D("49.95"), D("10.49"), D("60.44")
        )
        assert inv.state == "posted" and inv.open_amount == inv.total_incl_vat - D("60.44")
        with pytest.raises(DocumentError, match="at most 3"):
            create_credit_note(ctx, inv, {chairs.id: 4})
        with pytest.raises(DocumentError, match="not a line"):
            create_credit_note(ctx, inv, {inv.lines[3].id: 1})  # the text line
        apply_payment(ctx, inv, inv.open_amount - D("100"))
        assert inv.state == "partially_paid"
        post_document(ctx, create_credit_note(ctx, inv, {table.id: 1}))
        assert inv.state == "paid"  # what is left is covered by the credit
        rest = post_document(ctx, create_credit_note(ctx, inv))  # everything still open
        assert [(line.description, line.quantity) for line in rest.lines] == [
            ("Stoel", D("3")), ("Boek", D("2"))
        ]
        assert inv.state == "credited"


def test_two_drafts_cannot_credit_the_same_quantity_twice(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        inv = posted_invoice(ctx, customer_id)
        first = create_credit_note(ctx, inv)
        second = create_credit_note(ctx, inv, {inv.lines[0].id: 2})
        post_document(ctx, first)
        with pytest.raises(ValidationFailed, match="at most 0"):
            post_document(ctx, second)
        assert second.number is None


def test_only_a_posted_invoice_can_be_credited(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id) as ctx:
        draft = create_document(ctx, "invoice", customer_id,
                                lines=[LineData(description="x", quantity=1, unit_price=1)])
        with pytest.raises(DocumentError, match="posted invoice"):
            create_credit_note(ctx, draft)


amounts = st.lists(
    st.tuples(
        st.decimals(min_value=D("0.0001"), max_value=D("250"), places=4),
        st.decimals(min_value=D("0"), max_value=D("5000"), places=6),
        st.decimals(min_value=D("0"), max_value=D("100"), places=2),
        st.sampled_from(["21", "12", "6", "0"]),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=amounts)
def test_an_invoice_and_its_full_credit_note_sum_to_zero(app, tenant_id, customer_id, lines):
    with app.tenant_context(tenant_id, write=True) as ctx:
        inv = posted_invoice(ctx, customer_id, [
            LineData(description="x", quantity=q, unit_price=p, discount_percent=d, vat_rate=r)
            for q, p, d, r in lines
        ])
        note = post_document(ctx, create_credit_note(ctx, inv))
        ctx.session.expire_all()
        stored = [ctx.session.get(Document, inv.id), ctx.session.get(Document, note.id)]
        assert sum(signed_total(doc) for doc in stored) == 0
        assert stored[0].total_vat - stored[1].total_vat == 0
        assert stored[0].state == "credited" and stored[0].open_amount == 0
