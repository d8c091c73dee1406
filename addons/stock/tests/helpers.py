"""Helpers of the stock tests: document lines and posted documents."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import create_document


def line(product_id: int, quantity: object = 1, unit: str | None = None) -> LineData:
    """A product line as a user adds it."""
    return LineData(line_type="product", product_id=product_id,
                    quantity=Decimal(str(quantity)), unit=unit or "")


def post(ctx: Any, kind: str, customer_id: int, lines: Iterable[LineData]) -> Any:
    """A posted document of a kind."""
    return post_document(ctx, create_document(ctx, kind, customer_id, lines=list(lines)))
