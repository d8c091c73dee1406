"""Creating tenants (optionally from a reseller bundle), users and memberships."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import select

from core.addons.dispatch import call_hook
from core.tenants.models import Membership, Role, Tenant, User
from core.tenants.passwords import hash_password, verify_password

if TYPE_CHECKING:
    from core.context import Kernel

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


class TenantError(ValueError):
    """A tenant or user request that cannot be carried out, with the reason."""


def slugify(name: str) -> str:
    """A URL-safe identifier made from a company name."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:63] or "tenant"


def create_tenant(
    app: Kernel, name: str, *, slug: str | None = None, bundle: str | None = None
) -> Tenant:
    """Create a tenant, switch on its bundle's addons (the default bundle if none is given)."""
    slug = slug or slugify(name)
    if not SLUG.match(slug):
        raise TenantError(f"{slug!r} is not a valid tenant identifier")
    bundle_id = bundle or app.registry.default_bundle
    chosen = app.registry.bundle(bundle_id) if bundle_id else None
    with app.db.session() as session:
        if session.scalar(select(Tenant.id).where(Tenant.slug == slug)) is not None:
            raise TenantError(f"a tenant {slug!r} exists already")
        tenant = Tenant(
            slug=slug,
            name=name,
            bundle=bundle_id,
            theme=chosen.theme if chosen else "default",
            language=chosen.language if chosen else "nl",
        )
        session.add(tenant)
    if chosen:
        for addon_id in app.catalogue.sorted_ids(chosen.addons):
            app.addon_manager.switch_on(tenant.id, addon_id, chosen.settings.get(addon_id))
    with app.tenant_context(tenant.id) as ctx:
        call_hook(ctx.hooks, "tenant_created", ctx=ctx)
    return tenant


def find_tenant(app: Kernel, slug_or_id: str | int) -> Tenant:
    """A tenant by slug or id, or a clear error."""
    with app.db.session() as session:
        if isinstance(slug_or_id, int) or str(slug_or_id).isdigit():
            tenant = session.get(Tenant, int(slug_or_id))
        else:
            tenant = session.scalars(select(Tenant).where(Tenant.slug == slug_or_id)).first()
    if tenant is None:
        raise TenantError(f"no tenant {slug_or_id!r}")
    return tenant


def create_user(
    app: Kernel, email: str, password: str, *, name: str = "", language: str = "nl"
) -> User:
    """A new user with an argon2 password hash."""
    email = email.strip().lower()
    if "@" not in email:
        raise TenantError(f"{email!r} is not an e-mail address")
    if len(password) < 8:
        raise TenantError("a password needs at least 8 characters")
    with app.db.session() as session:
        if session.scalar(select(User.id).where(User.email == email)) is not None:
            raise TenantError(f"a user {email!r} exists already")
        user = User(email=email, name=name, password_hash=hash_password(password),
                    language=language)
        session.add(user)
    return user


def add_member(app: Kernel, tenant_id: int, user_id: int, role: Role) -> Membership:
    """Give a user a role in a tenant (or change the role they have)."""
    with app.db.session() as session:
        membership = session.scalars(
            select(Membership).where(
                Membership.tenant_id == tenant_id, Membership.user_id == user_id
            )
        ).first()
        if membership is None:
            membership = Membership(tenant_id=tenant_id, user_id=user_id, role=role)
            session.add(membership)
        membership.role = role
    return membership


def authenticate(app: Kernel, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    with app.db.session() as session:
        user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    if user is None or not user.is_active:
        verify_password(_dummy_hash(), password)  # same work whether or not the user exists
        return None
    return user if verify_password(user.password_hash, password) else None


def memberships(app: Kernel, user_id: int) -> list[tuple[Tenant, Role]]:
    """The tenants a user belongs to, with the role in each."""
    with app.db.session() as session:
        rows = session.execute(
            select(Tenant, Membership.role)
            .join(Membership, Membership.tenant_id == Tenant.id)
            .where(Membership.user_id == user_id)
            .order_by(Tenant.name)
        ).all()
    return [(tenant, role) for tenant, role in rows]


@cache
def _dummy_hash() -> str:
    return hash_password("not-a-real-password")
