"""Keeping an uploaded table between the steps of an import (one web request each)."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

from core.context import Context
from core.i18n import _
from core.importing.reader import UploadedTable, UploadError, as_text
from core.paths import var_dir

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _path(ctx: Context, token: str) -> Path:
    if not _TOKEN.match(token):
        raise UploadError(_("This upload does not exist any more; upload the file again."))
    return var_dir() / "imports" / str(ctx.tenant_id) / f"{token}.json"


def store_upload(ctx: Context, table: UploadedTable) -> str:
    """Keep a parsed table for the tenant; returns the token to find it again."""
    token = uuid.uuid4().hex
    path = _path(ctx, token)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "headers": table.headers,
        "rows": [[as_text(v) for v in row] for row in table.rows],
        "filename": table.filename,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
    }
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return token


def load_upload(ctx: Context, token: str) -> UploadedTable:
    """The table kept under `token` for this tenant (another tenant's token is not found)."""
    path = _path(ctx, token)
    if not path.exists():
        raise UploadError(_("This upload does not exist any more; upload the file again."))
    payload = json.loads(path.read_text(encoding="utf-8"))
    return UploadedTable(payload["headers"], payload["rows"], payload["filename"],
                         payload["encoding"], payload["delimiter"])


def discard_upload(ctx: Context, token: str) -> None:
    """Forget a kept table (after a commit or a cancel)."""
    _path(ctx, token).unlink(missing_ok=True)
