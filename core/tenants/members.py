"""The people of a tenant: its members, as addons read them (to plan or assign work)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from core.tenants.models import Membership, User

if TYPE_CHECKING:
    from core.context import Context


@dataclass(frozen=True)
class Member:
    """A user of the tenant: id, the name shown (the e-mail address when unnamed), e-mail."""

    user_id: int
    name: str
    email: str


def tenant_members(ctx: Context) -> list[Member]:
    """The tenant's active users, by name."""
    rows = ctx.session.execute(
        select(User.id, User.name, User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.tenant_id == ctx.tenant_id, User.is_active.is_(True))
    )
    found = [Member(user_id, name or email, email) for user_id, name, email in rows]
    return sorted(found, key=lambda member: (member.name.casefold(), member.user_id))
