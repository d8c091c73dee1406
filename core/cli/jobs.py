"""`facturo jobs`: run the addons' scheduled jobs (from cron or a systemd timer)."""

from __future__ import annotations

from datetime import UTC, datetime

import typer
from rich.markup import escape
from rich.table import Table

from core.cli.output import console, done, errors, note
from core.cli.state import current_app
from core.jobs import registered_jobs, run_due_jobs
from core.tenants.service import find_tenant

cli = typer.Typer(help="Scheduled jobs of the addons.", no_args_is_help=True)


def parse_moment(text: str | None) -> datetime | None:
    """`--now` as an aware datetime (UTC unless the text gives an offset); None for now."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date and time like 2026-03-19T08:00", param_hint="--now"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@cli.command("list")
def list_jobs() -> None:
    """Every job the installed addons declare, with its interval."""
    jobs = registered_jobs(current_app().catalogue)
    if not jobs:
        note("No addon declares jobs.")
        return
    table = Table("job", "every", "description")
    for job in jobs:
        table.add_row(job.key, str(job.interval), escape(job.description))
    console.print(table)


@cli.command("run")
def run(
    tenants: list[str] = typer.Option([], "--tenant", "-t", help="Only this tenant (repeatable)."),
    only: list[str] = typer.Option([], "--job", "-j", help="Only this job (repeatable)."),
    force: bool = typer.Option(False, help="Run even the jobs that already ran this interval."),
    now: str | None = typer.Option(
        None, help="Run as of this moment (ISO 8601, e.g. 2026-03-19T08:00; UTC by default)."
    ),
) -> None:
    """Run every due job for every tenant where its addon is on; exit 1 if one failed."""
    app = current_app()
    tenant_ids = [find_tenant(app, tenant).id for tenant in tenants] or None
    report = run_due_jobs(
        app, parse_moment(now), tenant_ids=tenant_ids, only=only or None, force=force
    )
    for outcome in report.failed:
        errors.print(
            f"[red]{outcome.job} failed for tenant {outcome.tenant_id}: "
            f"{escape(outcome.error or '')}[/]",
            soft_wrap=True,
        )
    done(f"{len(report.ran)} job runs, {len(report.failed)} failed")
    if report.failed:
        raise typer.Exit(1)
