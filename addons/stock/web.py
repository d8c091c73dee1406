"""Pages of stock, under /apps/stock/: levels, a product's moves and settings, purchase
receipts, counts, products under their minimum and the valuation with its exports.

Every change goes through the services; a refused form is shown again with what was typed
and the reason.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from addons.products.api import Product, ProductError, get_product
from addons.stock import incoming, service
from addons.stock.availability import stock_lines, under_minimum
from addons.stock.errors import StockError
from addons.stock.ledger import level
from addons.stock.models import Move
from addons.stock.panels import shortage_warning
from addons.stock.translation import _, ngettext
from addons.stock.valuation import moves_file, total_value, valuation, valuation_file
from core.api import (
    Context,
    DocumentError,
    Form,
    document_record,
    download,
    flash,
    form_data,
    id_value,
    load_document,
    page,
    parse_number,
    redirect,
    render,
)

BASE = "/apps/stock"
RECEIPT_ROWS = 5
LIMIT = Decimal(10) ** 12  # quantities and prices are stored with 14 digits before the point


def _number(text: str | None, required: bool = True) -> Decimal | None:
    try:
        value = parse_number(text)
    except ValueError:
        raise StockError(_("%(text)s is not a number.") % {"text": text}) from None
    if value is None and required:
        raise StockError(_("Fill in a quantity."))
    if value is not None and abs(value) >= LIMIT:
        raise StockError(_("%(text)s is too large.") % {"text": text})
    return value


def _product_id(text: str | None) -> int:
    found = id_value(text)
    if found is None:
        raise StockError(_("Choose a product."))
    return found


def _day(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StockError(_("%(text)s is not a date.") % {"text": text}) from None


def _product_options(ctx: Context) -> list[tuple[int, str]]:
    rows = ctx.session.execute(select(Product.id, Product.code, Product.name)
                               .where(Product.active.is_(True))
                               .order_by(Product.name).limit(1000))
    return [(pid, f"{code} – {name}") for pid, code, name in rows]


@page()
async def overview(request: Request, ctx: Context) -> Response:
    """Followed products with real and virtual stock and their minimum."""
    search = request.query_params.get("q", "").strip()
    return render(request, ctx, "stock/overview.html",
                  {"title": _("Stock"), "lines": stock_lines(ctx, search), "search": search,
                   "base": BASE})


async def _product_action(request: Request, ctx: Context, product_id: int, form: Form) -> bool:
    values = await form_data(request)
    form.values.update(values)
    action = values.get("action", "")
    try:
        with ctx.session.begin_nested():
            if action == "track":
                service.track(ctx, product_id)
                flash(request, _("The stock of this product is followed."), "success")
            elif action == "untrack":
                service.untrack(ctx, product_id)
                flash(request, _("The stock of this product is no longer followed."), "success")
            elif action == "minimum":
                service.set_minimum(ctx, product_id,
                                    _number(values.get("minimum"), required=False))
                flash(request, _("The minimum stock is saved."), "success")
            elif action == "correct":
                service.correct(ctx, product_id, _number(values.get("quantity")) or Decimal(0),
                                values.get("reason", ""))
                flash(request, _("The correction is saved."), "success")
            elif action == "unit":
                service.set_unit(ctx, product_id, values.get("unit", "").strip().upper(),
                                 _number(values.get("factor")) or Decimal(0))
                flash(request, _("The unit is saved."), "success")
            elif action == "component":
                component = _product_id(values.get("component_id"))
                parts = service.components_of(ctx, product_id)
                parts[component] = _number(values.get("component_quantity")) or Decimal(0)
                service.set_components(ctx, product_id, parts)
                flash(request, _("The components are saved."), "success")
    except (StockError, ProductError) as exc:
        form.add_error(action or "action", str(exc))
        return False
    return True


@page()
async def product_page(request: Request, ctx: Context) -> Response:
    """A product's stock: level, moves, follow it, minimum, corrections, units, components."""
    try:
        product = get_product(ctx, int(request.path_params["product_id"]))
    except ProductError:
        raise HTTPException(404) from None
    form = Form({})
    if request.method == "POST" and await _product_action(request, ctx, product.id, form):
        return redirect(f"{BASE}/products/{product.id}", request)
    row = service.stocked(ctx, product.id)
    moves = list(ctx.session.scalars(select(Move).where(Move.product_id == product.id)
                                     .order_by(Move.id.desc()).limit(100)))
    names = dict(_product_options(ctx))
    return render(request, ctx, "stock/product.html",
                  {"title": _("Stock of %(name)s") % {"name": product.name},
                   "product": product, "stocked": row, "level": level(ctx, product.id),
                   "moves": moves, "form": form, "base": BASE, "names": names,
                   "components": service.components_of(ctx, product.id),
                   "units": service.units_of(ctx, product.id),
                   "options": _product_options(ctx)},
                  status_code=422 if form.errors else 200)


