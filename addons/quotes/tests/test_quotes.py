"""Quotes: numbering, the customer's answer, conversions and their links."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from addons.products.service import update_product
from addons.quotes.service import (
    QuoteError,
    accept,
    conversion_targets,
    convert_quote,
    decision_of,
    decline,
    quote_status,
    related,
)
from core.documents.kinds import UnknownKind, available, kind_of
from core.documents.posting import post_document


def test_quotes_and_order_confirmations_have_their_own_numbering(facturo_app, office, make_quote):
    year = date.today().year
    with facturo_app.tenant_context(office.id, write=True) as ctx:
        first, second = make_quote(ctx), make_quote(ctx)
        order = make_quote(ctx, kind="order_confirmation")
        assert (first.number, second.number) == (f"OF{year}-0001", f"OF{year}-0002")
        assert order.number == f"OB{year}-0001"
        assert first.structured_ref is None and first.due_date is None
        assert first.total_excl_vat == Decimal("560.00")
        assert first.lines[0].description == "Porte"
        labels = kind_of(ctx, "order_confirmation").labels
        assert [labels[lang] for lang in ("nl", "fr", "en", "de")] == [
            "Orderbevestiging", "Confirmation de commande", "Order confirmation",
            "Auftragsbestätigung",
        ]
        assert kind_of(ctx, "quote").label("de") == "Angebot"


def test_a_quote_is_accepted_or_declined_once_sent(facturo_app, office, make_quote):
    with facturo_app.tenant_context(office.id, write=True) as ctx:
        draft = make_quote(ctx, posted=False)
        assert quote_status(ctx, draft) == "draft"
        with pytest.raises(QuoteError, match="final"):
            accept(ctx, draft)
        quote = make_quote(ctx)
        assert quote_status(ctx, quote) == "open" and decision_of(ctx, quote) is None
        decline(ctx, quote, on=date(2026, 3, 2), note="Te duur")
        assert quote_status(ctx, quote) == "declined"
        with pytest.raises(QuoteError, match="declined"):
            convert_quote(ctx, quote, "invoice")
        answer = accept(ctx, quote, on=date(2026, 3, 9))
        assert (answer.decision, answer.decided_on, answer.note) == (
            "accepted", date(2026, 3, 9), ""
        )
        assert quote_status(ctx, quote) == "accepted"
        order = make_quote(ctx, kind="order_confirmation")
        with pytest.raises(QuoteError, match="Only a quote"):
            accept(ctx, order)


def test_a_quote_becomes_an_invoice_linked_both_ways_with_its_prices(
    facturo_app, office, make_quote, product_id
):
    with facturo_app.tenant_context(office.id, write=True) as ctx:
        quote = make_quote(ctx)
        update_product(ctx, product_id, {"sale_price": 300})
        invoice = convert_quote(ctx, quote, "invoice")
        assert (invoice.kind, invoice.state, invoice.language) == ("invoice", "draft", "fr")
        assert [(line.description, line.unit_price) for line in invoice.lines] == [
            ("Porte", Decimal("250")), ("Plaatsing", Decimal("60"))
        ]
        assert invoice.total_incl_vat == quote.total_incl_vat == Decimal("677.60")
        assert related(ctx, quote).targets == [invoice]
        assert related(ctx, invoice).sources == [quote]
        answer = decision_of(ctx, quote)  # recorded by the document_converted hook
        assert answer is not None and answer.accepted and answer.decided_on == date.today()
        with pytest.raises(QuoteError, match="no longer be declined"):
            decline(ctx, quote)
        post_document(ctx, invoice)
        assert invoice.number is not None and invoice.structured_ref is not None


def test_conversion_targets_follow_the_apps_that_are_on(
    facturo_app, office, make_quote, activate
):
    with facturo_app.tenant_context(office.id, write=True) as ctx:
        quote = make_quote(ctx)
        assert [k.id for k in conversion_targets(ctx, quote)] == ["order_confirmation", "invoice"]
        with pytest.raises(QuoteError, match="cannot be turned into"):
            convert_quote(ctx, quote, "delivery_note")
        with pytest.raises(QuoteError, match="final"):
            convert_quote(ctx, make_quote(ctx, posted=False), "invoice")
    activate(office, "delivery_notes")
    with facturo_app.tenant_context(office.id, write=True) as ctx:
        order = post_document(ctx, convert_quote(ctx, quote.id, "order_confirmation"))
        assert [k.id for k in conversion_targets(ctx, order)] == ["delivery_note", "invoice"]
        note = convert_quote(ctx, order, "delivery_note")
        assert note.kind == "delivery_note" and note.total_excl_vat == Decimal("560.00")
        assert related(ctx, order).sources[0].id == quote.id
        assert related(ctx, order).targets == [note]


def test_switched_off_no_quote_kinds_and_on_again_its_data_is_back(
    facturo_app, office, make_quote
):
    with facturo_app.tenant_context(office.id, write=True) as ctx:
        quote = make_quote(ctx)
        accept(ctx, quote, on=date(2026, 1, 5))
        quote_id = quote.id
    facturo_app.addon_manager.switch_off(office.id, "quotes")
    with facturo_app.tenant_context(office.id, write=True) as ctx:
        kinds = {kind.id for kind in available(ctx)}
        assert "quote" not in kinds and "order_confirmation" not in kinds
        with pytest.raises(UnknownKind, match="switched off"):
            make_quote(ctx, posted=False)
        assert [i.url for answer in ctx.call("facturo_menu") for i in answer] == [
            "/apps/products/"
        ]
    facturo_app.addon_manager.switch_on(office.id, "quotes")
    with facturo_app.tenant_context(office.id, write=True) as ctx:
        assert quote_status(ctx, quote_id) == "accepted"
        assert decision_of(ctx, quote_id).decided_on == date(2026, 1, 5)
        assert make_quote(ctx).number.endswith("-0002")
