"""The demo tenant: "Demo BV" with an owner who can log in, ready to click through.

`seed_demo` is idempotent: running it again completes what is missing and changes nothing
else. Modules add demo data (customers, products, invoices of every VAT regime, ...) by
appending a seeder to `DEMO_SEEDERS`; each seeder runs on every `facturo demo`, so it must
itself be idempotent (check what exists before adding).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from core.tenants.models import Role, Tenant, User
from core.tenants.service import add_member, create_tenant, create_user

if TYPE_CHECKING:
    from core.context import Kernel

DEMO_NAME = "Demo BV"
DEMO_SLUG = "demo"
DEMO_EMAIL = "demo@facturo.test"
DEMO_PASSWORD = "facturo-demo"
DEMO_URL = "http://127.0.0.1:8000"

DemoSeeder = Callable[["Kernel", Tenant], None]
DEMO_SEEDERS: list[DemoSeeder] = []
"""Functions `seeder(app, tenant)` that add demo data; each must be idempotent."""


@dataclass(frozen=True)
class DemoResult:
    """What the demo consists of after seeding."""

    tenant: Tenant
    email: str
    password: str
    addons: tuple[str, ...]


def demo_tenant(app: Kernel) -> Tenant:
    """The demo tenant, created (with the default bundle's addons) if it does not exist."""
    with app.db.session() as session:
        tenant = session.scalars(select(Tenant).where(Tenant.slug == DEMO_SLUG)).first()
    return tenant or create_tenant(app, DEMO_NAME, slug=DEMO_SLUG)


def demo_owner(app: Kernel, tenant: Tenant) -> User:
    """The demo owner (created with the demo password if missing), owner of the tenant."""
    with app.db.session() as session:
        user = session.scalars(select(User).where(User.email == DEMO_EMAIL)).first()
    if user is None:
        user = create_user(app, DEMO_EMAIL, DEMO_PASSWORD, name="Demo", language=tenant.language)
    add_member(app, tenant.id, user.id, Role.OWNER)
    return user


DEMO_BUNDLE = "demo"


def switch_on_default_bundle(app: Kernel, tenant: Tenant) -> tuple[str, ...]:
    """Switch on the installed, offered addons of the `demo` bundle (else the default one).

    Returns the active set after.
    """
    bundle_id = DEMO_BUNDLE if DEMO_BUNDLE in app.registry.bundles else app.registry.default_bundle
    if bundle_id is not None:
        wanted = app.registry.bundle(bundle_id).addons
        for addon_id in app.catalogue.sorted_ids(wanted):
            if app.registry.is_offered(addon_id):
                app.addon_manager.switch_on(tenant.id, addon_id)
    with app.tenant_context(tenant.id) as ctx:
        return tuple(app.catalogue.sorted_ids(ctx.active))


def seed_demo_data(app: Kernel, tenant: Tenant) -> None:
    """Run every registered demo seeder for the tenant, in registration order."""
    for seeder in DEMO_SEEDERS:
        seeder(app, tenant)


def seed_demo(app: Kernel) -> DemoResult:
    """Make sure the demo tenant, its owner, its apps and its demo data exist."""
    tenant = demo_tenant(app)
    demo_owner(app, tenant)
    active = switch_on_default_bundle(app, tenant)
    seed_demo_data(app, tenant)
    return DemoResult(tenant, DEMO_EMAIL, DEMO_PASSWORD, active)


from core.demo_documents import seed_addon_data, seed_documents, seed_history  # noqa: E402

DEMO_SEEDERS.extend((seed_history, seed_documents, seed_addon_data))
