"""Stock value at weighted average cost on a date, and the exports."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from addons.stock import incoming, service
from addons.stock.valuation import moves_file, total_value, valuation, valuation_file


def test_stock_is_valued_at_weighted_average_cost_on_a_date(in_tenant, screws):
    with in_tenant() as ctx:
        incoming.receive(ctx, "Würth", date(2026, 1, 10), [(screws, Decimal(100), Decimal("0.10"))])
        service.correct(ctx, screws, Decimal(-50), "Sold at the counter")  # today
        incoming.receive(ctx, "Würth", date(2026, 2, 10), [(screws, Decimal(100), Decimal("0.16"))])
        (january,) = valuation(ctx, date(2026, 1, 31))
        assert (january.quantity, january.average_cost, january.value) == (
            Decimal(100), Decimal("0.10"), Decimal("10.00"))
        (february,) = valuation(ctx, date(2026, 2, 28))
        assert (february.quantity, february.average_cost, february.value) == (
            Decimal(200), Decimal("0.13"), Decimal("26.00"))
        (now,) = valuation(ctx, date.today())
        assert (now.quantity, now.value) == (Decimal(150), Decimal("19.50"))
        assert total_value(valuation(ctx, date.today())) == Decimal("19.50")


def test_moves_and_valuation_export_to_csv_and_xlsx(in_tenant, screws):
    with in_tenant() as ctx:
        incoming.receive(ctx, "Würth", date(2026, 1, 10), [(screws, Decimal(8), Decimal("0.25"))])
        data, _content_type, extension = valuation_file(ctx, date(2026, 1, 31), "csv")
        text = data.decode("utf-8-sig")
        assert extension == ".csv" and "Screws M6" in text and "2.00" in text
        data, _, extension = valuation_file(ctx, date(2026, 1, 31), "xlsx")
        sheet = load_workbook(io.BytesIO(data)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert rows[0][:2] == ["Code", "Product"] and rows[-1][1] == "Total"
        data, _, _ = moves_file(ctx, "csv")
        assert "receipt" in data.decode("utf-8-sig")
