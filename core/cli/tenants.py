"""`facturo tenant`: create and list tenants, add users to them."""

from __future__ import annotations

import typer
from rich.table import Table
from sqlalchemy import func, select

from core.addons.state import TenantAddon
from core.app import Facturo
from core.cli.output import console, done, fail
from core.cli.state import current_app
from core.tenants.models import Membership, Role, Tenant, User
from core.tenants.service import add_member, create_tenant, create_user, find_tenant

cli = typer.Typer(help="Tenants (companies) and their users.", no_args_is_help=True)
users_cli = typer.Typer(help="Users of a tenant.", no_args_is_help=True)
cli.add_typer(users_cli, name="user")


def existing_user(app: Facturo, email: str) -> User | None:
    """The user with this e-mail address, if any."""
    with app.db.session() as session:
        return session.scalars(select(User).where(User.email == email.strip().lower())).first()


def member_user(app: Facturo, email: str, password: str | None) -> tuple[User, bool]:
    """The existing user with this e-mail, or a new one with the password; and whether new."""
    user = existing_user(app, email)
    if user is not None:
        if password is not None:
            fail(f"a user {user.email!r} exists already; leave out the password to add them")
        return user, False
    if password is None:
        password = typer.prompt(f"Password for {email}", hide_input=True, confirmation_prompt=True)
    return create_user(app, email, password), True


def delete_user(app: Facturo, user_id: int) -> None:
    """Remove a user created for a command that then failed."""
    with app.db.session() as session:
        user = session.get(User, user_id)
        if user is not None:
            session.delete(user)


@cli.command("create")
def create(
    name: str = typer.Argument(..., help='The company\'s name, e.g. "Bakkerij Peeters".'),
    slug: str | None = typer.Option(
        None, help="Identifier in URLs; made from the name if not given."
    ),
    bundle: str | None = typer.Option(None, help="Bundle of addons (addon_registry.toml)."),
    owner_email: str | None = typer.Option(None, help="E-mail of the tenant's owner."),
    owner_password: str | None = typer.Option(None, help="Password, when the owner is a new user."),
) -> None:
    """Create a tenant, with its bundle's addons switched on and optionally an owner."""
    app = current_app()
    owner, new_owner = (None, False)
    if owner_email is not None:
        owner, new_owner = member_user(app, owner_email, owner_password)
    elif owner_password is not None:
        fail("--owner-password needs --owner-email")
    try:
        tenant = create_tenant(app, name, slug=slug, bundle=bundle)
    except BaseException:
        if owner is not None and new_owner:
            delete_user(app, owner.id)
        raise
    done(f"tenant {tenant.name!r} created (slug {tenant.slug}, id {tenant.id})")
    if owner is not None:
        add_member(app, tenant.id, owner.id, Role.OWNER)
        done(f"{owner.email} is its owner")


@cli.command("list")
def list_tenants() -> None:
    """Every tenant with its bundle, member count and active addons."""
    app = current_app()
    with app.db.session(all_tenants=True) as session:
        tenants = session.scalars(select(Tenant).order_by(Tenant.id)).all()
        members = dict(
            session.execute(
                select(Membership.tenant_id, func.count()).group_by(Membership.tenant_id)
            ).all()
        )
        active: dict[int, list[str]] = {}
        rows = session.execute(
            select(TenantAddon.tenant_id, TenantAddon.addon_id).where(TenantAddon.active)
        )
        for tenant_id, addon_id in rows:
            active.setdefault(tenant_id, []).append(addon_id)
    if not tenants:
        console.print("No tenants yet: `facturo tenant create NAME` or `facturo demo`.")
        return
    table = Table("id", "slug", "name", "bundle", "language", "members", "addons on")
    for tenant in tenants:
        table.add_row(
            str(tenant.id),
            tenant.slug,
            tenant.name,
            tenant.bundle or "",
            tenant.language,
            str(members.get(tenant.id, 0)),
            ", ".join(app.catalogue.sorted_ids(active.get(tenant.id, ()))),
        )
    console.print(table)


@users_cli.command("add")
def add_user(
    tenant: str = typer.Argument(..., help="Tenant slug or id."),
    email: str = typer.Argument(..., help="The user's e-mail address."),
    role: Role = typer.Option(Role.MEMBER, help="What the user may do in the tenant."),
    password: str | None = typer.Option(None, help="Password, when the user is new."),
) -> None:
    """Give a user (created if new) a role in a tenant."""
    app = current_app()
    found = find_tenant(app, tenant)
    user, new = member_user(app, email, password)
    add_member(app, found.id, user.id, role)
    created = "new user " if new else ""
    done(f"{created}{user.email} is {role.value} of {found.slug}")
