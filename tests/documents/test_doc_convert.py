"""Conversions: a quote into an invoice, several delivery notes into one invoice."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from document_helpers import add_customer

from core.documents.convert import convert, linked_sources, linked_targets, merge_into_invoice
from core.documents.errors import DocumentError
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import create_document


def test_a_quote_becomes_an_invoice_with_its_agreed_prices(app, addon_tenant_id,
                                                          addon_customer_id, sample_hooks_state):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        quote = create_document(ctx, "quote", addon_customer_id, language="fr", lines=[
            LineData(line_type="product", product_id=1, description="Pils", quantity=2,
                     unit_price="9.00"),
            LineData(line_type="product", product_id=2, description="Bak", quantity=1,
                     unit_price="12.00"),
        ], notes="Geldig 30 dagen")
        post_document(ctx, quote)
        assert quote.number.startswith("QUOTE") and quote.structured_ref is None
        invoice = convert(ctx, quote, "invoice")
        assert (invoice.kind, invoice.state, invoice.language) == ("invoice", "draft", "fr")
        assert [(line.description, line.unit_price, line.addon_id) for line in invoice.lines] == [
            ("Pils", D("9.00"), None),
            ("Bak", D("12.00"), None),
            ("Deposit for Bak", D("5.00"), "sample_documents"),
        ]
        assert invoice.total_incl_vat == quote.total_incl_vat
        assert invoice.due_date is not None
        assert ("converted", (quote.id, "invoice")) in sample_hooks_state.CALLS
        assert linked_targets(ctx, quote) == [invoice]
        post_document(ctx, invoice)
        with pytest.raises(DocumentError, match="own kind"):
            convert(ctx, quote, "quote")


def test_delivery_notes_of_one_customer_merge_into_one_invoice(app, addon_tenant_id,
                                                              addon_customer_id):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        notes = []
        for day, quantity in ((1, 3), (2, 5)):
            note = create_document(ctx, "delivery_note", addon_customer_id, lines=[
                LineData(description=f"Levering dag {day}", quantity=quantity,
                         unit_price="2.00", vat_rate=6)])
            notes.append(post_document(ctx, note))
        invoice = merge_into_invoice(ctx, notes)
        assert [line.description for line in invoice.lines] == [
            f"Leveringsbon {notes[0].number}", "Levering dag 1",
            f"Leveringsbon {notes[1].number}", "Levering dag 2",
        ]
        assert (invoice.total_excl_vat, invoice.total_vat) == (D("16.00"), D("0.96"))
        assert linked_sources(ctx, invoice) == notes
        other = add_customer(ctx, "Ander")
        stranger = create_document(ctx, "delivery_note", other, lines=[
            LineData(description="x", quantity=1, unit_price=1)])
        with pytest.raises(DocumentError, match="same customer"):
            merge_into_invoice(ctx, [notes[0], stranger])
        with pytest.raises(DocumentError, match="at least one"):
            merge_into_invoice(ctx, [])
