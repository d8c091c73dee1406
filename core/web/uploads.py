"""Uploaded tables in a web handler: read with a size cap, parsed and checked off the event
loop, so that a big import never holds up the other requests of the process."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from anyio import to_thread
from starlette.datastructures import UploadFile

from core.context import Context
from core.i18n import _
from core.importing.jobs import start_reading
from core.importing.reader import MAX_UPLOAD_BYTES, UploadedTable, UploadError, read_upload

T = TypeVar("T")


async def in_worker(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a synchronous function (parsing, checking or saving many rows) in a worker
    thread and wait for it; the event loop keeps answering other requests meanwhile."""
    return await to_thread.run_sync(functools.partial(function, *args, **kwargs))


async def read_capped(file: UploadFile, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The bytes of an uploaded file, `UploadError` past `limit`. At most `limit + 1` bytes
    are read, in one piece of the file's size: the file is held in memory once."""
    size = limit if file.size is None else min(file.size, limit)
    data = await file.read(size + 1)
    if len(data) > limit:
        raise UploadError(_("%(name)s is larger than %(size)d MB.") % {
            "name": file.filename or _("The file"), "size": limit // (1024 * 1024)})
    return data


async def read_table(file: Any) -> UploadedTable:
    """The table of an uploaded CSV or XLSX form field, parsed in a worker thread;
    `UploadError` (with the reason to show) when no file was chosen or it cannot be read."""
    if not isinstance(file, UploadFile) or not file.filename:
        raise UploadError(_("Choose a CSV or an Excel (.xlsx) file."))
    data = await read_capped(file)
    return await in_worker(read_upload, data, file.filename)


async def start_upload(ctx: Context, file: Any, next_url: str, back_url: str) -> str:
    """Read an uploaded CSV or XLSX form field (size capped) and parse it in the
    background; the URL of its progress page. `next_url` (with `{token}`) is where that page
    goes once the file is read, `back_url` where it offers to choose another file.
    `UploadError` when no file was chosen or it is too large; `ImportBusy` when too many
    files are being read."""
    if not isinstance(file, UploadFile) or not file.filename:
        raise UploadError(_("Choose a CSV or an Excel (.xlsx) file."))
    data = await read_capped(file)
    job = start_reading(ctx, data, file.filename, next_url, back_url)
    return f"/imports/{job.id}"
