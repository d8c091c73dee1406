"""Tiered prices on document lines: segments, flat quantity breaks, typed prices, switching."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdf
import pytest

from addons.tiered_pricing import service
from addons.tiered_pricing.hooks import SEGMENT_FIELD
from core.contacts.service import get_contact
from core.documents.lines import LineData, add_line, update_line
from core.documents.posting import post_document
from core.documents.service import create_document
from core.output.stored import document_pdf

B2B_BREAKS = {1: "10.00", 10: "9.00", 50: "8.00"}


def product_line(product_id: int, quantity: object = 1, **values: object) -> LineData:
    """A product line as a user adds it: the product and a quantity."""
    return LineData(line_type="product", product_id=product_id, quantity=quantity, **values)  # type: ignore[arg-type]


def b2b_customer(ctx, customer_id: int, product_id: int) -> service.Segment:
    """Put the customer in segment B2B, which has breaks at 1, 10 and 50 for the product."""
    segment = service.create_segment(ctx, "B2B")
    service.set_customer_segment(ctx, customer_id, segment.id)
    service.set_breaks(ctx, product_id, segment.id, B2B_BREAKS)
    return segment


@pytest.mark.parametrize(
    ("quantity", "price"),
    [("0.5", None), ("1", "10"), ("9.99", "10"), ("10", "9"), ("49", "9"), ("50", "8"),
     ("-10", "9")],
)
def test_the_highest_threshold_not_above_the_quantity_wins(quantity, price):
    breaks = [(Decimal(q), Decimal(p)) for q, p in B2B_BREAKS.items()]
    expected = None if price is None else Decimal(price)
    assert service.flat_price(reversed(breaks), Decimal(quantity)) == expected


def test_a_b2b_customer_gets_the_segment_price_of_each_lines_quantity(
    facturo_app, in_tenant, customer_id, product_id
):
    with in_tenant() as ctx:
        b2b_customer(ctx, customer_id, product_id)
        invoice = create_document(
            ctx, "invoice", customer_id,
            lines=[product_line(product_id, q) for q in (1, 10, 49, 50)],
        )
        assert [line.unit_price for line in invoice.lines] == [
            Decimal("10"), Decimal("9"), Decimal("9"), Decimal("8")
        ]
        assert invoice.total_excl_vat == Decimal("10") + 90 + 441 + 400


def test_a_customer_without_segment_gets_the_base_breaks_then_the_sale_price(
    facturo_app, in_tenant, customer_id, product_id
):
    with in_tenant() as ctx:
        other = service.create_segment(ctx, "B2B")
        service.set_breaks(ctx, product_id, other.id, B2B_BREAKS)
        service.set_breaks(ctx, product_id, None, {20: "11.50"})
        invoice = create_document(
            ctx, "invoice", customer_id, lines=[product_line(product_id, q) for q in (1, 20)]
        )
        assert [line.unit_price for line in invoice.lines] == [Decimal("12"), Decimal("11.5")]


def test_a_segment_without_a_break_for_the_quantity_falls_back_to_the_base(
    facturo_app, in_tenant, customer_id, product_id
):
    with in_tenant() as ctx:
        segment = service.create_segment(ctx, "B2B")
        service.set_customer_segment(ctx, customer_id, segment.id)
        service.set_breaks(ctx, product_id, segment.id, {100: "7.00"})
        invoice = create_document(ctx, "invoice", customer_id, lines=[product_line(product_id, 5)])
        assert invoice.lines[0].unit_price == Decimal("12")


def test_the_price_follows_the_quantity_unless_it_was_typed(
    facturo_app, in_tenant, customer_id, product_id
):
    with in_tenant() as ctx:
        b2b_customer(ctx, customer_id, product_id)
        invoice = create_document(ctx, "invoice", customer_id)
        proposed = add_line(ctx, invoice, product_line(product_id, 1))
        typed = add_line(ctx, invoice, product_line(product_id, 1, unit_price="7.25"))
        update_line(ctx, invoice, proposed, quantity=50)
        update_line(ctx, invoice, typed, quantity=50)
        assert (proposed.unit_price, typed.unit_price) == (Decimal("8"), Decimal("7.25"))
        update_line(ctx, invoice, typed, unit_price=None)
        assert typed.unit_price == Decimal("8")


def test_segment_names_never_reach_the_document_or_its_pdf(
    facturo_app, in_tenant, customer_id, product_id
):
    with in_tenant() as ctx:
        segment = b2b_customer(ctx, customer_id, product_id)
        service.set_breaks(ctx, product_id, None, {1: "11.00"})
        invoice = create_document(ctx, "invoice", customer_id, lines=[product_line(product_id, 10)])
        post_document(ctx, invoice)
        pdf = pypdf.PdfReader(io.BytesIO(document_pdf(ctx, invoice)))
        printed = [
            repr(invoice.party), invoice.notes, repr(invoice.custom_data),
            *(line.description for line in invoice.lines),
            *(page.extract_text() for page in pdf.pages),
        ]
        assert invoice.lines[0].unit_price == Decimal("9")
        assert "Pils bak" in printed[-1] and "Café De Hoek" in printed[-1]
        assert not [text for text in printed if segment.name in text]


def test_switched_off_lines_get_the_base_price_and_the_form_no_field_then_all_comes_back(
    facturo_app, wholesaler, in_tenant, customer_id, product_id
):
    with in_tenant() as ctx:
        b2b_customer(ctx, customer_id, product_id)
    facturo_app.addon_manager.switch_off(wholesaler.id, "tiered_pricing")
    with in_tenant() as ctx:
        contact = get_contact(ctx, customer_id)
        invoice = create_document(ctx, "invoice", customer_id, lines=[product_line(product_id, 50)])
        assert invoice.lines[0].unit_price == Decimal("12")
        fields = ctx.fragments("ui_slot", name="contact.form.fields", obj=contact)
        assert not [html for _addon, html in fields if SEGMENT_FIELD in html]
    facturo_app.addon_manager.switch_on(wholesaler.id, "tiered_pricing")
    with in_tenant() as ctx:
        assert service.customer_segment(ctx, customer_id).name == "B2B"
        invoice = create_document(ctx, "invoice", customer_id, lines=[product_line(product_id, 50)])
        assert invoice.lines[0].unit_price == Decimal("8")
        assert [s.name for s in service.list_segments(ctx)] == [
            "Particulier", "Bedrijf", "Groothandel", "B2B"
        ]


def test_the_customer_form_shows_the_segment_field_and_saves_it(
    facturo_app, in_tenant, customer_id
):
    with in_tenant() as ctx:
        groothandel = service.segment_named(ctx, "groothandel")
        contact = get_contact(ctx, customer_id)
        (addon, html), = ctx.fragments("ui_slot", name="contact.form.fields", obj=contact)
        assert addon == "tiered_pricing" and f'name="{SEGMENT_FIELD}"' in html
        assert "Groothandel" in html and "selected" not in html
        answers = ctx.call("ui_form_submitted", name="contact.form", obj=contact,
                           values={"name": "Café De Hoek", SEGMENT_FIELD: str(groothandel.id)})
        assert [a for a in answers if a] == []
        assert service.customer_segment(ctx, customer_id) == groothandel
        refused = ctx.call("ui_form_submitted", name="contact.form", obj=contact,
                           values={SEGMENT_FIELD: "999999"})
        assert refused == [{SEGMENT_FIELD: "This price segment does not exist."}]
        ctx.call("ui_form_submitted", name="contact.form", obj=contact, values={SEGMENT_FIELD: ""})
        assert service.customer_segment(ctx, customer_id) is None


def test_segments_are_seeded_once_and_a_used_one_cannot_be_deleted(
    facturo_app, wholesaler, in_tenant, customer_id
):
    with in_tenant() as ctx:
        names = [segment.name for segment in service.list_segments(ctx)]
        assert names == ["Particulier", "Bedrijf", "Groothandel"]
        bedrijf = service.segment_named(ctx, "Bedrijf")
        service.set_customer_segment(ctx, customer_id, bedrijf.id)
        with pytest.raises(service.PricingError, match="used by 1 customer"):
            service.delete_segment(ctx, bedrijf.id)
        with pytest.raises(service.PricingError, match="exists already"):
            service.create_segment(ctx, " bedrijf ")
        service.delete_segment(ctx, service.segment_named(ctx, "Particulier").id)
    facturo_app.addon_manager.switch_off(wholesaler.id, "tiered_pricing")
    facturo_app.addon_manager.switch_on(wholesaler.id, "tiered_pricing")
    with in_tenant() as ctx:
        assert [s.name for s in service.list_segments(ctx)] == ["Bedrijf", "Groothandel"]


def test_bad_breaks_are_refused_and_change_nothing(facturo_app, in_tenant, product_id):
    with in_tenant() as ctx:
        service.set_breaks(ctx, product_id, None, {1: "11"})
        for bad in ({1: "-2"}, {"ten": "9"}, [(1, "9"), ("1.0", "8")]):
            with pytest.raises(service.PricingError):
                service.set_breaks(ctx, product_id, None, bad)
        assert service.breaks_of(ctx, product_id) == {None: [(Decimal("1"), Decimal("11"))]}