@page()
async def receipt_page(request: Request, ctx: Context) -> Response:
    """Enter a purchase receipt: supplier, date, lines with quantity and cost price."""
    form = Form({"receipt_date": date.today().isoformat()})
    if request.method == "POST":
        values = await form_data(request)
        form = Form(dict(values))
        try:
            lines = []
            for row in range(RECEIPT_ROWS):
                if not values.get(f"product_{row}"):
                    continue
                lines.append((_product_id(values[f"product_{row}"]),
                              _number(values.get(f"quantity_{row}")) or Decimal(0),
                              _number(values.get(f"cost_{row}")) or Decimal(0)))
            with ctx.session.begin_nested():
                incoming.receive(ctx, values.get("supplier", ""),
                                 _day(values.get("receipt_date")), lines,
                                 values.get("reference", ""))
        except (StockError, ProductError, ValueError) as exc:
            form.add_error("receipt", str(exc))
        else:
            flash(request, ngettext("The receipt of %(num)d line is saved.",
                                    "The receipt of %(num)d lines is saved.", len(lines))
                  % {"num": len(lines)}, "success")
            return redirect(f"{BASE}/", request)
    return render(request, ctx, "stock/receipt.html",
                  {"title": _("Purchase receipt"), "form": form, "rows": range(RECEIPT_ROWS),
                   "options": _product_options(ctx), "base": BASE},
                  status_code=422 if form.errors else 200)


@page()
async def count_page(request: Request, ctx: Context) -> Response:
    """A stock count: counted quantities of followed products; posting moves differences."""
    lines = stock_lines(ctx, limit=1000)
    form = Form({"count_date": date.today().isoformat()})
    if request.method == "POST":
        values = await form_data(request)
        form = Form(dict(values))
        try:
            counted = {}
            for line in lines:
                value = _number(values.get(f"counted_{line.product_id}"), required=False)
                if value is not None:
                    counted[line.product_id] = value
            with ctx.session.begin_nested():
                count = incoming.start_count(ctx, _day(values.get("count_date")), counted)
                moved = incoming.post_count(ctx, count.id)
        except StockError as exc:
            form.add_error("count", str(exc))
        else:
            flash(request, ngettext("The count is posted: %(num)d difference became a move.",
                                    "The count is posted: %(num)d differences became moves.",
                                    moved) % {"num": moved}, "success")
            return redirect(f"{BASE}/", request)
    return render(request, ctx, "stock/count.html",
                  {"title": _("Stock count"), "form": form, "lines": lines, "base": BASE},
                  status_code=422 if form.errors else 200)


@page()
async def minimum_page(request: Request, ctx: Context) -> Response:
    """Products under their minimum stock, with what open orders promise."""
    return render(request, ctx, "stock/minimum.html",
                  {"title": _("Under minimum stock"), "lines": under_minimum(ctx),
                   "base": BASE})


@page()
async def valuation_page(request: Request, ctx: Context) -> Response:
    """The stock value at cost on a date; `?format=csv|xlsx` downloads it."""
    try:
        on = _day(request.query_params.get("on"))
    except StockError as exc:
        flash(request, str(exc), "error")
        on = date.today()
    fmt = request.query_params.get("format")
    if fmt in ("csv", "xlsx"):
        data, content_type, extension = valuation_file(ctx, on, fmt)
        return download(data, f"stock-value-{on.isoformat()}{extension}", content_type)
    items = valuation(ctx, on)
    return render(request, ctx, "stock/valuation.html",
                  {"title": _("Stock value"), "items": items, "total": total_value(items),
                   "on": on, "base": BASE})


@page()
async def shortage_fragment(request: Request, ctx: Context) -> Response:
    """The editor's stock warning alone: the editor reloads it when the lines change."""
    try:
        document = load_document(ctx, int(request.path_params["document_id"]))
    except DocumentError:
        raise HTTPException(404) from None
    return HTMLResponse(shortage_warning(ctx, document_record(document)) or "")


@page()
async def moves_export(request: Request, ctx: Context) -> Response:
    """Every move as CSV or XLSX."""
    fmt = request.path_params["fmt"]
    if fmt not in ("csv", "xlsx"):
        raise HTTPException(404)
    data, content_type, extension = moves_file(ctx, fmt)
    return download(data, f"stock-moves{extension}", content_type)


routes = [
    Route("/", overview),
    Route("/products/{product_id:int}", product_page, methods=["GET", "POST"]),
    Route("/receipts/new", receipt_page, methods=["GET", "POST"]),
    Route("/counts/new", count_page, methods=["GET", "POST"]),
    Route("/minimum", minimum_page),
    Route("/valuation", valuation_page),
    Route("/moves.{fmt}", moves_export),
    Route("/documents/{document_id:int}/warning", shortage_fragment),
]
