"""Editing draft lines: positions, prices from the addons, addon lines, kinds per tenant."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from core.addons.errors import HookError
from core.documents.errors import DocumentError
from core.documents.kinds import UnknownKind, available, get_kind
from core.documents.lines import LineData, add_line, move_line, remove_line, update_line
from core.documents.models import Document, LineType
from core.documents.service import create_document

PRICED, CRATE = 1, 2


def descriptions(doc):
    return [line.description for line in doc.lines]


def test_add_move_and_remove_keep_positions_in_order(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id) as ctx:
        doc = create_document(ctx, "invoice", customer_id)
        a = add_line(ctx, doc, description="A", quantity=1, unit_price=10)
        add_line(ctx, doc, description="B", quantity=1, unit_price=20)
        add_line(ctx, doc, LineData(line_type=LineType.SUBTITLE, description="Title",
                                    position=1))
        assert descriptions(doc) == ["Title", "A", "B"]
        move_line(ctx, doc, a, 3)
        assert descriptions(doc) == ["Title", "B", "A"]
        assert [line.position for line in doc.lines] == [1, 2, 3]
        remove_line(ctx, doc, doc.lines[1])
        assert descriptions(doc) == ["Title", "A"]
        assert doc.total_excl_vat == D("10.00")
        doc_id = doc.id
    with app.tenant_context(tenant_id) as ctx:
        stored = ctx.session.get(Document, doc_id)
        assert [(line.position, line.description) for line in stored.lines] == [
            (1, "Title"), (2, "A")
        ]
        assert stored.lines[0].net_amount == D("0.00")


def test_update_line_recomputes_and_refuses_nonsense(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id) as ctx:
        doc = create_document(ctx, "invoice", customer_id)
        line = add_line(ctx, doc, description="A", quantity=1, unit_price=10)
        update_line(ctx, doc, line, quantity="2.5", discount_percent=10, vat_rate=6)
        assert (line.net_amount, doc.total_vat, doc.total_incl_vat) == (
            D("22.50"), D("1.35"), D("23.85")
        )
        with pytest.raises(DocumentError, match="discount"):
            update_line(ctx, doc, line, discount_percent=120)
        for nonsense in ("two", "NaN", "Infinity"):
            with pytest.raises(DocumentError, match="quantity"):
                update_line(ctx, doc, line, quantity=nonsense)
        with pytest.raises(DocumentError, match="colour"):
            update_line(ctx, doc, line, colour="red")
        with pytest.raises(DocumentError, match="line type"):
            add_line(ctx, doc, line_type="banner")


def test_product_price_comes_from_the_hook_until_typed(app, addon_tenant_id, addon_customer_id):
    with app.tenant_context(addon_tenant_id) as ctx:
        doc = create_document(ctx, "invoice", addon_customer_id)
        line = add_line(ctx, doc, line_type="product", product_id=PRICED, description="Pils",
                        quantity=2)
        assert (line.unit_price, line.price_typed, line.net_amount) == (
            D("10.00"), False, D("20.00")
        )
        update_line(ctx, doc, line, quantity=12)  # the break from 10 pieces
        assert (line.unit_price, line.net_amount) == (D("8.00"), D("96.00"))
        update_line(ctx, doc, line, unit_price="7.50")
        update_line(ctx, doc, line, quantity=3)  # a typed price stays
        assert (line.unit_price, line.price_typed, line.net_amount) == (
            D("7.50"), True, D("22.50")
        )
        update_line(ctx, doc, line, unit_price=None)  # back to the proposed price
        assert line.unit_price == D("10.00") and not line.price_typed


def test_the_price_hook_is_not_asked_on_a_tenant_without_the_addon(app, tenant_id, customer_id,
                                                                   sample_hooks_state):
    with app.tenant_context(tenant_id) as ctx:
        doc = create_document(ctx, "invoice", customer_id)
        line = add_line(ctx, doc, line_type="product", product_id=PRICED, quantity=2)
        assert line.unit_price == D("0") and sample_hooks_state.CALLS == []


def test_addon_lines_follow_their_line_and_are_replaced(app, addon_tenant_id, addon_customer_id):
    with app.tenant_context(addon_tenant_id) as ctx:
        doc = create_document(ctx, "invoice", addon_customer_id, lines=[
            LineData(line_type="product", product_id=CRATE, description="Bak Pils",
                     quantity=3, unit_price="15.00"),
            LineData(description="Levering", quantity=1, unit_price="5.00"),
        ])
        assert descriptions(doc) == ["Bak Pils", "Deposit for Bak Pils", "Levering"]
        deposit = doc.lines[1]
        assert (deposit.addon_id, deposit.group, deposit.net_amount, deposit.vat_rate) == (
            "sample_documents", "deposits", D("15.00"), D("0")
        )
        assert doc.total_excl_vat == D("65.00")
        assert doc.total_vat == D("10.50")  # 21 % on 50.00; the deposit at 0 %
        update_line(ctx, doc, doc.lines[0], quantity=1)
        assert descriptions(doc) == ["Bak Pils", "Deposit for Bak Pils", "Levering"]
        assert doc.lines[1].net_amount == D("5.00")
        with pytest.raises(DocumentError, match="sample_documents"):
            update_line(ctx, doc, doc.lines[1], quantity=5)
        move_line(ctx, doc, doc.lines[0], 3)
        assert descriptions(doc) == ["Levering", "Bak Pils", "Deposit for Bak Pils"]
        remove_line(ctx, doc, doc.lines[1])
        assert descriptions(doc) == ["Levering"]
        doc_id = doc.id
    with app.tenant_context(addon_tenant_id) as ctx:
        assert descriptions(ctx.session.get(Document, doc_id)) == ["Levering"]


def test_a_failing_extra_lines_hook_rolls_the_change_back(app, addon_tenant_id,
                                                         addon_customer_id, sample_hooks_state):
    with app.tenant_context(addon_tenant_id) as ctx:
        doc_id = create_document(ctx, "invoice", addon_customer_id, lines=[
            LineData(description="A", quantity=1, unit_price=1)]).id
    sample_hooks_state.BEHAVIOUR["extra_lines_fail"] = True
    with pytest.raises(HookError, match="document_extra_lines"), \
            app.tenant_context(addon_tenant_id) as ctx:
        add_line(ctx, doc_id, description="B", quantity=1, unit_price=1)
    with app.tenant_context(addon_tenant_id) as ctx:
        assert descriptions(ctx.session.get(Document, doc_id)) == ["A"]


def test_kinds_of_an_addon_are_hidden_where_it_is_off(app, tenant_id, addon_tenant_id,
                                                      customer_id):
    with app.tenant_context(addon_tenant_id) as ctx:
        ids = [kind.id for kind in available(ctx)]
        assert ids == ["invoice", "credit_note", "quote", "delivery_note"]
        quote = get_kind(ctx, "quote")
        assert (quote.addon_id, quote.sequence_key, quote.label("fr")) == (
            "sample_documents", "quote", "Devis"
        )
    with app.tenant_context(tenant_id) as ctx:
        assert [kind.id for kind in available(ctx)] == ["invoice", "credit_note"]
        with pytest.raises(UnknownKind, match="sample_documents"):
            create_document(ctx, "quote", customer_id)
        with pytest.raises(UnknownKind, match="memo"):
            get_kind(ctx, "memo")
    assert get_kind.__module__ == "core.documents.kinds"
