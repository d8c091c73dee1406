"""Merging a duplicate contact into the one to keep. Irreversible.

What refers to the duplicate moves to the kept contact: every (table, column) in
`MERGE_REFERENCES` that exists in the metadata. Core adds `documents.customer_id`; another
module or addon appends its own, e.g. `MERGE_REFERENCES.append(("deposits_balances",
"contact_id"))`. Only that column changes: a posted document keeps its frozen content.
Nothing is copied between the two contacts; the duplicate is archived with `merged_into_id`,
and the merge is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Column, Table, func, select, update

from core.audit.service import record
from core.contacts.errors import ContactError, require_write
from core.contacts.models import Contact
from core.contacts.service import get_contact
from core.context import Context
from core.db.base import Base
from core.i18n import _

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


@dataclass(frozen=True)
class MergePlan:
    """What a merge would do: the duplicate, the contact kept, rows that would move."""

    source: Contact
    target: Contact
    moves: dict[str, int]


def plan_merge(ctx: Context, source_id: int, target_id: int) -> MergePlan:
    """Check a merge can be done and say what it would move (for the confirmation)."""
    if source_id == target_id:
        raise ContactError(_("Choose two different contacts to merge."))
    source, target = get_contact(ctx, source_id), get_contact(ctx, target_id)
    for contact in (source, target):
        if contact.merged_into_id is not None:
            raise ContactError(_("%(name)s was already merged into another contact.")
                               % {"name": contact.name})
    return MergePlan(source, target, reference_counts(ctx, source.id))


def merge_contacts(
    ctx: Context, source_id: int, target_id: int, *, confirmed: bool = False
) -> MergePlan:
    """Merge contact `source_id` into `target_id`; `confirmed` must be True (irreversible)."""
    require_write(ctx)
    plan = plan_merge(ctx, source_id, target_id)
    if not confirmed:
        raise ContactError(_("A merge cannot be undone: confirm it first."))
    ctx.session.flush()
    moved: dict[str, int] = {}
    for label, table, column in references():
        result = ctx.session.execute(
            update(table)
            .where(table.c.tenant_id == ctx.tenant_id, column == plan.source.id)
            .values({column.name: plan.target.id})
            .execution_options(synchronize_session=False)
        )
        moved[label] = result.rowcount
    ctx.session.expire_all()
    source, target = plan.source, plan.target
    source.archived = True
    source.merged_into_id = target.id
    ctx.session.flush()
    record(ctx, "contact.merged", "contact", source.id, {
        "into": target.id, "source_number": source.number, "source_name": source.name,
        "target_number": target.number, "target_name": target.name, "moved": moved,
    })
    ctx.call("contact_saved", contact=source, created=False)
    return MergePlan(source, target, moved)
