"""`facturo outbox`: send queued e-mails, list them, queue a failed one again."""

from __future__ import annotations

import time

import typer
from rich.table import Table
from sqlalchemy import select

from core.cli.output import console, done, fail, note
from core.cli.state import current_app
from core.mail.models import OutboxMessage, OutboxStatus
from core.mail.outbox import requeue
from core.mail.sender import DrainReport, drain
from core.tenants.models import Tenant
from core.tenants.service import find_tenant

cli = typer.Typer(help="E-mails waiting to be sent, and their history.", no_args_is_help=True)


def _summary(report: DrainReport) -> str:
    parts = [f"{report.sent} sent", f"{report.retrying} to retry", f"{report.failed} failed"]
    if report.interrupted:
        parts.append(f"{report.interrupted} interrupted earlier, marked failed")
    return ", ".join(parts)


@cli.command("send")
def send(
    limit: int = typer.Option(100, min=1, help="At most this many messages per run."),
    watch: bool = typer.Option(False, help="Keep running, sending every --interval seconds."),
    interval: float = typer.Option(30.0, min=1.0, help="Seconds between runs with --watch."),
    timeout: float = typer.Option(30.0, min=1.0, help="SMTP connection timeout in seconds."),
) -> None:
    """Deliver the queued e-mails of every tenant that are due."""
    app = current_app()
    while True:
        report = drain(app, limit=limit, timeout=timeout)
        for message_id, error in report.errors:
            note(f"message {message_id}: {error}")
        if report.handled or report.interrupted or not watch:
            done(_summary(report))
        if not watch:
            if report.failed:
                raise typer.Exit(1)
            return
        time.sleep(interval)


@cli.command("list")
def list_messages(
    tenant: str | None = typer.Option(None, help="Only this tenant (slug or id)."),
    status: OutboxStatus | None = typer.Option(None, help="Only messages in this state."),
    limit: int = typer.Option(50, min=1, help="How many of the most recent messages."),
) -> None:
    """The most recent messages, with their state and last error."""
    app = current_app()
    tenant_id = find_tenant(app, tenant).id if tenant else None
    with app.db.session(all_tenants=True) as session:
        query = (
            select(OutboxMessage, Tenant.slug)
            .join(Tenant, Tenant.id == OutboxMessage.tenant_id)
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        )
        if tenant_id is not None:
            query = query.where(OutboxMessage.tenant_id == tenant_id)
        if status is not None:
            query = query.where(OutboxMessage.status == status)
        rows = session.execute(query).all()
    if not rows:
        console.print("The outbox is empty.")
        return
    table = Table("id", "tenant", "status", "tries", "to", "subject", "last error")
    for message, slug in rows:
        table.add_row(str(message.id), slug, message.status.value, str(message.attempts),
                      ", ".join(message.to), message.subject, message.last_error or "")
    console.print(table)


@cli.command("retry")
def retry(
    tenant: str = typer.Argument(..., help="Tenant slug or id."),
    message_id: int = typer.Argument(..., help="The failed message's id (see `list`)."),
) -> None:
    """Queue a failed message again; it goes out at the next `send`."""
    app = current_app()
    found = find_tenant(app, tenant)
    with app.tenant_context(found.id) as ctx:
        if not requeue(ctx, message_id):
            fail(f"tenant {found.slug} has no failed message {message_id}")
    done(f"message {message_id} queued again")
