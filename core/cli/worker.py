"""`facturo worker`: run the outbox of external calls, the scheduled jobs and the e-mails."""

from __future__ import annotations

import logging

import typer

from core.cli.output import console, done
from core.cli.state import current_app
from core.outbox.worker import Worker, WorkerOptions


def worker(
    batch: int = typer.Option(20, min=1, help="Outbox jobs claimed at a time."),
    lease: float = typer.Option(
        120.0, min=1.0, help="Seconds a claimed batch stays this worker's if it dies."),
    idle: float = typer.Option(1.0, min=0.05, help="Seconds to wait when nothing is due."),
    jobs_every: float = typer.Option(60.0, min=1.0, help="Seconds between scheduled-job runs."),
    mail_every: float = typer.Option(15.0, min=1.0, help="Seconds between e-mail deliveries."),
    scheduled_jobs: bool = typer.Option(True, help="Run the addons' scheduled jobs too."),
    mail: bool = typer.Option(True, help="Deliver the queued e-mails too."),
    rounds: int | None = typer.Option(None, min=1, help="Stop after this many rounds."),
    worker_id: str | None = typer.Option(None, help="This worker's name (default: host:pid)."),
) -> None:
    """Run due outbox jobs, scheduled jobs and e-mails until stopped (SIGTERM, Ctrl-C)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    options = WorkerOptions(batch=batch, lease=lease, idle=idle, jobs_every=jobs_every,
                            mail_every=mail_every, scheduled_jobs=scheduled_jobs, mail=mail)
    runner = Worker(current_app(), options, worker_id)
    runner.handle_signals()
    console.print(f"worker {runner.id} started", soft_wrap=True)
    totals = runner.run(rounds=rounds)
    done(f"worker {runner.id} stopped: {totals.done} jobs done, {totals.retrying} to retry, "
         f"{totals.failed} failed")


def register(cli: typer.Typer) -> None:
    """Add `worker` to the root command."""
    cli.command()(worker)
