"""`facturo addons`: the catalogue, and switching addons on, off and purging them per tenant."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy import select

from core.addons.activation import plan_off
from core.addons.state import TenantAddon
from core.app import Facturo
from core.cli.output import console, done, errors, fail, note
from core.cli.state import current_app
from core.db.engine import write_waits
from core.tenants.models import Tenant
from core.tenants.service import find_tenant

cli = typer.Typer(help="Installed addons and their activation per tenant.", no_args_is_help=True)


def active_addons(app: Facturo, tenant: Tenant) -> frozenset[str]:
    """The addons on for a tenant."""
    with app.tenant_context(tenant.id, read_only=True) as ctx:
        return ctx.active


def parse_settings(pairs: list[str]) -> dict[str, Any]:
    """`key=value` pairs as a settings dict (values are checked by the addon's manifest)."""
    settings: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"expected key=value, got {pair!r}", param_hint="--set")
        settings[key.strip()] = value
    return settings


@cli.command("list")
def list_addons(
    tenants: list[str] = typer.Option(
        [], "--tenant", "-t", help="Show whether each addon is on for this tenant (repeatable)."
    ),
) -> None:
    """Every installed addon; broken ones are listed with their error."""
    app = current_app()
    columns = {find_tenant(app, slug).slug: None for slug in tenants}
    chosen = [find_tenant(app, slug) for slug in columns]
    states = {tenant.slug: active_addons(app, tenant) for tenant in chosen}
    table = Table("id", "name", "version", "category", "depends", "status", *states)
    for addon_id in sorted(app.catalogue.order):
        manifest = app.catalogue.addons[addon_id].manifest
        offered = "offered" if app.registry.is_offered(addon_id) else "installed"
        switches = [
            "[green]on[/]" if addon_id in active else "[dim]off[/]" for active in states.values()
        ]
        table.add_row(
            addon_id,
            escape(manifest.name),
            escape(manifest.version),
            escape(manifest.category),
            ", ".join(manifest.depends),
            offered,
            *switches,
        )
    if app.catalogue.order:
        console.print(table)
    else:
        note("No addons installed.")
    for error in app.catalogue.errors:
        errors.print(f"[red]broken: {escape(str(error))}[/]", soft_wrap=True)
    for addon_id, slugs in broken_and_on(app).items():
        errors.print(
            f"[red]{addon_id} is broken and on for: {escape(', '.join(slugs))}; their "
            "operations it takes part in are refused until it is repaired or switched off "
            f"(facturo addons off TENANT {addon_id})[/]",
            soft_wrap=True,
        )
    if app.catalogue.errors:
        raise typer.Exit(1)


def broken_and_on(app: Facturo) -> dict[str, list[str]]:
    """Each broken addon that is on somewhere, with the tenants (slugs) it is on for."""
    broken = app.catalogue.broken
    if not broken:
        return {}
    with app.db.session(all_tenants=True, read_only=True) as session:
        rows = session.execute(
            select(TenantAddon.addon_id, Tenant.slug)
            .join(Tenant, Tenant.id == TenantAddon.tenant_id)
            .where(TenantAddon.active, TenantAddon.addon_id.in_(broken))
            .order_by(TenantAddon.addon_id, Tenant.slug)
        ).all()
    found: dict[str, list[str]] = {}
    for addon_id, slug in rows:
        found.setdefault(addon_id, []).append(slug)
    return found


@cli.command("on")
def switch_on(
    tenant: str = typer.Argument(..., help="Tenant slug or id."),
    addon: str = typer.Argument(..., help="Addon id."),
    set_: list[str] = typer.Option([], "--set", help="A setting as key=value (repeatable)."),
) -> None:
    """Switch an addon on for a tenant (its dependencies too), optionally with settings."""
    before = write_waits()
    app = current_app()
    found = find_tenant(app, tenant)
    settings = parse_settings(set_)
    app.catalogue.get(addon)
    change = app.addon_manager.switch_on(found.id, addon, settings or None)
    waited = write_waits() - before
    if waited >= 0.5:
        note(f"waited {waited:.1f} s for another process to finish writing to the database")
    if change.switch_on:
        done(f"on for {found.slug}: {', '.join(change.switch_on)}")
    elif settings:
        app.addon_manager.configure(found.id, addon, settings)
        done(f"{addon} was already on for {found.slug}; its settings changed")
    else:
        note(f"{addon} was already on for {found.slug}")


@cli.command("off")
def switch_off(
    tenant: str = typer.Argument(..., help="Tenant slug or id."),
    addon: str = typer.Argument(..., help="Addon id."),
    cascade: bool = typer.Option(False, help="Also switch off the active addons that need it."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Switch an addon off for a tenant; its data stays and comes back when switched on."""
    app = current_app()
    found = find_tenant(app, tenant)
    if addon in app.catalogue.broken:
        app.addon_manager.switch_off(found.id, addon)
        done(f"off for {found.slug}: {addon} (broken; data kept)")
        return
    app.catalogue.get(addon)
    active = active_addons(app, found)
    if addon not in active:
        note(f"{addon} is already off for {found.slug}")
        return
    if cascade:
        plan = plan_off(app.catalogue, active, addon)
        if plan.needs_confirmation:
            note(f"Switching off {addon} for {found.slug} also switches off:")
            for other in plan.switch_off:
                if other != addon:
                    note(f"  - {other}")
            if not yes and not typer.confirm("Continue?", default=False):
                fail("nothing was switched off")
    change = app.addon_manager.switch_off(found.id, addon, cascade=cascade)
    done(f"off for {found.slug}: {', '.join(change.switch_off)} (data kept)")


@cli.command("purge")
def purge(
    tenant: str = typer.Argument(..., help="Tenant slug or id."),
    addon: str = typer.Argument(..., help="Addon id."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Delete an addon's data and settings for one tenant, after showing what goes."""
    app = current_app()
    found = find_tenant(app, tenant)
    app.catalogue.get(addon)
    if addon in active_addons(app, found):
        fail(f"{addon} is on for {found.slug}: switch it off first (facturo addons off)")
    report = app.addon_manager.purge_report(found.id, addon)
    table = Table("table", "rows to delete", title=f"{addon} data of {found.slug}")
    for name, count in report.items():
        table.add_row(name, str(count))
    if report:
        console.print(table)
    else:
        note(f"{addon} keeps no data of its own; only its settings for {found.slug} go.")
    if not yes and not typer.confirm("Delete this for good?", default=False):
        fail("nothing was deleted")
    deleted = app.addon_manager.purge(found.id, addon)
    done(f"purged {addon} for {found.slug}: {sum(deleted.values())} rows deleted")
