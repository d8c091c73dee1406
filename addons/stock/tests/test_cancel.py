"""A cancelled document puts back what its posting took: its moves reversed, by rows that
name it; a document that moved nothing moves nothing, now or when stock catches up."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from addons.products.service import create_product
from addons.stock import service
from addons.stock.availability import stock_lines
from addons.stock.ledger import level, verify
from addons.stock.models import Move, MoveSource
from addons.stock.tests.helpers import line, post
from core.api import cancel_document


def set_mode(app, tenant, mode: str) -> None:
    app.addon_manager.configure(tenant.id, "stock", {"mode": mode})


def _moves(ctx, product_id: int) -> list[tuple]:
    return [(m.document_id, m.line_position, m.quantity, m.source)
            for m in ctx.session.scalars(select(Move).where(Move.product_id == product_id)
                                         .order_by(Move.id))]


def test_a_cancelled_delivery_note_puts_back_what_it_took(
    facturo_app, shop, in_tenant, web_client, customer_id, screws
):
    set_mode(facturo_app, shop, "delivery_notes")
    with in_tenant() as ctx:
        note = post(ctx, "delivery_note", customer_id, [line(screws, 3)])
        assert level(ctx, screws) == Decimal(-3)
    with in_tenant() as ctx:
        cancel_document(ctx, note.id)
        assert level(ctx, screws) == Decimal(0)
        assert _moves(ctx, screws) == [
            (note.id, 1, Decimal(-3), MoveSource.DOCUMENT),
            (note.id, 1, Decimal(3), MoveSource.DOCUMENT),
        ]
        reversal = ctx.session.scalars(select(Move).order_by(Move.id.desc())).first()
        assert note.number in reversal.reason
        assert verify(ctx) == []  # the balance follows its moves
    page = web_client(shop).get(f"/apps/stock/products/{screws}")
    rows = page.text.split('class="list rows stock-moves"')[1].split("</table>")[0]
    assert rows.count(f'href="/documents/{note.id}"') == 2
    assert f"Leveringsbon {note.number}" in rows  # the reversal names the note


def test_a_composite_note_gives_back_its_components(
    facturo_app, shop, in_tenant, customer_id, screws
):
    set_mode(facturo_app, shop, "delivery_notes")
    with in_tenant() as ctx:
        kit = create_product(ctx, {"name": "Fixing kit", "sale_price": "5"}).id
        service.set_components(ctx, kit, {screws: Decimal(8)})
        note = post(ctx, "delivery_note", customer_id, [line(kit, 2), line(screws, 1)])
        assert level(ctx, screws) == Decimal(-17)
        cancel_document(ctx, note)
        assert level(ctx, screws) == Decimal(0)


def test_in_invoice_mode_a_cancelled_note_moves_nothing(
    facturo_app, shop, in_tenant, customer_id, screws
):
    with in_tenant() as ctx:
        note = post(ctx, "delivery_note", customer_id, [line(screws, 3)])
        cancel_document(ctx, note)
        assert level(ctx, screws) == Decimal(0)
        assert _moves(ctx, screws) == []


def test_catching_up_leaves_a_cancelled_note_alone(
    facturo_app, shop, in_tenant, customer_id
):
    set_mode(facturo_app, shop, "delivery_notes")
    with in_tenant() as ctx:
        drill = create_product(ctx, {"name": "Drill", "sale_price": "80"}).id
        note = post(ctx, "delivery_note", customer_id, [line(drill, 2)])  # not followed yet
        cancel_document(ctx, note)
        service.track(ctx, drill)
        assert level(ctx, drill) == Decimal(0)
        assert _moves(ctx, drill) == []


def test_a_cancelled_order_confirmation_promises_nothing(
    in_tenant, customer_id, screws
):
    with in_tenant() as ctx:
        order = post(ctx, "order_confirmation", customer_id, [line(screws, 2)])
        assert stock_lines(ctx)[0].reserved == Decimal(2)
        cancel_document(ctx, order)
        assert stock_lines(ctx)[0].reserved == Decimal(0)
