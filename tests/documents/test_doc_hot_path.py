"""The fast paths of creating and posting keep their meaning.

What a unit of work reads of a tenant's addons is never stale; tenant-scoped statements share
one compiled form across tenants; the rows line hooks read are read once per unit of work
and afresh in the next one.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from document_helpers import add_customer, product_reads
from sqlalchemy import select

from addons.products.models import Category, Product
from addons.products.service import create_product, update_product
from core.app import Facturo
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import create_document
from core.numbering.models import NumberSequence


def test_a_switch_is_seen_by_the_next_unit_of_work_of_any_process(facturo_app, tenant):
    other_process = Facturo(
        facturo_app.settings, catalogue=facturo_app.catalogue, registry=facturo_app.registry
    )
    try:
        with facturo_app.tenant_context(tenant.id) as ctx:
            assert "products" not in ctx.active
        facturo_app.addon_manager.switch_on(tenant.id, "products")
        with facturo_app.tenant_context(tenant.id) as ctx:
            assert "products" in ctx.active
        other_process.addon_manager.switch_off(tenant.id, "products")
        with facturo_app.tenant_context(tenant.id) as ctx:
            assert "products" not in ctx.active
    finally:
        other_process.db.dispose()


def test_tenant_scoped_selects_share_one_compiled_statement(facturo_app, make_tenant, caplog):
    tenants = [make_tenant("Alpha", slug="alpha"), make_tenant("Beta", slug="beta")]
    for tenant, pattern in zip(tenants, ("A(3)", "B(3)"), strict=True):
        with facturo_app.db.session(tenant.id) as session:
            session.add(NumberSequence(key="hot-path", pattern=pattern))
    statement = select(NumberSequence.pattern).where(NumberSequence.key == "hot-path")
    seen = []
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine.Engine")
    for tenant in tenants:
        caplog.clear()
        with facturo_app.db.session(tenant.id) as session:
            seen.append(session.scalars(statement).all())
        notes = [r.getMessage() for r in caplog.records if r.getMessage().startswith("[")]
        assert notes, "the engine logged no statement"
        last = notes[-1]
    assert seen == [["A(3)"], ["B(3)"]]
    assert last.startswith("[cached since"), last


def test_an_eagerly_joined_row_of_another_tenant_stays_hidden(facturo_app, make_tenant):
    mine = make_tenant("Winkel", slug="winkel", addons=("products",))
    theirs = make_tenant("Concurrent", slug="concurrent", addons=("products",))
    with facturo_app.db.session(theirs.id) as session:
        foreign = Category(name="Hun categorie")
        session.add(foreign)
        session.flush()
        foreign_id = foreign.id
    with facturo_app.tenant_context(mine.id, write=True) as ctx:
        product = create_product(ctx, {"name": "Brood", "sale_price": "3.10"})
        product.category_id = foreign_id  # a dangling reference across tenants
        product_id = product.id
    with facturo_app.db.session(mine.id) as session:
        found = session.get(Product, product_id)  # categories are joined eagerly
        assert found is not None and found.category_id == foreign_id
        assert found.category is None


def test_a_product_is_read_once_per_unit_of_work_and_afresh_in_the_next(
    facturo_app, make_tenant
):
    shop = make_tenant("Winkel", slug="winkel", addons=("products",))
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        customer = add_customer(ctx).id
        product = create_product(ctx, {"name": "Brood", "sale_price": "3.10", "vat_rate": "6"}).id
    lines = [LineData(line_type="product", product_id=product, quantity=2)] * 3
    with product_reads(facturo_app.db.engine) as reads:
        with facturo_app.tenant_context(shop.id, write=True) as ctx:
            first = post_document(ctx, create_document(ctx, "invoice", customer, lines=lines))
            second = create_document(ctx, "invoice", customer, lines=lines)
            assert [(x.description, x.unit_price) for x in first.lines + second.lines] == [
                ("Brood", Decimal("3.10"))
            ] * 6
        assert len(reads) == 1
    session = facturo_app.db.new_session(shop.id)  # one session, two units of work
    try:
        ctx = facturo_app.make_context(session, shop.id)
        assert create_document(ctx, "invoice", customer, lines=lines).lines[0].unit_price == (
            Decimal("3.10")
        )
        session.commit()
        with facturo_app.tenant_context(shop.id, write=True) as other:
            update_product(other, product, {"sale_price": "3.30"})
        assert create_document(ctx, "invoice", customer, lines=lines).lines[0].unit_price == (
            Decimal("3.30")
        )
        session.commit()
    finally:
        session.close()
