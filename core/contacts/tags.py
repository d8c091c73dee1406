"""Tags on contacts: a tenant's labels, put on contacts to group and filter them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import delete, insert, select

from core.contacts.errors import NotFound, ValidationError, require_write
from core.contacts.models import ContactTag, Tag
from core.context import Context
from core.db.tenancy import tenant_param, tenant_rows
from core.i18n import _


def clean_tag_names(names: Iterable[str] | str) -> list[str]:
    """Distinct, stripped tag names; a string is split on commas."""
    if isinstance(names, str):
        names = names.split(",")
    seen: dict[str, str] = {}
    for name in names:
        text = " ".join(str(name).split())
        if len(text) > 60:
            raise ValidationError({"tags": _("a tag has at most 60 characters")})
        if text and text.lower() not in seen:
            seen[text.lower()] = text
    return list(seen.values())


def list_tags(ctx: Context) -> list[Tag]:
    """The tenant's tags by name."""
    return list(ctx.session.scalars(select(Tag).order_by(Tag.name)))


_TAG_NAMES = select(Tag.name).where(Tag.tenant_id == tenant_param()).order_by(Tag.name)


def tag_names(ctx: Context) -> list[str]:
    """The names of the tenant's tags, sorted (what a filter offers)."""
    return tenant_rows(ctx.session, _TAG_NAMES).scalars().all()


def ensure_tags(ctx: Context, names: Iterable[str]) -> dict[str, Tag]:
    """The tags of these names (case-insensitively), created when missing; keyed by lower name."""
    wanted = clean_tag_names(names)
    if not wanted:
        return {}
    found = {t.name.lower(): t for t in list_tags(ctx)}
    for name in wanted:
        if name.lower() not in found:
            tag = Tag(name=name)
            ctx.session.add(tag)
            found[name.lower()] = tag
    ctx.session.flush()
    return {name.lower(): found[name.lower()] for name in wanted}


def set_tags(ctx: Context, contact_id: int, names: Iterable[str] | str) -> list[Tag]:
    """Make the contact carry exactly these tags (created when new)."""
    require_write(ctx)
    tags = list(ensure_tags(ctx, clean_tag_names(names)).values())
    ctx.session.execute(
        delete(ContactTag)
        .where(ContactTag.contact_id == contact_id)
        .execution_options(synchronize_session=False)
    )
    if tags:
        ctx.session.execute(
            insert(ContactTag),
            [{"tenant_id": ctx.tenant_id, "contact_id": contact_id, "tag_id": t.id} for t in tags],
        )
    return tags


def tags_by_contact(ctx: Context, contact_ids: Iterable[int]) -> dict[int, list[str]]:
    """The tag names of each of these contacts, sorted."""
    ids = list(contact_ids)
    result: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        rows = ctx.session.execute(
            select(ContactTag.contact_id, Tag.name)
            .join(Tag, Tag.id == ContactTag.tag_id)
            .where(ContactTag.contact_id.in_(ids[start : start + 500]))
            .order_by(Tag.name)
        )
        for contact_id, name in rows:
            result[contact_id].append(name)
    return dict(result)


def rename_tag(ctx: Context, tag_id: int, name: str) -> Tag:
    """Give a tag another name."""
    require_write(ctx)
    tag = ctx.session.get(Tag, tag_id)
    if tag is None:
        raise NotFound(_("This tag does not exist."))
    names = clean_tag_names([name])
    if not names:
        raise ValidationError({"name": _("a name is required")})
    clash = ctx.session.scalar(select(Tag.id).where(Tag.name == names[0], Tag.id != tag_id))
    if clash is not None:
        raise ValidationError({"name": _("a tag with this name exists already")})
    tag.name = names[0]
    return tag


def delete_tag(ctx: Context, tag_id: int) -> None:
    """Remove a tag from every contact and from the tenant."""
    require_write(ctx)
    ctx.session.execute(
        delete(ContactTag)
        .where(ContactTag.tag_id == tag_id)
        .execution_options(synchronize_session=False)
    )
    ctx.session.execute(
        delete(Tag).where(Tag.id == tag_id).execution_options(synchronize_session=False)
    )
