"""`facturo worker`: a loop that runs the outbox, the scheduled jobs and the e-mail outbox
(and forgets done outbox jobs after a week).

Any number of workers may run, on any number of machines against PostgreSQL: outbox jobs
are claimed so that no two take the same one, a scheduled job runs once per slot (its
`job_runs` row is locked while it runs) and an e-mail is claimed before it is sent. On
SQLite one worker is enough (`facturo serve --with-worker` runs it beside the web server).
A worker stops on SIGTERM or SIGINT after the job in hand, giving back what it had claimed.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from core.jobs import run_due_jobs
from core.mail.sender import drain
from core.outbox.retention import purge_done
from core.outbox.runner import OutboxReport, new_worker_id, run_jobs

if TYPE_CHECKING:
    from core.context import Kernel

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerOptions:
    """How a worker paces itself (seconds), and what it runs."""

    batch: int = 20
    lease: float = 120.0
    idle: float = 1.0
    jobs_every: float = 60.0
    mail_every: float = 15.0
    purge_every: float = 3600.0
    scheduled_jobs: bool = True
    mail: bool = True


@dataclass
class WorkerTotals:
    """What a worker did since it started."""

    done: int = 0
    retrying: int = 0
    failed: int = 0
    rounds: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, report: OutboxReport) -> None:
        """Count one run of the outbox."""
        self.done += report.done
        self.retrying += report.retrying
        self.failed += report.failed


class Worker:
    """One worker: `run()` loops until `stop()` (or a signal, with `handle_signals()`)."""

    def __init__(self, app: Kernel, options: WorkerOptions | None = None,
                 worker_id: str | None = None) -> None:
        self.app = app
        self.options = options or WorkerOptions()
        self.id = worker_id or new_worker_id()
        self.totals = WorkerTotals()
        self._stopping = threading.Event()

    def stop(self, *_args: Any) -> None:
        """Finish the job in hand, give back the rest, leave the loop."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        """Whether the worker was asked to stop."""
        return self._stopping.is_set()

    def handle_signals(self) -> None:
        """Stop on SIGTERM and SIGINT (main thread only)."""
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run(self, *, rounds: int | None = None) -> WorkerTotals:
        """Loop (at most `rounds` times when given) until stopped; the totals."""
        next_jobs = next_mail = next_purge = 0.0
        while not self.stopping and (rounds is None or self.totals.rounds < rounds):
            self.totals.rounds += 1
            busy = self._guarded("outbox", self._outbox)
            clock = time.monotonic()
            if self.options.scheduled_jobs and clock >= next_jobs:
                self._guarded("scheduled jobs", lambda: run_due_jobs(self.app))
                next_jobs = clock + self.options.jobs_every
            if self.options.mail and clock >= next_mail:
                self._guarded("e-mail", lambda: drain(self.app))
                next_mail = clock + self.options.mail_every
            if clock >= next_purge:
                self._guarded("purge", lambda: purge_done(self.app))
                next_purge = clock + self.options.purge_every
            if not busy and (rounds is None or self.totals.rounds < rounds):
                self._stopping.wait(self.options.idle)
        return self.totals

    def _outbox(self) -> bool:
        report = run_jobs(self.app, limit=self.options.batch, worker_id=self.id,
                          stop=lambda: self.stopping,
                          lease=timedelta(seconds=self.options.lease))
        self.totals.add(report)
        return report.handled + report.skipped > 0

    def _guarded(self, what: str, step: Any) -> Any:
        """Run one step; a failure (the database gone a moment) is logged, the loop goes on."""
        try:
            return step()
        except Exception as exc:
            log.exception("worker %s: %s failed", self.id, what)
            self.totals.errors.append(f"{what}: {type(exc).__name__}: {exc}")
            del self.totals.errors[:-20]
            return False

    def start_thread(self) -> threading.Thread:
        """Run in a daemon thread (beside the web server); `stop()` ends it."""
        thread = threading.Thread(target=self.run, name=f"facturo-worker-{self.id}",
                                  daemon=True)
        thread.start()
        return thread
