"""Real and virtual stock, corrections, receipts, counts, minimum stock and `stock verify`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from addons.products.service import create_product
from addons.stock import incoming, service
from addons.stock.availability import stock_lines, under_minimum
from addons.stock.errors import StockError
from addons.stock.ledger import level, verify
from addons.stock.models import Balance, Move, MoveSource
from addons.stock.tests.helpers import line, post
from addons.stock.warnings import shortages
from core.cli.main import build_cli
from core.documents.records import document_record
from core.documents.service import create_document


def test_real_stock_counts_invoices_and_virtual_stock_open_orders(
    in_tenant, customer_id, screws
):
    with in_tenant() as ctx:
        incoming.receive(ctx, "Würth", date(2026, 3, 1), [(screws, Decimal(10), Decimal("0.05"))])
        post(ctx, "invoice", customer_id, [line(screws, 3)])
        post(ctx, "order_confirmation", customer_id, [line(screws, 2)])
        (found,) = stock_lines(ctx)
        assert (found.real, found.reserved, found.virtual) == (Decimal(7), Decimal(2),
                                                                Decimal(5))


def test_the_editor_warns_when_a_line_asks_more_than_virtual_stock(
    in_tenant, customer_id, screws
):
    with in_tenant() as ctx:
        service.correct(ctx, screws, Decimal(4), "Opening stock")
        draft = create_document(ctx, "invoice", customer_id, lines=[line(screws, 3)])
        assert shortages(ctx, document_record(draft)) == []
        draft = create_document(ctx, "invoice", customer_id, lines=[line(screws, 6)])
        (short,) = shortages(ctx, document_record(draft))
        assert (short.name, short.asked, short.available) == ("Screws M6", 6, 4)
        (_, html), = ctx.fragments("ui_slot", name="document.detail.panels", obj=draft)
        assert "Screws M6: this document asks 6, 4 available." in html


def test_a_correction_names_its_reason_and_user_and_needs_a_reason(
    in_tenant, make_user, shop, screws
):
    user = make_user(shop)
    with in_tenant() as ctx:
        ctx.user_id = user.id
        with pytest.raises(StockError, match="reason"):
            service.correct(ctx, screws, Decimal(-2), " ")
        service.correct(ctx, screws, Decimal(-2), "Broken in the shop")
        move = ctx.session.scalar(select(Move))
        assert (move.source, move.reason, move.user_id, move.quantity) == (
            MoveSource.CORRECTION, "Broken in the shop", user.id, Decimal(-2))
        assert level(ctx, screws) == Decimal(-2)


def test_a_purchase_receipt_moves_its_lines_in_and_a_wrong_one_writes_nothing(
    in_tenant, screws
):
    with in_tenant() as ctx:
        receipt = incoming.receive(ctx, "Würth", date(2026, 3, 1),
                                   [(screws, Decimal(100), Decimal("0.05"))], "PO-7")
        move = ctx.session.scalar(select(Move))
        assert (move.receipt_id, move.unit_cost, move.move_date) == (
            receipt.id, Decimal("0.05"), date(2026, 3, 1))
        with pytest.raises(StockError, match="above zero"):
            incoming.receive(ctx, "Würth", date(2026, 3, 2),
                             [(screws, Decimal(5), Decimal(1)), (screws, Decimal(0), Decimal(1))])
        with pytest.raises(StockError, match="supplier"):
            incoming.receive(ctx, "", date(2026, 3, 2), [(screws, Decimal(5), Decimal(1))])
        assert level(ctx, screws) == Decimal(100)


def test_a_posted_count_turns_the_differences_into_moves(in_tenant, screws):
    with in_tenant() as ctx:
        nails = create_product(ctx, {"name": "Nails", "sale_price": "0.01"}).id
        service.correct(ctx, screws, Decimal(50), "Opening stock")
        count = incoming.start_count(ctx, date(2026, 6, 30), {screws: Decimal(47),
                                                              nails: Decimal(12)})
        assert incoming.post_count(ctx, count.id) == 2
        assert (level(ctx, screws), level(ctx, nails)) == (Decimal(47), Decimal(12))
        moves = ctx.session.scalars(select(Move).where(Move.count_id == count.id)
                                    .order_by(Move.product_id)).all()
        assert sorted(m.quantity for m in moves) == [Decimal(-3), Decimal(12)]
        with pytest.raises(StockError, match="already posted"):
            incoming.post_count(ctx, count.id)


def test_products_under_their_minimum_are_listed(in_tenant, screws):
    with in_tenant() as ctx:
        bolts = create_product(ctx, {"name": "Bolts", "sale_price": "1"}).id
        service.track(ctx, bolts, minimum=Decimal(5))
        service.correct(ctx, bolts, Decimal(9), "Opening stock")
        service.set_minimum(ctx, screws, Decimal(10))
        assert [found.name for found in under_minimum(ctx)] == ["Screws M6"]
        (_, card), = ctx.fragments("ui_slot", name="dashboard.cards", obj=None)
        assert "1 product to order" in card


def test_stock_verify_finds_and_repairs_a_balance_that_lost_a_move(
    facturo_app, shop, in_tenant, screws, facturo_catalogue, facturo_database_url, monkeypatch
):
    with in_tenant() as ctx:
        service.correct(ctx, screws, Decimal(10), "Opening stock")
        ctx.session.execute(update(Balance).values(quantity=Decimal(3)))
    monkeypatch.setenv("FACTURO_DATABASE_URL", facturo_database_url)
    cli = build_cli(facturo_catalogue, None)
    runner = CliRunner()
    found = runner.invoke(cli, ["stock", "verify", shop.slug])
    assert found.exit_code == 1 and "balance 3.0000, moves 10.0000" in found.output
    repaired = runner.invoke(cli, ["stock", "verify", shop.slug, "--repair"])
    assert repaired.exit_code == 0, repaired.output
    with in_tenant() as ctx:
        assert verify(ctx) == [] and level(ctx, screws) == Decimal(10)
