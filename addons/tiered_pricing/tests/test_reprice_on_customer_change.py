"""Changing the customer of a draft: the editor asks whether to re-price the lines whose price
an app proposed (a segment price), and re-prices them only when asked."""

from __future__ import annotations

from decimal import Decimal

from addons.tiered_pricing import service
from core.contacts.service import create_customer
from core.documents.lines import LineData, price_changes, reprice
from core.documents.service import create_document
from core.testing.web import post_form


def _draft(ctx, customer_id: int, product_id: int):
    return create_document(ctx, "invoice", customer_id, lines=[
        LineData(line_type="product", product_id=product_id, quantity=2),
        LineData(line_type="product", product_id=product_id, quantity=1, unit_price="9.00"),
    ])


def test_a_new_customer_shows_which_prices_change_and_reprices_on_request(
    facturo_app, wholesaler, in_tenant, customer_id, product_id, web_client
):
    with in_tenant() as ctx:
        horeca = service.create_segment(ctx, "Horeca")
        service.set_breaks(ctx, product_id, horeca.id, {1: "10.50"})
        hotel = create_customer(ctx, {"name": "Hotel Zeezicht"})
        service.set_customer_segment(ctx, hotel.id, horeca.id)
        draft = _draft(ctx, customer_id, product_id)
        draft_id, hotel_id = draft.id, hotel.id
        assert [line.unit_price for line in draft.lines] == [Decimal("12.00"), Decimal("9.00")]
    client = web_client(wholesaler)
    saved = post_form(client, f"/documents/{draft_id}/header", {
        "customer_id": str(hotel_id), "issue_date": "2026-03-02", "payment_term_days": "30",
        "language": "nl", "vat_regime": "standard"})
    assert saved.status_code == 303
    assert saved.headers["location"].endswith(f"/documents/{draft_id}/reprice")
    with in_tenant() as ctx:  # nothing changed before the answer; the typed price never does
        draft = ctx.session.get(type(draft), draft_id)
        assert draft.customer_id == hotel_id
        assert [line.unit_price for line in draft.lines] == [Decimal("12.00"), Decimal("9.00")]
        ((line, price),) = price_changes(ctx, draft)
        assert (line.position, price) == (1, Decimal("10.50"))
    question = client.get(f"/documents/{draft_id}/reprice")
    assert question.status_code == 200 and "12,00" in question.text
    assert "10,50" in question.text
    answered = post_form(client, f"/documents/{draft_id}/reprice")
    assert answered.status_code == 303
    with in_tenant() as ctx:
        draft = ctx.session.get(type(draft), draft_id)
        assert [line.unit_price for line in draft.lines] == [Decimal("10.50"), Decimal("9.00")]
        assert draft.total_excl_vat == Decimal("30.00")
        assert price_changes(ctx, draft) == [] and reprice(ctx, draft) == 0


def test_without_a_price_difference_the_editor_does_not_ask(
    facturo_app, wholesaler, in_tenant, customer_id, product_id, web_client
):
    with in_tenant() as ctx:
        other = create_customer(ctx, {"name": "Café Sport"}).id
        draft_id = _draft(ctx, customer_id, product_id).id
    saved = post_form(web_client(wholesaler), f"/documents/{draft_id}/header", {
        "customer_id": str(other), "issue_date": "2026-03-02", "payment_term_days": "30",
        "language": "nl", "vat_regime": "standard"})
    assert saved.status_code == 303 and saved.headers["location"].endswith(f"/documents/{draft_id}")
