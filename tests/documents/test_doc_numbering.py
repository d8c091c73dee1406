"""The numbering engine: patterns, yearly restart, fiscal years, "set next number", isolation."""

from __future__ import annotations

from datetime import date

import pytest

from core.numbering.patterns import PatternError, render, uses_year, validate_pattern
from core.numbering.service import (
    fiscal_year,
    number_block,
    preview,
    set_next_number,
    set_pattern,
    set_year_start,
    take_number,
)


def test_patterns_render_year_month_and_padded_counter():
    on = date(2026, 4, 9)
    assert render("F%Y(4)", 1, on) == "F20260001"
    assert render("%y%m-(3)", 7, on) == "2604-007"
    assert render("C(5)", 1, on) == "C00001"
    assert render("PK-(3)", 1234, on) == "PK-1234"  # padding never truncates
    assert render("100%%-(2)", 5, on) == "100%-05"


@pytest.mark.parametrize("pattern", ["F%Y", "F(4)(4)", "F%d(4)", "F%(4)", "F(4)%"])
def test_bad_patterns_are_refused(pattern):
    with pytest.raises(PatternError):
        validate_pattern(pattern)


def test_literal_percent_is_not_a_tag():
    assert validate_pattern("%%d(3)") == "%%d(3)"
    assert not uses_year("%%Y(3)")
    assert uses_year("F%y(3)")


def test_fiscal_year_is_named_after_the_year_it_starts_in():
    assert fiscal_year(date(2026, 6, 30), "07-01") == 2025
    assert fiscal_year(date(2026, 7, 1), "07-01") == 2026
    assert fiscal_year(date(2026, 1, 1)) == 2026
    with pytest.raises(ValueError, match="fiscal year start"):
        fiscal_year(date(2026, 1, 1), "02-30")


def test_invoice_numbers_restart_each_calendar_year(app, tenant_id):
    with app.tenant_context(tenant_id) as ctx:
        s = ctx.session
        assert take_number(s, "invoice", date(2026, 12, 30)) == ("F20260001", 1)
        assert take_number(s, "invoice", date(2026, 12, 31)) == ("F20260002", 2)
        assert take_number(s, "invoice", date(2027, 1, 1)) == ("F20270001", 1)
        assert preview(s, "invoice", date(2026, 12, 31)) == "F20260003"


def test_fiscal_year_start_restarts_the_counter_and_names_the_year(app, tenant_id):
    with app.tenant_context(tenant_id) as ctx:
        s = ctx.session
        set_year_start(s, "invoice", "07-01")
        assert take_number(s, "invoice", date(2026, 6, 30))[0] == "F20250001"
        assert take_number(s, "invoice", date(2026, 7, 1))[0] == "F20260001"
        assert take_number(s, "invoice", date(2027, 6, 30))[0] == "F20260002"
        assert take_number(s, "invoice", date(2027, 7, 1))[0] == "F20270001"
        with pytest.raises(ValueError):
            set_year_start(s, "invoice", "13-01")


def test_a_block_follows_each_fiscal_year_and_renders_each_date(app, tenant_id):
    with app.tenant_context(tenant_id) as ctx:
        s = ctx.session
        set_pattern(s, "work", "W%Y%m-(3)")
        set_year_start(s, "work", "07-01")
        assert take_number(s, "work", date(2026, 6, 1))[0] == "W202506-001"
        dates = [date(2026, 6, 2), date(2026, 6, 30), date(2026, 7, 1), date(2026, 8, 3)]
        assert number_block(s, "work", dates) == [
            ("W202506-002", 2), ("W202506-003", 3), ("W202607-001", 1), ("W202608-002", 2)
        ]
        assert take_number(s, "work", date(2026, 8, 4))[0] == "W202608-003"
        assert number_block(s, "work", []) == []
        assert number_block(s, "invoice", [date(2026, 1, 5)] * 2) == [
            ("F20260001", 1), ("F20260002", 2)
        ]


def test_set_next_number_continues_after_the_last_paper_invoice(app, tenant_id):
    on = date(2026, 3, 1)
    with app.tenant_context(tenant_id) as ctx:
        set_next_number(ctx.session, "invoice", 116, on)  # the last paper invoice was 115
        assert preview(ctx.session, "invoice", on) == "F20260116"
        assert take_number(ctx.session, "invoice", on) == ("F20260116", 116)
        assert take_number(ctx.session, "invoice", on) == ("F20260117", 117)
        with pytest.raises(ValueError, match="already given"):
            set_next_number(ctx.session, "invoice", 117, on)
        with pytest.raises(ValueError):
            set_next_number(ctx.session, "invoice", 0, on)


def test_set_next_number_sees_numbers_taken_in_the_same_session(app, tenant_id):
    on = date(2026, 3, 1)
    with app.tenant_context(tenant_id) as ctx:
        for _ in range(3):
            take_number(ctx.session, "invoice", on)
        with pytest.raises(ValueError, match="already given"):
            set_next_number(ctx.session, "invoice", 2, on)
        assert take_number(ctx.session, "invoice", on)[1] == 4


def test_a_pattern_change_never_renumbers_and_non_yearly_keeps_counting(app, tenant_id):
    with app.tenant_context(tenant_id) as ctx:
        s = ctx.session
        set_pattern(s, "work", "W(3)")
        assert take_number(s, "work", date(2026, 12, 31))[0] == "W001"
        assert take_number(s, "work", date(2027, 1, 1))[0] == "W002"  # no year: no restart
        set_pattern(s, "work", "WO-(4)")
        assert take_number(s, "work", date(2027, 1, 2))[0] == "WO-0003"


def test_counters_are_per_tenant(app, tenant_id):
    from core.tenants.service import create_tenant

    other = create_tenant(app, "Other").id
    on = date(2026, 5, 5)
    with app.tenant_context(tenant_id) as ctx:
        take_number(ctx.session, "invoice", on)
        take_number(ctx.session, "invoice", on)
    with app.tenant_context(other) as ctx:
        assert take_number(ctx.session, "invoice", on)[0] == "F20260001"
    with app.tenant_context(tenant_id) as ctx:
        assert take_number(ctx.session, "invoice", on)[0] == "F20260003"


def test_a_rolled_back_transaction_gives_its_number_back(app, tenant_id):
    on = date(2026, 5, 5)
    with pytest.raises(RuntimeError), app.tenant_context(tenant_id) as ctx:
        take_number(ctx.session, "invoice", on)
        raise RuntimeError("posting failed")
    with app.tenant_context(tenant_id) as ctx:
        assert take_number(ctx.session, "invoice", on)[0] == "F20260001"
