"""Discounts on a whole document: EN 16931 allowances per VAT rate, the customer's general
and financial discounts, credit notes of a discounted invoice."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from document_helpers import add_customer
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core.documents import discounts
from core.documents.credit import create_credit_note
from core.documents.errors import DocumentError, DocumentLocked
from core.documents.lines import LineData, add_line
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import create_document, update_document
from core.documents.totals import AllowanceSpec, LineAmount, document_totals


def amount(net: str, rate: str, category: str = "S") -> LineAmount:
    return LineAmount(D(net), D(rate), category)


MIXED = [amount("120.00", "21"), amount("33.98", "6"), amount("100.00", "12")]


def test_a_percentage_allowance_is_split_per_rate_with_its_base():
    totals = document_totals(MIXED, [AllowanceSpec("Korting", percent=D("5"))])
    split = {a.rate: (a.base, a.percent, a.amount, a.category) for a in totals.allowances}
    assert split == {
        D("21.00"): (D("120.00"), D("5"), D("6.00"), "S"),
        D("12.00"): (D("100.00"), D("5"), D("5.00"), "S"),
        D("6.00"): (D("33.98"), D("5"), D("1.70"), "S"),  # 1.699
    }
    assert (totals.line_total, totals.allowance_total, totals.excl_vat) == (
        D("253.98"), D("12.70"), D("241.28"))
    by_rate = {g.rate: (g.base, g.vat) for g in totals.breakdown}
    assert by_rate == {
        D("21.00"): (D("114.00"), D("23.94")),
        D("12.00"): (D("95.00"), D("11.40")),
        D("6.00"): (D("32.28"), D("1.94")),  # 1.9368
    }
    assert (totals.vat, totals.incl_vat) == (D("37.28"), D("278.56"))


def test_rounding_of_allowances_and_vat_goes_half_up_per_rate():
    totals = document_totals([amount("10.10", "21"), amount("0.10", "6")],
                             [AllowanceSpec("Korting", percent=D("2.5"))])
    assert [a.amount for a in totals.allowances] == [D("0.25"), D("0.00")][:1]  # 0.2525
    # 0.10 × 2.5 % = 0.0025 rounds to nothing: no allowance of zero is written
    assert {g.rate: g.vat for g in totals.breakdown} == {D("21.00"): D("2.07"), D("6.00"):
                                                           D("0.01")}  # 9.85×21 % = 2.0685
    half = document_totals([amount("0.10", "21")], [AllowanceSpec("K", percent=D("5"))])
    assert half.allowances[0].amount == D("0.01")  # 0.005 goes up


def test_a_fixed_amount_over_several_rates_is_shared_pro_rata_to_the_cent():
    totals = document_totals([amount("100", "21"), amount("50", "6")],
                             [AllowanceSpec("Korting", amount=D("10"))])
    assert [(a.rate, a.amount) for a in totals.allowances] == [
        (D("21.00"), D("6.67")), (D("6.00"), D("3.33"))]
    three = document_totals([amount("1", "21"), amount("1", "12"), amount("1", "6")],
                            [AllowanceSpec("Korting", amount=D("10.00"))])
    assert [a.amount for a in three.allowances] == [D("3.34"), D("3.33"), D("3.33")]
    assert three.allowance_total == D("10.00")


def test_the_financial_discount_lowers_the_vat_base_not_the_total_without_it():
    totals = document_totals([amount("1000.00", "21")], (), D("2"))
    group = totals.breakdown[0]
    assert (group.base, group.cash_discount, group.vat) == (D("980.00"), D("20.00"), D("205.80"))
    assert (totals.excl_vat, totals.vat, totals.incl_vat) == (
        D("1000.00"), D("205.80"), D("1205.80"))
    assert (totals.cash_discount, totals.incl_vat_with_cash_discount) == (
        D("20.00"), D("1185.80"))
    mixed = document_totals([amount("100.00", "21"), amount("50.00", "0", "Z")], (), D("2"))
    assert [(g.base, g.cash_discount, g.vat) for g in mixed.breakdown] == [
        (D("98.00"), D("2.00"), D("20.58")), (D("50.00"), D("0.00"), D("0.00"))]
    assert (mixed.cash_discount, mixed.incl_vat, mixed.incl_vat_with_cash_discount) == (
        D("3.00"), D("170.58"), D("167.58"))  # the discount is offered on the 0 % part too


def test_lines_an_app_adds_are_left_out_of_a_percentage_allowance():
    deposit = LineAmount(D("10.00"), D("21"), "S", discountable=False)
    totals = document_totals([amount("100.00", "21"), deposit],
                             [AllowanceSpec("K", percent=D("10"))])
    assert [(a.base, a.amount) for a in totals.allowances] == [(D("100.00"), D("10.00"))]
    assert totals.excl_vat == D("100.00")


cents = st.decimals(min_value=D("-500"), max_value=D("5000"), places=2)
rates = st.sampled_from([D("0"), D("6"), D("12"), D("21")])


@given(st.lists(st.tuples(cents, rates), min_size=1, max_size=8),
       st.decimals(min_value=D("0.01"), max_value=D("100"), places=2),
       st.decimals(min_value=D("0"), max_value=D("500"), places=2),
       st.decimals(min_value=D("0"), max_value=D("10"), places=2))
def test_totals_follow_the_en16931_equations(lines, percent, fixed, cash):
    items = [LineAmount(net, rate, "S" if rate else "Z") for net, rate in lines]
    totals = document_totals(items, [AllowanceSpec("a", percent=percent),
                                     AllowanceSpec("b", amount=fixed)], cash)
    assert totals.line_total == sum((i.net for i in items), D(0))  # BR-CO-10
    assert totals.allowance_total == sum((a.amount for a in totals.allowances), D(0))  # CO-11
    assert totals.excl_vat == totals.line_total - totals.allowance_total  # BR-CO-13
    assert sum((g.base + g.cash_discount for g in totals.breakdown), D(0)) == totals.excl_vat
    for group in totals.breakdown:  # BR-CO-17 and BR-S-08
        assert group.vat == (group.base * group.rate / 100).quantize(D("0.01"), "ROUND_HALF_UP")
        nets = sum((i.net for i in items if i.vat_rate == group.rate), D(0))
        taken = sum((a.amount for a in totals.allowances if a.rate == group.rate), D(0))
        assert group.base + group.cash_discount == nets - taken
    assert totals.vat == sum((g.vat for g in totals.breakdown), D(0))  # BR-CO-14
    assert totals.incl_vat == totals.excl_vat + totals.vat  # BR-CO-15
    for allowance in totals.allowances:
        if allowance.percent is not None:  # PEPPOL-EN16931-R040
            assert allowance.amount == (allowance.base * allowance.percent / 100).quantize(
                D("0.01"), "ROUND_HALF_UP")


# --- On documents ------------------------------------------------------------------------------

LINES = [
    LineData(description="Verf", quantity=4, unit_price="30.00", vat_rate=21),  # 120.00
    LineData(description="Boek", quantity=2, unit_price="16.99", vat_rate=6),  # 33.98
    LineData(description="Maaltijd", quantity=1, unit_price="100.00", vat_rate=12),
]


def test_a_draft_with_a_percentage_allowance_stores_en16931_totals(app, tenant_id,
                                                                   customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        doc = create_document(ctx, "invoice", customer_id, lines=LINES)
        assert doc.total_excl_vat == D("253.98")
        discounts.add_allowance(ctx, doc, reason="Trouwe klant", percent="5")
        assert (doc.total_excl_vat, doc.total_vat, doc.total_incl_vat) == (
            D("241.28"), D("37.28"), D("278.56"))
        fixed = discounts.add_allowance(ctx, doc, amount="10")
        assert fixed.reason == "Korting"  # in the document's language
        assert doc.total_excl_vat == D("231.28")
        add_line(ctx, doc, description="Extra", quantity=1, unit_price="20", vat_rate=21)
        assert doc.total_excl_vat == D("250.28")  # 274.0 − 5 % (13.70) − 10
        discounts.remove_allowance(ctx, doc, fixed.id)
        post_document(ctx, doc)
        doc_id = doc.id
    with app.tenant_context(tenant_id) as ctx:
        stored = ctx.session.get(Document, doc_id)
        assert [(a.reason, a.percent) for a in stored.allowances] == [("Trouwe klant", D("5"))]
        assert stored.total_excl_vat == D("260.28")
        assert discounts.totals_of(stored).allowance_total == D("13.70")


def test_bad_discounts_are_refused_with_a_reason(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        doc = create_document(ctx, "invoice", customer_id, lines=LINES)
        for kwargs, message in [
            ({"percent": "150"}, "percentage"), ({"percent": "0"}, "percentage"),
            ({"amount": "-3"}, "above 0"), ({"percent": "5", "amount": "3"}, "either"),
            ({}, "either"), ({"percent": "vijf"}, "not a number"),
        ]:
            with pytest.raises(DocumentError, match=message):
                discounts.add_allowance(ctx, doc, **kwargs)
        with pytest.raises(DocumentError, match="days"):
            discounts.set_cash_discount(ctx, doc, "2", days="-1")
        assert doc.allowances == [] and doc.total_excl_vat == D("253.98")


def test_the_customers_general_and_financial_discount_apply_and_follow_the_customer(
        app, tenant_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        loyal = add_customer(ctx, "Trouw BV", general_discount=D("10"),
                             financial_discount=D("2"))
        plain = add_customer(ctx, "Gewoon NV", general_discount=D("5"))
        doc = create_document(ctx, "invoice", loyal.id, lines=[
            LineData(description="Werk", quantity=10, unit_price="100", vat_rate=21)])
        general = discounts.allowances_of(doc)
        assert [(a.origin, a.percent, a.reason) for a in general] == [
            ("customer", D("10"), "Algemene korting")]
        cash = discounts.cash_discount_of(doc)
        assert (cash.percent, cash.days, cash.reason) == (
            D("2"), 8, "Korting bij betaling binnen 8 dagen")
        # 1000 − 10 % = 900; VAT on 900 − 2 % = 882: 185.22; due 1085.22, in time 1067.22
        assert (doc.total_excl_vat, doc.total_vat, doc.total_incl_vat) == (
            D("900.00"), D("185.22"), D("1085.22"))
        assert discounts.totals_of(doc).incl_vat_with_cash_discount == D("1067.22")
        manual = discounts.add_allowance(ctx, doc, reason="Actie", amount="50")
        update_document(ctx, doc, customer=plain.id)
        assert [(a.origin, a.percent, a.amount) for a in discounts.allowances_of(doc)] == [
            ("customer", D("5"), None), ("manual", None, D("50.00"))]
        assert discounts.cash_discount_of(doc) is None
        assert doc.total_excl_vat == D("900.00")  # 1000 − 50 − 50
        discounts.update_allowance(ctx, doc, discounts.allowances_of(doc)[0], percent="7.5")
        assert doc.total_excl_vat == D("875.00")
        update_document(ctx, doc, customer=loyal.id)  # back: the customer's 10 % and 2 %
        assert [(a.origin, a.percent) for a in doc.allowances] == [
            ("customer", D("10")), ("manual", None), ("customer", D("2"))]
        assert doc.total_excl_vat == D("850.00")
        assert manual in doc.allowances
        quote_free = create_document(ctx, "invoice", plain.id, lines=[
            LineData(description="Werk", quantity=1, unit_price="100", vat_rate=21)])
        discounts.remove_allowance(ctx, quote_free, discounts.allowances_of(quote_free)[0])
        assert quote_free.total_excl_vat == D("100.00")


def test_a_discount_of_another_document_or_tenant_is_refused(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        first = create_document(ctx, "invoice", customer_id, lines=LINES)
        other = create_document(ctx, "invoice", customer_id, lines=LINES)
        foreign = discounts.add_allowance(ctx, other, percent="3")
        ctx.session.flush()
        with pytest.raises(DocumentError, match="does not belong"):
            discounts.remove_allowance(ctx, first, foreign.id)
        with pytest.raises(DocumentError, match="does not belong"):
            discounts.update_allowance(ctx, first, foreign.id, percent="50")
        assert foreign.percent == D("3")


def test_a_posted_documents_discounts_are_frozen(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        doc = create_document(ctx, "invoice", customer_id, lines=LINES)
        allowance = discounts.add_allowance(ctx, doc, percent="5")
        post_document(ctx, doc)
        with pytest.raises(DocumentLocked):
            discounts.remove_allowance(ctx, doc, allowance)
        with pytest.raises(DocumentLocked):
            discounts.add_allowance(ctx, doc, percent="1")
        doc_id = doc.id
    for statement in [
        "UPDATE document_allowances SET percent = 50 WHERE document_id = :id",
        "DELETE FROM document_allowances WHERE document_id = :id",
        "INSERT INTO document_allowances (tenant_id, document_id, position, kind, origin, reason,"
        " reason_code, percent) SELECT tenant_id, id, 9, 'allowance', 'manual', 'x', '95', 50"
        " FROM documents WHERE id = :id",
    ]:
        with pytest.raises(DBAPIError, match="posted document"), \
                app.db.session(tenant_id) as session:
            session.execute(text(statement), {"id": doc_id})


def test_credit_notes_of_a_discounted_invoice_carry_its_discounts(app, tenant_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        customer = add_customer(ctx, "Trouw BV", general_discount=D("10"),
                                financial_discount=D("2"))
        invoice = create_document(ctx, "invoice", customer.id, lines=LINES)
        discounts.add_allowance(ctx, invoice, reason="Actie", amount="20")
        post_document(ctx, invoice)
        line = invoice.lines[0]  # 120.00 of a discountable total of 253.98
        partial = create_credit_note(ctx, invoice, {line.id: 2})  # 60.00
        kept = [(a.kind, a.percent, a.amount) for a in partial.allowances]
        assert kept == [("allowance", D("10.00"), None), ("cash_discount", D("2.00"), None),
                        ("allowance", None, D("4.72"))]  # 20 × 60 / 253.98 = 4.724
        # 60 − 6 − 4.72 = 49.28; VAT on 49.28 − 0.99 = 48.29 at 21 %: 10.14
        assert (partial.total_excl_vat, partial.total_vat) == (D("49.28"), D("10.14"))
        ctx.session.delete(partial)
        ctx.session.flush()
        full = create_credit_note(ctx, invoice)
        post_document(ctx, full)
        assert (full.total_excl_vat, full.total_vat, full.total_incl_vat) == (
            invoice.total_excl_vat, invoice.total_vat, invoice.total_incl_vat)
        assert (invoice.state, invoice.open_amount) == ("credited", D("0.00"))


def test_a_converted_document_keeps_its_discounts_and_a_new_customer_replaces_the_customers(
        app, addon_tenant_id):
    from core.documents.convert import convert

    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        loyal = add_customer(ctx, "Trouw BV", general_discount=D("10"),
                             financial_discount=D("3"))
        other = add_customer(ctx, "Ander BV", general_discount=D("4"))
        quote = create_document(ctx, "quote", loyal.id, lines=LINES)
        assert discounts.cash_discount_of(quote) is None  # a quote asks no payment
        discounts.add_allowance(ctx, quote, reason="Actie", amount="5")
        invoice = convert(ctx, quote, "invoice")
        assert [(a.kind, a.origin, a.percent, a.amount) for a in invoice.allowances] == [
            ("allowance", "customer", D("10.00"), None), ("allowance", "manual", None,
                                                          D("5.00")),
            ("cash_discount", "customer", D("3.00"), None)]
        update_document(ctx, invoice, customer=other.id)
        assert [(a.origin, a.percent) for a in invoice.allowances] == [
            ("customer", D("4")), ("manual", None)]


def test_a_batch_applies_each_customers_discounts(app, tenant_id):
    from core.documents.batch import NewDocument, create_and_post_many

    with app.tenant_context(tenant_id, write=True) as ctx:
        loyal = add_customer(ctx, "Trouw BV", general_discount=D("10"),
                             financial_discount=D("2"))
        plain = add_customer(ctx, "Gewoon NV")
        line = [LineData(description="Abonnement", quantity=1, unit_price="100", vat_rate=21)]
        first, second = create_and_post_many(ctx, "invoice", [
            NewDocument(loyal.id, line), NewDocument(plain.id, line)])
        ids = first.id, second.id
    with app.tenant_context(tenant_id) as ctx:
        first, second = (ctx.session.get(Document, doc_id) for doc_id in ids)
        # 100 − 10 % = 90; VAT on 88.20: 18.52
        assert (first.total_excl_vat, first.total_vat, len(first.allowances)) == (
            D("90.00"), D("18.52"), 2)
        assert (second.total_excl_vat, second.total_vat, second.allowances) == (
            D("100.00"), D("21.00"), [])
