"""What refers to a contact: the (table, column) pairs a merge moves and a deletion checks.

Core adds `documents.customer_id`; another module or addon appends its own, e.g.
`MERGE_REFERENCES.append(("deposits_balances", "contact_id"))`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlalchemy import Column, Table, func, select

from core.contacts.errors import ContactError
from core.db.base import Base

if TYPE_CHECKING:
    from core.context import Context

MERGE_REFERENCES: list[tuple[str, str]] = [("documents", "customer_id")]


def references() -> Iterator[tuple[str, Table, Column[int]]]:
    """(label, table, column) of every reference to a contact that exists right now."""
    for table_name, column_name in MERGE_REFERENCES:
        table = Base.metadata.tables.get(table_name)
        if table is None or column_name not in table.c:
            continue
        if "tenant_id" not in table.c:
            raise ContactError(f"{table_name} has no tenant_id column: it cannot be merged")
        yield f"{table_name}.{column_name}", table, table.c[column_name]


def reference_counts(ctx: Context, contact_id: int) -> dict[str, int]:
    """How many rows of each referencing table point at a contact."""
    counts = {}
    for label, table, column in references():
        counts[label] = ctx.session.scalar(
            select(func.count()).select_from(table).where(
                table.c.tenant_id == ctx.tenant_id, column == contact_id
            )
        ) or 0
    return counts
