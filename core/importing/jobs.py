"""Reading an uploaded file in the background, with its progress.

`start_reading` hands the file's bytes to a worker thread of the process and returns at
once with a job id; the thread parses the file (reporting the rows read so far), keeps the
table with `store_upload` and drops the bytes. `find_job` answers the job's state to the
same tenant and user only. At most `MAX_RUNNING` files are read at once per process; one
more is refused with `ImportBusy`. Finished jobs are forgotten after `KEEP_SECONDS`.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

from core.context import Context
from core.i18n import _, use_language
from core.importing.reader import UploadError, read_upload
from core.importing.storage import store_upload

MAX_RUNNING = 2
KEEP_SECONDS = 3600

READING, DONE, FAILED = "read", "done", "failed"


class ImportBusy(Exception):
    """Too many files are being read at once; the message asks to try again."""

    def __init__(self) -> None:
        super().__init__(_("Other imports are being read right now; try again in a moment."))


@dataclass
class ImportJob:
    """The state of one file being read: rows read so far, phase, error, and the token of
    the kept table once done."""

    id: str
    tenant_id: int
    user_id: int | None
    filename: str
    next_url: str
    back_url: str
    phase: str = READING
    rows: int = 0
    error: str = ""
    token: str = ""
    changed: float = field(default_factory=time.monotonic)

    @property
    def finished(self) -> bool:
        """Whether the reading is over (done or failed)."""
        return self.phase in (DONE, FAILED)

    @property
    def next(self) -> str:
        """Where to go once the file is read: `next_url` with the table's token."""
        return self.next_url.format(token=self.token)


_jobs: dict[str, ImportJob] = {}
_lock = threading.Lock()
reading_slots = threading.BoundedSemaphore(MAX_RUNNING)  # one taken per file being read


def _forget_old() -> None:
    limit = time.monotonic() - KEEP_SECONDS
    with _lock:
        for key in [k for k, job in _jobs.items() if job.finished and job.changed < limit]:
            del _jobs[key]


def _read(ctx: Context, job: ImportJob, held: list[bytes]) -> None:
    """Parse and keep the file; `held` holds its bytes, dropped once parsed."""

    def progress(rows: int) -> None:
        job.rows = rows
        job.changed = time.monotonic()

    with use_language(ctx.language):
        try:
            table = read_upload(held[0], job.filename, progress)
            held.clear()
            job.rows = len(table.rows)
            job.token = store_upload(ctx, table)
            del table
            job.phase = DONE
        except UploadError as exc:
            job.error = str(exc)
            job.phase = FAILED
        except Exception:
            job.error = _("%(name)s cannot be read.") % {"name": job.filename}
            job.phase = FAILED
        finally:
            held.clear()
            job.changed = time.monotonic()
            reading_slots.release()


def start_reading(ctx: Context, data: bytes, filename: str, next_url: str,
                  back_url: str) -> ImportJob:
    """Read `data` in a worker thread; the job to follow. `next_url` holds `{token}`, where
    the kept table's token goes. `ImportBusy` when `MAX_RUNNING` files are being read."""
    _forget_old()
    if not reading_slots.acquire(blocking=False):
        raise ImportBusy()
    job = ImportJob(uuid.uuid4().hex, ctx.tenant_id, ctx.user_id, filename, next_url,
                    back_url)
    with _lock:
        _jobs[job.id] = job
    try:
        threading.Thread(target=_read, args=(ctx, job, [data]), name=f"import-{job.id[:8]}",
                         daemon=True).start()
    except BaseException:
        reading_slots.release()
        raise
    return job


def find_job(ctx: Context, job_id: str) -> ImportJob | None:
    """The job `job_id` if it was started by this tenant's user; `None` otherwise."""
    with _lock:
        job = _jobs.get(job_id)
    if job is None or job.tenant_id != ctx.tenant_id or job.user_id != ctx.user_id:
        return None
    return job
