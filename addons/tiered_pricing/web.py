"""Pages of tiered pricing, under /apps/tiered_pricing/: segments, a product's grid, CSV.

Every change goes through `addons.tiered_pricing.service`; a refused form is shown again
with what was typed and the reason.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.products.api import ProductNotFound, get_product
from addons.tiered_pricing import service, transfer
from addons.tiered_pricing.models import Segment
from addons.tiered_pricing.translation import _, ngettext
from core.api import (
    Context,
    Form,
    ImportBusy,
    ImportRejected,
    UploadError,
    discard_upload,
    flash,
    form_data,
    guess_mapping,
    in_worker,
    load_upload,
    owned_id,
    page,
    redirect,
    render,
    start_upload,
)
from core.api import (
    commit_import as commit,
)

BASE = "/apps/tiered_pricing"
GRID_ROWS = 3  # empty rows offered for new breaks
MAX_GRID_ROWS = 500  # rows of a posted grid read at most (the form says how many it has)


@page()
async def segments_page(request: Request, ctx: Context) -> Response:
    """The segments with their use; add one; import and export the prices."""
    form = Form()
    if request.method == "POST":
        values = await form_data(request)
        form = Form({"name": values.get("name", "")})
        try:
            service.create_segment(ctx, form.value("name"))
        except service.PricingError as exc:
            form.add_error("name", str(exc))
        else:
            flash(request, _("The segment is added."), "success")
            return redirect(f"{BASE}/", request)
    return _segments(request, ctx, form)


def _segments(request: Request, ctx: Context, form: Form, problems: list[str] | None = None,
              status: int | None = None) -> Response:
    rows = [(s, *service.segment_usage(ctx, s.id)) for s in service.list_segments(ctx)]
    return render(request, ctx, "tiered_pricing/segments.html",
                  {"title": _("Price segments"), "rows": rows, "form": form, "base": BASE,
                   "problems": problems or []},
                  status_code=status or (422 if form.errors or problems else 200))


@page()
async def delete_segment(request: Request, ctx: Context) -> Response:
    """Remove an unused segment."""
    segment_id = owned_id(ctx, Segment, request.path_params["segment_id"])
    try:
        service.delete_segment(ctx, segment_id)
    except service.PricingError as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, _("The segment is removed."), "success")
    return redirect(f"{BASE}/", request)


def _grid_form(ctx: Context, product_id: int) -> Form:
    segments = {s.name: s.id for s in service.list_segments(ctx)}
    values: dict[str, Any] = {}
    rows = service.price_rows(ctx, product_id)
    for index, row in enumerate([*rows, *([None] * GRID_ROWS)]):
        values[f"segment_{index}"] = "" if row is None else str(segments.get(row.segment, ""))
        values[f"quantity_{index}"] = "" if row is None else service.plain(row.min_quantity)
        values[f"price_{index}"] = "" if row is None else service.plain(row.unit_price)
    values["rows"] = len(rows) + GRID_ROWS
    return Form(values)


def _save_grid(ctx: Context, product_id: int, values: dict[str, str], form: Form) -> None:
    rows = values.get("rows", "")
    count = min(int(rows), MAX_GRID_ROWS) if rows.isascii() and rows.isdigit() else 0
    form.values["rows"] = count  # the grid shown again has the rows that were read
    known = {str(s.id) for s in service.list_segments(ctx)}
    grids: dict[int | None, list[tuple[str, str]]] = {None: []}
    grids.update({int(s): [] for s in known})
    for index in range(count):
        segment = values.get(f"segment_{index}", "")
        quantity, price = values.get(f"quantity_{index}", ""), values.get(f"price_{index}", "")
        if not quantity and not price:
            continue
        if segment and segment not in known:
            form.add_error(f"segment_{index}", _("Choose one of the price segments."))
            continue
        grids[int(segment) if segment else None].append((quantity or "1", price))
    current = service.breaks_of(ctx, product_id)
    for segment_id, breaks in grids.items():
        try:
            if service.clean_breaks(breaks) != dict(current.get(segment_id, ())):
                service.set_breaks(ctx, product_id, segment_id, breaks)
        except service.PricingError as exc:
            form.add_error("grid", str(exc))


@page()
async def product_prices(request: Request, ctx: Context) -> Response:
    """Show and change a product's prices per segment and quantity."""
    try:
        product = get_product(ctx, int(request.path_params["product_id"]))
    except ProductNotFound:
        raise HTTPException(404) from None
    form = _grid_form(ctx, product.id)
    if request.method == "POST":
        values = await form_data(request)
        form = Form(dict(values))
        with ctx.session.begin_nested() as attempt:
            _save_grid(ctx, product.id, values, form)
            if form.errors:
                attempt.rollback()
        if form.ok:
            flash(request, _("The prices are saved."), "success")
            return redirect(f"{BASE}/products/{product.id}", request)
    return render(request, ctx, "tiered_pricing/product_prices.html",
                  {"title": _("Prices of %(name)s") % {"name": product.name}, "product": product,
                   "form": form, "segments": service.list_segments(ctx), "base": BASE},
                  status_code=422 if form.errors else 200)


@page()
async def export_prices(request: Request, ctx: Context) -> Response:
    """Every price break of the tenant as CSV."""
    return Response(transfer.export_csv(ctx), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="price-breaks.csv"'})


def _commit_all(ctx: Context, importer: Any, table: Any, mapping: dict[int, str]) -> Any:
    with ctx.session.begin_nested():
        return commit(ctx, importer, table, mapping)


@page()
async def import_prices(request: Request, ctx: Context) -> Response:
    """Upload a CSV or XLSX of price breaks; it is read in the background behind a progress
    page, which goes on to `confirm_import`."""
    upload = (await request.form()).get("file")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return _segments(request, ctx, Form(), [_("Choose a file to import.")])
    try:
        following = await start_upload(ctx, upload, f"{BASE}/import/{{token}}", f"{BASE}/")
    except UploadError as exc:
        return _segments(request, ctx, Form(), [str(exc)])
    except ImportBusy as exc:
        return _segments(request, ctx, Form(), [str(exc)], 503)
    return redirect(following, request)


@page()
async def confirm_import(request: Request, ctx: Context) -> Response:
    """The file read: how many rows (GET); import them, all rows or none, with every row's
    problem (POST)."""
    token = request.path_params["token"]
    try:
        table = load_upload(ctx, token)
    except UploadError as exc:
        return _segments(request, ctx, Form(), [str(exc)], 404)
    if request.method != "POST":
        return render(request, ctx, "tiered_pricing/import_confirm.html", {
            "title": _("Import price breaks"), "base": BASE, "token": token, "table": table,
        })
    importer = transfer.PriceBreakImporter()
    mapping = guess_mapping(table.headers, importer.fields(ctx))
    try:
        result = await in_worker(_commit_all, ctx, importer, table, mapping)
    except ImportRejected as exc:
        details = [str(error) for error in exc.errors] or [str(exc)]
        return _segments(request, ctx, Form(), [str(exc), *details])
    discard_upload(ctx, token)
    flash(request, ngettext("%(count)d price imported.", "%(count)d prices imported.",
                            result.created) % {"count": result.created}, "success")
    return redirect(f"{BASE}/", request)


routes = [
    Route("/", segments_page, methods=["GET", "POST"]),
    Route("/segments/{segment_id:int}/delete", delete_segment, methods=["POST"]),
    Route("/products/{product_id:int}", product_prices, methods=["GET", "POST"]),
    Route("/export.csv", export_prices),
    Route("/import", import_prices, methods=["POST"]),
    Route("/import/{token}", confirm_import, methods=["GET", "POST"]),
]
