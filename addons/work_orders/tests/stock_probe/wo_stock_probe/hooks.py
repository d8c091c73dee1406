"""Keeps what `work_order_materials_used` announces, as a stock addon would book it."""

from __future__ import annotations

from typing import Any

from core.api import hookimpl

MOVES: list[tuple[int, int, int, str]] = []


@hookimpl
def work_order_materials_used(ctx: Any, work_order_id: int, lines: Any) -> None:
    """One move per line: (tenant, order, product, quantity as text)."""
    MOVES.extend((ctx.tenant_id, work_order_id, line.product_id, str(line.quantity))
                 for line in lines)
