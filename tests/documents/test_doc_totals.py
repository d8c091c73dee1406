"""Totals per EN 16931: hand-computed examples and properties."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from core.documents.totals import LineAmount, cents, document_totals, line_net, vat_breakdown


def amount(net: str, rate: str, category: str = "S") -> LineAmount:
    return LineAmount(D(net), D(rate), category)


def test_line_net_is_quantity_times_price_less_discount_rounded_half_up():
    assert line_net(D("3"), D("12.50")) == D("37.50")
    assert line_net(D("2"), D("19.99"), D("15")) == D("33.98")  # 33.983
    assert line_net(D("1"), D("0.125")) == D("0.13")  # a half cent goes up
    assert line_net(D("-1"), D("0.125")) == D("-0.13")  # and away from zero when negative
    assert line_net(D("1.5"), D("3.333333")) == D("5.00")
    assert line_net(D("4"), D("10"), D("100")) == D("0.00")


def test_invoice_at_21_12_and_6_percent_with_a_discount():
    lines = [
        amount(str(line_net(D("3"), D("12.50"))), "21"),  # 37.50
        amount(str(line_net(D("2"), D("19.99"), D("15"))), "6"),  # 33.98
        amount(str(line_net(D("1"), D("100.00"))), "12"),  # 100.00
        amount(str(line_net(D("7"), D("1.15"))), "21"),  # 8.05
    ]
    totals = document_totals(lines)
    by_rate = {group.rate: group for group in totals.breakdown}
    assert by_rate[D("21")].base == D("45.55") and by_rate[D("21")].vat == D("9.57")  # 9.5655
    assert by_rate[D("12")].base == D("100.00") and by_rate[D("12")].vat == D("12.00")
    assert by_rate[D("6")].base == D("33.98") and by_rate[D("6")].vat == D("2.04")  # 2.0388
    assert (totals.excl_vat, totals.vat, totals.incl_vat) == (
        D("179.53"), D("23.61"), D("203.14")
    )
    assert [group.rate for group in totals.breakdown] == [D("21"), D("12"), D("6")]


def test_vat_is_rounded_per_rate_not_per_line():
    lines = [amount("0.35", "21")] * 3
    # per line 0.0735 would round to 0.07 three times (0.21); per rate 1.05 × 21 % = 0.2205
    assert document_totals(lines).vat == D("0.22")


def test_zero_rated_categories_are_separate_groups_without_vat():
    totals = document_totals([amount("100", "0", "AE"), amount("50", "0", "Z")])
    assert {(g.category, g.base, g.vat) for g in totals.breakdown} == {
        ("AE", D("100.00"), D("0.00")), ("Z", D("50.00"), D("0.00"))
    }
    assert totals.incl_vat == D("150.00")


quantities = st.decimals(min_value=D("-50"), max_value=D("500"), places=4)
prices = st.decimals(min_value=D("0"), max_value=D("10000"), places=6)
discounts = st.decimals(min_value=D("0"), max_value=D("100"), places=2)
rates = st.sampled_from([D("21"), D("12"), D("6"), D("0")])


@given(st.lists(st.tuples(quantities, prices, discounts, rates), min_size=1, max_size=20))
def test_total_is_the_sum_of_line_nets_plus_the_vat_per_rate(raw):
    lines = [
        LineAmount(line_net(q, p, d), r, "S" if r else "Z") for q, p, d, r in raw
    ]
    totals = document_totals(lines)
    groups = vat_breakdown(lines)
    assert totals.excl_vat == sum((line.net for line in lines), D("0"))
    assert totals.incl_vat == totals.excl_vat + sum((g.vat for g in groups), D("0"))
    for group in groups:
        base = sum((line.net for line in lines if line.vat_rate == group.rate), D("0"))
        assert group.base == base
        assert group.vat == cents(base * group.rate / 100)
    for value in (totals.excl_vat, totals.vat, totals.incl_vat):
        assert value == cents(value)


def test_a_negative_line_without_vat_gives_no_negative_zero():
    """A credit note of returned empties only: its VAT is 0,00, never "-0,00" on the PDF."""
    found = document_totals([LineAmount(D("-5.00"), D(0), "O"),
                             LineAmount(D("-0.00"), D(21), "S")])
    assert not found.vat.is_signed() and found.vat == D("0.00")
    assert all(not group.vat.is_signed() for group in found.breakdown)
