"""The structured communication: check digits, parsing, derivation, uniqueness per tenant."""

from __future__ import annotations

import pytest
from document_helpers import add_customer
from sqlalchemy.exc import IntegrityError

from core.documents import ogm
from core.documents.lines import LineData
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import create_document


def test_test_vector_gets_check_83():
    assert ogm.make("0108068171") == "010806817183"
    assert ogm.display("010806817183") == "+++010/8068/17183+++"


def test_a_remainder_of_zero_gives_check_97():
    assert ogm.make(0) == "000000000097"
    assert ogm.make(97) == "000000009797"


@pytest.mark.parametrize(
    "written",
    [
        "+++010/8068/17183+++",
        "***010/8068/17183***",
        "+++ 010 / 8068 / 17183 +++",
        "010/8068/17183",
        "010806817183",
        "Betaling factuur +++010/8068/17183+++ dank u",
        "010.8068.17183",
    ],
)
def test_normalise_reads_every_usual_writing(written):
    assert ogm.normalise(written) == "010806817183"


@pytest.mark.parametrize("written", ["+++010/8068/17180+++", "0108068171", "", None, "hello"])
def test_normalise_rejects_wrong_check_digits_and_noise(written):
    assert ogm.normalise(written) is None


def test_is_valid_wants_exactly_one_communication():
    assert ogm.is_valid("+++010/8068/17183+++")
    assert not ogm.is_valid("+++010/8068/17180+++")
    assert not ogm.is_valid("paid +++010/8068/17183+++")


def test_derived_from_the_invoice_number():
    assert ogm.from_number("F20260042") == ogm.make("0020260042")
    assert ogm.from_number("2026-INV-123456789012") == ogm.make("3456789012")  # last 10 digits
    assert ogm.from_number("CN-7") == ogm.make("7")


def _post_invoice(ctx, customer_id):
    doc = create_document(ctx, "invoice", customer_id,
                          lines=[LineData(description="x", quantity=1, unit_price=10)])
    return post_document(ctx, doc)


def test_posted_invoice_gets_the_communication_of_its_number(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        doc = _post_invoice(ctx, customer_id)
        assert doc.structured_ref == ogm.from_number(doc.number)
        assert ogm.normalise(ogm.display(doc.structured_ref)) == doc.structured_ref


def test_communication_is_unique_per_tenant_not_across_tenants(app, tenant_id, customer_id):
    from core.tenants.service import create_tenant

    other = create_tenant(app, "Other").id
    with app.tenant_context(other, write=True) as ctx:
        theirs = _post_invoice(ctx, add_customer(ctx).id).structured_ref
    with app.tenant_context(tenant_id, write=True) as ctx:
        mine = _post_invoice(ctx, customer_id)
        assert mine.structured_ref == theirs  # same number, other tenant: allowed
        # a communication already in use (e.g. typed on an imported document) is avoided
        taken = ogm.from_number("F20260002".replace("2026", str(mine.issue_date.year)))
        squatter = create_document(ctx, "invoice", customer_id,
                                   lines=[LineData(description="y", quantity=1, unit_price=1)])
        squatter.structured_ref = taken
        ctx.session.flush()
        second = _post_invoice(ctx, customer_id)
        assert second.number.endswith("0002")
        assert second.structured_ref != taken and ogm.is_valid(second.structured_ref)


def test_database_refuses_a_duplicate_communication(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        taken = _post_invoice(ctx, customer_id).structured_ref
    with app.tenant_context(tenant_id, write=True) as ctx:
        draft = create_document(ctx, "invoice", customer_id,
                                lines=[LineData(description="y", quantity=1, unit_price=1)])
        draft.structured_ref = taken
        with pytest.raises(IntegrityError):
            ctx.session.flush()
        ctx.session.rollback()
    with app.tenant_context(tenant_id) as ctx:
        assert ctx.session.query(Document).count() == 1
