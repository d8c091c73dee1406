"""Records `deposit_moved` calls in `MOVED`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core import hookimpl

MOVED: list[tuple[str, str, Decimal]] = []


@hookimpl
def deposit_moved(ctx: Any, document: Any, article: Any, quantity: Decimal) -> None:
    """Remember (document number, article name, quantity)."""
    MOVED.append((document.number, article.product.name, quantity))
