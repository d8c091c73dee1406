"""`facturo mailchimp sync TENANT` and `facturo mailchimp audiences TENANT`."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn

from addons.mailchimp.client import BadApiKey, MailChimpError
from addons.mailchimp.fullsync import FAILED, run_full_sync
from addons.mailchimp.models import FullSync
from addons.mailchimp.sync import Account, account
from core.api import console, current_app, done, fail, find_tenant

cli = typer.Typer(help="MailChimp: the customers in the tenant's audience.",
                  no_args_is_help=True)


def _account(tenant: str) -> tuple[Any, Any, Account]:
    """The application, the tenant and its MailChimp account, or a clear error."""
    app = current_app()
    found = find_tenant(app, tenant)
    with app.tenant_context(found.id, read_only=True, language="en") as ctx:
        if not ctx.is_active("mailchimp"):
            fail(f"mailchimp is off for {found.slug} (facturo addons on {found.slug} mailchimp)")
        acct = account(ctx)
    if acct is None:
        fail(f"set the API key and the audience first (facturo addons on {found.slug} "
             "mailchimp --set api_key=... --set audience=...)")
    return app, found, acct


@cli.command("audiences")
def audiences_command(tenant: str = typer.Argument(..., help="Tenant slug or id.")) -> None:
    """List the audiences of the tenant's MailChimp account."""
    _app, _found, acct = _account(tenant)
    try:
        with acct.client() as client:
            for audience in client.audiences():
                mark = "*" if audience["id"] == acct.audience else " "
                console.print(f"{mark} {audience['id']}  {escape(audience['name'])}")
    except (MailChimpError, BadApiKey) as exc:
        fail(f"MailChimp: {escape(str(exc))}")


@cli.command("sync")
def sync_command(
    tenant: str = typer.Argument(..., help="Tenant slug or id."),
    pause: float = typer.Option(2.0, help="Seconds between two looks at the batches."),
) -> None:
    """Send every customer to the audience through batches, showing the progress."""
    app, found, _acct = _account(tenant)
    with Progress(TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total} operations"),
                  console=console) as progress:
        task = progress.add_task("MailChimp", total=None)

        def show(sync: FullSync) -> None:
            progress.update(task, total=sync.total or None, completed=sync.done,
                            description=f"MailChimp ({sync.state})")

        try:
            sync_id = run_full_sync(app, found.id, pause=pause, on_progress=show)
        except (MailChimpError, BadApiKey) as exc:
            fail(f"MailChimp: {escape(str(exc))} (run it again to go on)")
    with app.tenant_context(found.id, read_only=True) as ctx:
        sync = ctx.session.get(FullSync, sync_id)
        state, total, failed, error = sync.state, sync.total, sync.failed, sync.error
    if state == FAILED:
        fail(f"the full sync failed: {error}")
    done(f"{total} operations sent to MailChimp, {failed} refused")
