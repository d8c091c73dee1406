"""Merging a duplicate contact into the one to keep. Irreversible.

What refers to the duplicate moves to the kept contact: every (table, column) in
`core.contacts.references.MERGE_REFERENCES` that exists in the metadata. Only that column
changes: a posted document keeps its frozen content.
Nothing is copied between the two contacts; the duplicate is archived with `merged_into_id`,
and the merge is written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update

from core.audit.service import record
from core.contacts.errors import ContactError, require_write
from core.contacts.models import Contact
from core.contacts.references import reference_counts, references
from core.contacts.service import get_contact
from core.context import Context
from core.documents.records import customer_record
from core.i18n import _


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
    ctx.call("contact_saved", contact=customer_record(source), created=False)
    return MergePlan(source, target, moved)
