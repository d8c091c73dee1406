"""Stock moves on posted documents, per mode; credit notes; switching modes and products on."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from addons.delivery_notes.service import invoice_notes
from addons.products.service import create_product
from addons.stock import service
from addons.stock.ledger import level
from addons.stock.models import Move
from addons.stock.tests.helpers import line, post
from core.documents.credit import create_credit_note
from core.documents.posting import post_document


def set_mode(app, tenant, mode: str) -> None:
    app.addon_manager.configure(tenant.id, "stock", {"mode": mode})


def test_an_invoice_takes_stock_and_its_credit_note_puts_it_back(
    in_tenant, customer_id, screws
):
    with in_tenant() as ctx:
        invoice = post(ctx, "invoice", customer_id, [line(screws, 5), line(screws, 2)])
        assert level(ctx, screws) == Decimal(-7)
        moves = ctx.session.scalars(select(Move).order_by(Move.id)).all()
        assert [(m.document_id, m.line_position, m.quantity) for m in moves] == [
            (invoice.id, 1, Decimal(-5)), (invoice.id, 2, Decimal(-2))]
        post_document(ctx, create_credit_note(ctx, invoice))
        assert level(ctx, screws) == Decimal(0)


def test_in_delivery_note_mode_the_note_moves_and_its_invoice_moves_nothing(
    facturo_app, shop, in_tenant, customer_id, screws
):
    set_mode(facturo_app, shop, "delivery_notes")
    with in_tenant() as ctx:
        note = post(ctx, "delivery_note", customer_id, [line(screws, 4)])
        assert level(ctx, screws) == Decimal(-4)
        invoice = post_document(ctx, invoice_notes(ctx, [note.id]))
        assert level(ctx, screws) == Decimal(-4)
        post_document(ctx, create_credit_note(ctx, invoice))
        assert level(ctx, screws) == Decimal(-4)  # the goods stay delivered
        post(ctx, "invoice", customer_id, [line(screws, 1)])
        assert level(ctx, screws) == Decimal(-4)


def test_invoices_and_cash_mode_moves_invoices_but_not_delivery_notes(
    facturo_app, shop, in_tenant, customer_id, screws
):
    set_mode(facturo_app, shop, "invoices_cash")
    with in_tenant() as ctx:
        post(ctx, "delivery_note", customer_id, [line(screws, 4)])
        post(ctx, "invoice", customer_id, [line(screws, 1)])
        assert level(ctx, screws) == Decimal(-1)


@pytest.mark.parametrize(("mode", "moved"), [("invoices_cash", Decimal(-2)), ("invoices", None)])
def test_a_cash_receipt_moves_stock_only_in_invoices_and_cash_mode(
    facturo_app, shop, activate, in_tenant, customer_id, screws, mode, moved
):
    activate(shop, "cash_receipts")
    set_mode(facturo_app, shop, mode)
    with in_tenant() as ctx:
        receipt = post(ctx, "cash_receipt", customer_id, [line(screws, 2)])
        moves = ctx.session.scalars(select(Move).where(Move.document_id == receipt.id)).all()
        assert [m.quantity for m in moves] == ([] if moved is None else [moved])
        assert level(ctx, screws) == (moved or Decimal(0))
        post_document(ctx, create_credit_note(ctx, receipt))
        assert level(ctx, screws) == Decimal(0)  # put back only what the receipt took


def test_switching_the_mode_never_moves_the_same_goods_twice(
    facturo_app, shop, in_tenant, customer_id, screws
):
    set_mode(facturo_app, shop, "delivery_notes")
    with in_tenant() as ctx:
        note = post(ctx, "delivery_note", customer_id, [line(screws, 3)])
    set_mode(facturo_app, shop, "invoices")
    with in_tenant() as ctx:
        post_document(ctx, invoice_notes(ctx, [note.id]))
        assert level(ctx, screws) == Decimal(-3)
        post(ctx, "invoice", customer_id, [line(screws, 1)])
        assert level(ctx, screws) == Decimal(-4)


def test_switching_a_product_on_computes_its_level_from_posted_documents(
    in_tenant, customer_id
):
    with in_tenant() as ctx:
        drill = create_product(ctx, {"name": "Drill", "sale_price": "80"}).id
        post(ctx, "invoice", customer_id, [line(drill, 1)])
        post(ctx, "delivery_note", customer_id, [line(drill, 5)])  # not the mode: no move
        assert level(ctx, drill) == Decimal(0)
        service.track(ctx, drill)
        assert level(ctx, drill) == Decimal(-1)
        service.untrack(ctx, drill)
        post(ctx, "invoice", customer_id, [line(drill, 2)])
        service.track(ctx, drill)  # on again: the invoice posted meanwhile, nothing twice
        assert level(ctx, drill) == Decimal(-3)


def test_a_posting_that_fails_moves_nothing(facturo_app, shop, in_tenant, customer_id, screws):
    with pytest.raises(RuntimeError), in_tenant() as ctx:
        post(ctx, "invoice", customer_id, [line(screws, 5)])
        assert level(ctx, screws) == Decimal(-5)
        raise RuntimeError("the unit of work fails after the posting")
    with in_tenant() as ctx:
        assert level(ctx, screws) == Decimal(0)
        assert ctx.session.scalar(select(Move.id)) is None


def test_switched_off_it_keeps_its_moves_and_on_again_it_catches_up(
    facturo_app, shop, in_tenant, customer_id, screws
):
    with in_tenant() as ctx:
        post(ctx, "invoice", customer_id, [line(screws, 2)])
    facturo_app.addon_manager.switch_off(shop.id, "stock")
    with in_tenant() as ctx:
        post(ctx, "invoice", customer_id, [line(screws, 3)])
        assert len(ctx.session.scalars(select(Move)).all()) == 1
    facturo_app.addon_manager.switch_on(shop.id, "stock")
    with in_tenant() as ctx:
        assert level(ctx, screws) == Decimal(-5)
        post(ctx, "invoice", customer_id, [line(screws, 1)])
        assert level(ctx, screws) == Decimal(-6)


def test_a_line_in_another_unit_converts_through_the_products_units(
    in_tenant, customer_id, screws
):
    with in_tenant() as ctx:
        service.set_unit(ctx, screws, "BX", Decimal(24))
        post(ctx, "invoice", customer_id, [line(screws, 2, unit="BX"), line(screws, 3)])
        assert level(ctx, screws) == Decimal(-51)


def test_selling_a_composite_product_moves_its_components(in_tenant, customer_id, screws):
    with in_tenant() as ctx:
        plugs = create_product(ctx, {"name": "Plugs", "sale_price": "0.10"}).id
        service.track(ctx, plugs)
        kit = create_product(ctx, {"name": "Mounting kit", "sale_price": "5"}).id
        service.set_components(ctx, kit, {screws: Decimal(8), plugs: Decimal(8)})
        post(ctx, "invoice", customer_id, [line(kit, 2)])
        assert (level(ctx, screws), level(ctx, plugs), level(ctx, kit)) == (
            Decimal(-16), Decimal(-16), Decimal(0))
