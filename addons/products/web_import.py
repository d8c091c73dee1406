"""The import pages of the products addon: upload, map the columns and check, import.

One flow for two importers: new products (`kind=products`) and a price list
(`kind=prices`). The uploaded table is kept between the steps; nothing is written until
every row checks out (or is skipped).
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.products.importing import ProductImporter
from addons.products.prices import PriceListImporter
from addons.products.translation import _, ngettext
from core.api import (
    Context,
    EntityImporter,
    Form,
    ImportBusy,
    ImportRejected,
    UploadError,
    chosen_mapping,
    discard_upload,
    flash,
    guess_mapping,
    in_worker,
    load_upload,
    page,
    redirect,
    render,
    start_upload,
)
from core.api import (
    commit_import as commit,
)
from core.api import (
    preview_import as preview,
)

BASE = "/apps/products"
IMPORTERS = {"products": ProductImporter, "prices": PriceListImporter}


def _kind(request: Request) -> str:
    kind = request.query_params.get("kind", "products")
    if kind not in IMPORTERS:
        raise HTTPException(404)
    return kind


def _title(kind: str) -> str:
    return _("Import products") if kind == "products" else _("Import a price list")


@page()
async def upload(request: Request, ctx: Context) -> Response:
    """Step 1: choose a CSV or XLSX file, read in the background behind a progress page."""
    kind = _kind(request)
    form = Form()
    if request.method == "POST":
        posted = await request.form()
        file = posted.get("file")
        status = 422
        try:
            following = await start_upload(ctx, file, f"{BASE}/import/{{token}}?kind={kind}",
                                           f"{BASE}/import?kind={kind}")
        except UploadError as exc:
            form.add_error("file", str(exc))
        except ImportBusy as exc:
            form.add_error("file", str(exc))
            status = 503
        else:
            return redirect(following, request)
    return render(request, ctx, "products/import_upload.html", {
        "title": _title(kind), "form": form, "kind": kind,
    }, status_code=status if form.errors else 200)


def _skipped(values: Any) -> list[int]:
    return [int(v) for v in values.getlist("skip") if str(v).isdigit()]


@page()
async def check(request: Request, ctx: Context) -> Response:
    """Steps 2 and 3: map the columns, see every row's errors, then import all or nothing."""
    kind = _kind(request)
    token = request.path_params["token"]
    importer: EntityImporter = IMPORTERS[kind]()
    try:
        table = load_upload(ctx, token)
    except UploadError as exc:
        flash(request, str(exc), "error")
        return redirect(f"{BASE}/import?kind={kind}", request)
    fields = list(importer.fields(ctx))
    mapping = guess_mapping(table.headers, fields)
    skip: list[int] = []
    status = 200
    if request.method == "POST":
        values = await request.form()
        mapping = chosen_mapping(values, len(table.headers), fields)
        skip = _skipped(values)
        if values.get("action") == "import":
            try:
                result = await in_worker(commit, ctx, importer, table, mapping, skip=skip)
            except ImportRejected as exc:
                flash(request, str(exc), "error")
                status = 422
            else:
                discard_upload(ctx, token)
                flash(request, ngettext("%(count)d row imported.", "%(count)d rows imported.",
                                       result.created) % {"count": result.created},
                      "success")
                return redirect(f"{BASE}/", request)
    checked = await in_worker(preview, ctx, importer, table, mapping, skip=skip)
    return render(request, ctx, "products/import_check.html", {
        "title": _title(kind), "kind": kind, "token": token, "table": table,
        "fields": [(f.key, _(f.label)) for f in fields], "mapping": mapping,
        "checked": checked, "skip": set(skip),
    }, status_code=status)


def routes() -> list[Route]:
    """The import pages."""
    return [
        Route("/import", upload, methods=["GET", "POST"], name="products_import"),
        Route("/import/{token}", check, methods=["GET", "POST"], name="products_import_check"),
    ]
