"""Creating and posting a batch: consecutive numbers, all or nothing, hooks per document."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from document_helpers import add_customer, product_reads
from sqlalchemy import func, select

from addons.products.service import create_product
from core.addons.errors import HookError
from core.documents import ogm
from core.documents.batch import BatchRefused, NewDocument, create_and_post_many
from core.documents.errors import ValidationFailed
from core.documents.lines import LineData
from core.documents.models import Document, DocumentLine, DocumentState
from core.documents.posting import post_document
from core.documents.service import create_document
from core.numbering.service import preview

YEAR = date.today().year
LINES = (
    LineData(description="Brood", quantity=2, unit_price="3.10", vat_rate=6),
    LineData(description="Koffie", quantity=3, unit_price="2.80", vat_rate=21),
)


def batch(customer, count, **header):
    return [NewDocument(customer, LINES, dict(header)) for _ in range(count)]


def stored(app, tenant_id):
    with app.tenant_context(tenant_id) as ctx:
        return ctx.session.execute(
            select(Document.number, Document.state, Document.structured_ref).order_by(Document.id)
        ).all()


def test_a_batch_is_numbered_consecutively_after_what_was_posted(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        post_document(ctx, create_document(ctx, "invoice", customer_id, lines=LINES))
    with app.tenant_context(tenant_id, write=True) as ctx:
        docs = create_and_post_many(ctx, "invoice", batch(customer_id, 3))
        assert [doc.number for doc in docs] == [f"F{YEAR}{n:04d}" for n in (2, 3, 4)]
        assert all(doc.state == DocumentState.POSTED and doc.id for doc in docs)
        assert [doc.structured_ref for doc in docs] == [
            ogm.from_number(doc.number) for doc in docs
        ]
        first = docs[0]
        assert (first.total_excl_vat, first.total_vat, first.total_incl_vat) == (
            D("14.60"), D("2.13"), D("16.73")
        )
        assert [(line.position, line.net_amount) for line in first.lines] == [
            (1, D("6.20")), (2, D("8.40"))
        ]
        assert first.party["name"] == "Klant NV" and first.due_date is not None
    with app.tenant_context(tenant_id, write=True) as ctx:
        after = post_document(ctx, create_document(ctx, "invoice", customer_id, lines=LINES))
        assert after.number == f"F{YEAR}0005"
        lines = ctx.session.scalar(select(func.count()).select_from(DocumentLine))
        assert lines == 5 * len(LINES)
    assert [row.state for row in stored(app, tenant_id)] == [DocumentState.POSTED] * 5


def test_a_refused_document_rolls_the_batch_back_and_burns_no_number(
    app, tenant_id, customer_id
):
    with app.tenant_context(tenant_id, write=True) as ctx:
        kept = create_document(ctx, "invoice", customer_id, lines=LINES)  # before the batch
        documents = batch(customer_id, 4)
        documents[2] = NewDocument(customer_id, ())  # nothing to invoice
        with pytest.raises(BatchRefused) as refused:
            create_and_post_many(ctx, "invoice", documents)
        assert refused.value.position == 3
        assert isinstance(refused.value.error, ValidationFailed)
        assert refused.value.reasons == ["A document without lines cannot be posted."]
        assert "Document 3 of the batch" in str(refused.value)
        assert preview(ctx.session, "invoice", date.today()) == f"F{YEAR}0001"
        assert post_document(ctx, kept).number == f"F{YEAR}0001"
    assert [row.number for row in stored(app, tenant_id)] == [f"F{YEAR}0001"]


def test_a_customer_of_another_tenant_is_refused(app, tenant_id, customer_id, make_tenant):
    other = make_tenant("Ander", slug="ander")
    with app.tenant_context(other.id, write=True) as ctx:
        foreign = add_customer(ctx, "Klant van een ander").id
    with app.tenant_context(tenant_id, write=True) as ctx:
        documents = batch(customer_id, 2) + batch(foreign, 1)
        with pytest.raises(BatchRefused, match="does not exist") as refused:
            create_and_post_many(ctx, "invoice", documents)
        assert refused.value.position == 3
    with app.tenant_context(other.id, write=True) as ctx:
        docs = create_and_post_many(ctx, "invoice", batch(foreign, 2))
        assert [doc.number for doc in docs] == [f"F{YEAR}0001", f"F{YEAR}0002"]
        assert {doc.tenant_id for doc in docs} == {other.id}
    assert stored(app, tenant_id) == []
    with app.tenant_context(tenant_id, write=True) as ctx:
        docs = create_and_post_many(ctx, "invoice", batch(customer_id, 1))
        assert docs[0].number == f"F{YEAR}0001"


def test_hooks_are_called_for_every_document(app, addon_tenant_id, sample_hooks_state):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        customer = add_customer(ctx).id
        crate = LineData(line_type="product", product_id=2, description="Bak", quantity=2,
                         unit_price="12.00", vat_rate=21)
        priced = LineData(line_type="product", product_id=1, description="Vaatje", quantity=10)
        documents = [NewDocument(customer, (crate, priced)) for _ in range(3)]
        docs = create_and_post_many(ctx, "invoice", documents)
        calls = sample_hooks_state.CALLS
        assert calls.count(("line_price", 1)) == 3
        assert [value for name, value in calls if name == "posted"] == [
            doc.number for doc in docs
        ]
        for doc in docs:  # the deposit line of `document_extra_lines` follows the crate
            assert [line.description for line in doc.lines] == [
                "Bak", "Deposit for Bak", "Vaatje"
            ]
            assert doc.lines[2].unit_price == D("8.00")


def test_a_refusing_or_failing_hook_stops_the_batch(app, addon_tenant_id, sample_hooks_state):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        customer = add_customer(ctx).id
        documents = batch(customer, 3)
        documents[1] = NewDocument(customer, LINES, {"notes": "fail on posting"})
        with pytest.raises(BatchRefused) as refused:
            create_and_post_many(ctx, "invoice", documents)
        assert refused.value.position == 2 and isinstance(refused.value.error, HookError)
        sample_hooks_state.BEHAVIOUR["refuse"] = True
        with pytest.raises(BatchRefused, match="the sample refuses") as refused:
            create_and_post_many(ctx, "invoice", batch(customer, 2))
        assert refused.value.position == 1
        sample_hooks_state.BEHAVIOUR.clear()
        docs = create_and_post_many(ctx, "invoice", batch(customer, 2))
        assert [doc.number for doc in docs] == [f"F{YEAR}0001", f"F{YEAR}0002"]
    assert [row.number for row in stored(app, addon_tenant_id)] == [
        f"F{YEAR}0001", f"F{YEAR}0002"
    ]


def test_dates_keep_their_order_and_each_fiscal_year_its_counter(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        documents = [
            NewDocument(customer_id, LINES, {"issue_date": date(2025, 12, 30)}),
            NewDocument(customer_id, LINES, {"issue_date": date(2025, 12, 31)}),
            NewDocument(customer_id, LINES, {"issue_date": date(2026, 1, 2)}),
        ]
        docs = create_and_post_many(ctx, "invoice", documents)
        assert [doc.number for doc in docs] == ["F20250001", "F20250002", "F20260001"]
        backwards = [NewDocument(customer_id, LINES, {"issue_date": date(2026, 1, 5)}),
                     NewDocument(customer_id, LINES, {"issue_date": date(2026, 1, 3)})]
        with pytest.raises(BatchRefused, match="lies before") as refused:
            create_and_post_many(ctx, "invoice", backwards)
        assert refused.value.position == 2
        docs = create_and_post_many(ctx, "invoice", backwards[1:])
        assert docs[0].number == "F20260002"


def test_a_communication_in_use_is_not_given_twice(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        taken = ogm.from_number(f"F{YEAR}0001")
        draft = create_document(ctx, "invoice", customer_id, lines=LINES)
        ctx.session.execute(
            Document.__table__.update()
            .where(Document.__table__.c.id == draft.id)
            .values(structured_ref=taken)
        )
        docs = create_and_post_many(ctx, "invoice", batch(customer_id, 2))
        refs = [doc.structured_ref for doc in docs]
        assert refs[0] != taken and ogm.is_valid(refs[0])
        assert refs[1] == ogm.from_number(docs[1].number)
        assert len({taken, *refs}) == 3


def test_an_empty_batch_posts_nothing(app, tenant_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        assert create_and_post_many(ctx, "invoice", []) == []
        assert preview(ctx.session, "invoice", date.today()) == f"F{YEAR}0001"


def test_every_document_keeps_its_own_header_and_lines(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        other = add_customer(ctx, "Tweede Klant", language="fr").id
        documents = [
            NewDocument(
                (customer_id, other)[n % 2],
                [LineData(description=f"Regel {n}.{m}", quantity=m, unit_price=n, vat_rate=21)
                 for m in range(1, n % 3 + 2)],
                {"notes": f"note {n}"},
            )
            for n in range(1, 31)
        ]
        docs = create_and_post_many(ctx, "invoice", documents)
        expected = {
            doc.id: (doc.notes, doc.customer_id, doc.language, doc.number,
                     [(line.id, line.description) for line in doc.lines])
            for doc in docs
        }
    assert [value[0] for value in expected.values()] == [f"note {n}" for n in range(1, 31)]
    with app.tenant_context(tenant_id) as ctx:
        for doc in ctx.session.scalars(select(Document)):
            assert expected[doc.id] == (
                doc.notes, doc.customer_id, doc.language, doc.number,
                [(line.id, line.description) for line in doc.lines],
            )
            assert doc.party["name"] == ("Klant NV", "Tweede Klant")[doc.customer_id == other]


def test_the_products_of_a_batch_are_read_in_one_statement(facturo_app, make_tenant):
    shop = make_tenant("Winkel", slug="winkel", addons=("products",))
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        customer = add_customer(ctx).id
        bread, cake = (
            create_product(ctx, {"name": name, "sale_price": price, "vat_rate": "6"}).id
            for name, price in (("Brood", "3.10"), ("Taart", "24.00"))
        )
    with product_reads(facturo_app.db.engine) as reads, \
            facturo_app.tenant_context(shop.id, write=True) as ctx:
        docs = create_and_post_many(ctx, "invoice", [
            NewDocument(customer, [{"line_type": "product", "product_id": bread}]),
            NewDocument(customer, [LineData(line_type="product", product_id=cake,
                                            quantity=2)]),
        ])
    assert len(reads) == 1
    assert [(d.lines[0].description, d.total_excl_vat) for d in docs] == [
        ("Brood", D("3.10")), ("Taart", D("48.00"))
    ]
