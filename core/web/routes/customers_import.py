"""Importing customers or suppliers in three steps: upload → mapping (guessed from the
headers) → preview with every row's errors → import, all rows or none.

The uploaded table is kept under a token between the steps; the mapping travels in the
forms as `col.<index>` = field key.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.contacts.importer import ContactImporter
from core.context import Context
from core.i18n import _, ngettext
from core.importing import (
    ImportRejected,
    UploadError,
    chosen_mapping,
    commit,
    discard_upload,
    guess_mapping,
    load_upload,
    preview,
)
from core.importing.jobs import ImportBusy
from core.importing.reader import UploadedTable
from core.web.forms import Form
from core.web.pages import flash, page, redirect, render
from core.web.uploads import in_worker, start_upload

ROLES = ("customer", "supplier")
SAMPLE_VALUES = 3


def _role(value: str | None) -> str:
    return value if value in ROLES else "customer"


def _load(ctx: Context, token: str) -> UploadedTable | None:
    try:
        return load_upload(ctx, token)
    except UploadError:
        return None


@page()
async def upload(request: Request, ctx: Context) -> Response:
    """Step 1: choose a CSV or XLSX file (GET); read and keep it in the background (POST),
    following its progress page."""
    form = Form({"role": _role(request.query_params.get("role"))})
    if request.method == "POST":
        posted = await request.form()
        role = _role(str(posted.get("role") or ""))
        form = Form({"role": role})
        file = posted.get("file")
        if not isinstance(file, UploadFile) or not file.filename:
            form.add_error("file", _("Choose a CSV or Excel file."))
        else:
            try:
                following = await start_upload(
                    ctx, file, f"/customers/import/{{token}}?role={role}",
                    f"/customers/import?role={role}")
            except UploadError as exc:
                form.add_error("file", str(exc))
            except ImportBusy as exc:
                form.add_error("file", str(exc))
                return _upload_page(request, ctx, form, 503)
            else:
                return redirect(following, request)
    return _upload_page(request, ctx, form, 200 if form.ok else 422)


def _gone(role: str) -> Form:
    form = Form({"role": role})
    form.add_error("file", _("This upload does not exist any more; upload the file again."))
    return form


def _upload_page(request: Request, ctx: Context, form: Form, status: int) -> Response:
    return render(request, ctx, "customers/import_upload.html", {
        "title": _("Import customers"), "form": form,
        "roles": [("customer", _("Customers")), ("supplier", _("Suppliers"))],
    }, status_code=status)


def _fields_page(request: Request, ctx: Context, token: str, table: UploadedTable, role: str,
                 mapping: dict[int, str], status: int = 200, problem: str = "") -> Response:
    importer = ContactImporter(role)
    fields = importer.fields(ctx)
    columns = []
    for index, header in enumerate(table.headers):
        samples = [str(row[index]) for row in table.rows[:SAMPLE_VALUES]
                   if str(row[index]).strip()]
        columns.append((index, header, samples))
    return render(request, ctx, "customers/import_mapping.html", {
        "title": _("Which column holds what?"), "token": token, "role": role,
        "table": table, "columns": columns, "mapping": mapping, "problem": problem,
        "fields": [(f.key, _(f.label) + (" *" if f.required else "")) for f in fields],
    }, status_code=status)


@page()
async def mapping(request: Request, ctx: Context) -> Response:
    """Step 2: each column's field, guessed from its header in nl, fr or en."""
    token = request.path_params["token"]
    table = _load(ctx, token)
    role = _role(request.query_params.get("role"))
    if table is None:
        return _upload_page(request, ctx, _gone(role), 404)
    guessed = guess_mapping(table.headers, ContactImporter(role).fields(ctx))
    return _fields_page(request, ctx, token, table, role, guessed)


def _preview_page(request: Request, ctx: Context, token: str, role: str,
                  mapping: dict[int, str], checked: Any, status: int = 200) -> Response:
    importer = ContactImporter(role)
    labels = {f.key: _(f.label) for f in importer.fields(ctx)}
    shown = [key for _index, key in sorted(mapping.items())]
    return render(request, ctx, "customers/import_preview.html", {
        "title": _("Check before importing"), "token": token, "role": role,
        "mapping": mapping, "preview": checked, "shown": shown, "labels": labels,
    }, status_code=status)


async def _mapped(request: Request, ctx: Context) -> tuple[Any, ...] | Response:
    token = request.path_params["token"]
    table = _load(ctx, token)
    posted = await request.form()
    role = _role(str(posted.get("role") or ""))
    if table is None:
        return _upload_page(request, ctx, _gone(role), 404)
    chosen = chosen_mapping(posted, len(table.headers), ContactImporter(role).fields(ctx))
    skip_errors = bool(posted.get("skip_errors"))
    return token, table, role, chosen, skip_errors


@page()
async def check(request: Request, ctx: Context) -> Response:
    """Step 3: check every row with the chosen mapping; nothing is written."""
    found = await _mapped(request, ctx)
    if isinstance(found, Response):
        return found
    token, table, role, chosen, _skip = found
    if len(set(chosen.values())) < len(chosen):
        return _fields_page(request, ctx, token, table, role, chosen, 422,
                            _("Each field can be fed by one column only."))
    checked = await in_worker(preview, ctx, ContactImporter(role), table, chosen)
    return _preview_page(request, ctx, token, role, chosen, checked)


def _commit(ctx: Context, importer: ContactImporter, table: UploadedTable,
            chosen: dict[int, str], skip: list[int]) -> Any:
    with ctx.session.begin_nested():
        return commit(ctx, importer, table, chosen, skip=skip)


@page(lock=True)
async def run(request: Request, ctx: Context) -> Response:
    """Import every row (rows with errors only when the user chose to skip them)."""
    found = await _mapped(request, ctx)
    if isinstance(found, Response):
        return found
    token, table, role, chosen, skip_errors = found
    skip: list[int] = []
    if skip_errors:
        checked = await in_worker(preview, ctx, ContactImporter(role), table, chosen)
        skip = checked.rows_with_errors
    try:
        result = await in_worker(_commit, ctx, ContactImporter(role), table, chosen, skip)
    except ImportRejected as exc:
        return _preview_page(request, ctx, token, role, chosen, exc.preview, 422)
    discard_upload(ctx, token)
    message = ngettext("%(num)d record imported.", "%(num)d records imported.",
                       result.created) % {"num": result.created}
    if result.skipped:
        message += " " + ngettext("%(num)d row skipped.", "%(num)d rows skipped.",
                                  len(result.skipped)) % {"num": len(result.skipped)}
    flash(request, message, "success")
    return redirect(f"/customers?kind={role}", request)


routes = [
    Route("/customers/import", upload, methods=["GET", "POST"], name="customers_import"),
    Route("/customers/import/{token}", mapping, name="customers_import_mapping"),
    Route("/customers/import/{token}/preview", check, methods=["POST"],
          name="customers_import_preview"),
    Route("/customers/import/{token}/commit", run, methods=["POST"],
          name="customers_import_commit"),
]
