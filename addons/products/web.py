"""Pages of the products addon, under `/apps/products/`: the list, the form, archiving,
the export and a price change by percentage. The import pages are in `web_import`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.products.categories import list_categories
from addons.products.errors import ProductError, ProductNotFound, ProductValidationError
from addons.products.fields import VAT_RATES
from addons.products.importing import export_products
from addons.products.models import Product
from addons.products.prices import change_prices_by_percent
from addons.products.service import (
    archive_product,
    create_product,
    get_product,
    list_products,
    update_product,
)
from addons.products.translation import _, ngettext
from addons.products.web_import import routes as import_routes
from core.api import (
    LANGUAGES,
    Context,
    Form,
    ListPage,
    ListQuery,
    flash,
    form_data,
    id_value,
    page,
    redirect,
    render,
    units,
)

BASE = "/apps/products"
SORTS = ("name", "code", "price")
TEXT_FIELDS = ("code", "name", "description", "unit", "sale_price", "purchase_price",
               "vat_rate", "category_id")
LANGUAGE_FIELDS = tuple(f"{kind}_{lang}" for kind in ("name", "description")
                        for lang in LANGUAGES)


def _int(value: str | None) -> int | None:
    return id_value(value)


def _filters(request: Request) -> dict[str, Any]:
    params = request.query_params
    archived = params.get("archived") == "1"
    return {"category_id": _int(params.get("category")), "active": not archived}


def _options(ctx: Context) -> dict[str, Any]:
    return {
        "unit_options": units.choices(ctx.language),
        "vat_options": [(str(rate), f"{rate} %") for rate in VAT_RATES],
        "category_options": [("", _("No category"))]
        + [(str(c.id), c.name) for c in list_categories(ctx)],
        "languages": LANGUAGES,
    }


@page()
async def product_list(request: Request, ctx: Context) -> Response:
    """The catalogue: search, category, archived products, sort and pages."""
    query = ListQuery.from_request(request, SORTS, "name")
    filters = _filters(request)
    sort = ("-" if query.descending else "") + query.sort
    found = list_products(ctx, search=query.q, sort=sort, page=query.page,
                          per_page=query.per_page, **filters)
    return render(request, ctx, "products/list.html", {
        "title": _("Products"),
        "products": ListPage(found.items, found.total, query),
        "filters": filters,
        "unit_label": lambda code: units.unit_label(code, ctx.language),
        **_options(ctx),
    })


def plain(number: Decimal | None) -> str:
    """A number as typed in a form: `12.5`, not `12.500000` nor `1.25E+1`."""
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return text if "." not in text or len(text.split(".")[1]) >= 2 else f"{number:.2f}"


def _form_values(product: Product) -> dict[str, Any]:
    values: dict[str, Any] = {
        "code": product.code, "name": product.name, "description": product.description,
        "unit": product.unit, "sale_price": plain(product.sale_price),
        "purchase_price": plain(product.purchase_price),
        "vat_rate": plain(product.vat_rate).split(".")[0], "active": product.active,
        "category_id": str(product.category_id or ""),
    }
    for lang in LANGUAGES:
        values[f"name_{lang}"] = (product.names or {}).get(lang, "")
        values[f"description_{lang}"] = (product.descriptions or {}).get(lang, "")
    return values


async def _posted(request: Request, editing: bool) -> dict[str, Any]:
    values = await form_data(request)
    data: dict[str, Any] = {k: values[k] for k in (*TEXT_FIELDS, *LANGUAGE_FIELDS) if k in values}
    if editing:
        data["active"] = values.get("active") == "on"
    return data


def _show_form(request: Request, ctx: Context, form: Form, product: Product | None,
               status: int = 200) -> Response:
    title = _("New product") if product is None else f"{product.code} · {product.name}"
    return render(request, ctx, "products/form.html", {
        "title": title, "form": form, "product": product, **_options(ctx),
    }, status_code=status)


@page()
async def new_product(request: Request, ctx: Context) -> Response:
    """Add a product; an empty code takes the next number."""
    form = Form({"unit": units.DEFAULT_UNIT, "vat_rate": "21", "active": True})
    if request.method == "POST":
        data = await _posted(request, editing=False)
        form = Form(data)
        try:
            product = create_product(ctx, data)
        except ProductValidationError as exc:
            form.errors.update(exc.errors)
        else:
            flash(request, _("Product %(code)s is saved.") % {"code": product.code}, "success")
            return redirect(f"{BASE}/{product.id}", request)
    return _show_form(request, ctx, form, None, 422 if form.errors else 200)


def _product_or_404(ctx: Context, product_id: int) -> Product:
    from starlette.exceptions import HTTPException

    try:
        return get_product(ctx, product_id)
    except ProductNotFound:
        raise HTTPException(404) from None


@page()
async def edit_product(request: Request, ctx: Context) -> Response:
    """Change a product."""
    product = _product_or_404(ctx, request.path_params["product_id"])
    form = Form(_form_values(product))
    if request.method == "POST":
        data = await _posted(request, editing=True)
        form = Form(data)
        try:
            update_product(ctx, product.id, data)
        except ProductValidationError as exc:
            form.errors.update(exc.errors)
        else:
            flash(request, _("Product %(code)s is saved.") % {"code": product.code}, "success")
            return redirect(f"{BASE}/{product.id}", request)
    return _show_form(request, ctx, form, product, 422 if form.errors else 200)


@page()
async def archive(request: Request, ctx: Context) -> Response:
    """Archive a product, or bring it back (`restore` in the form)."""
    product = _product_or_404(ctx, request.path_params["product_id"])
    restore = (await form_data(request)).get("restore") == "1"
    archive_product(ctx, product.id, archived=not restore)
    message = _("Product %(code)s is back.") if restore else _("Product %(code)s is archived.")
    flash(request, message % {"code": product.code}, "success")
    return redirect(f"{BASE}/{product.id}", request)


@page()
async def export(request: Request, ctx: Context) -> Response:
    """The listed products as CSV or XLSX."""
    fmt = request.query_params.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        fmt = "csv"
    data, content_type, extension = export_products(
        ctx, fmt, search=request.query_params.get("q", ""), **_filters(request)
    )
    return Response(data, media_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="products{extension}"'})


@page()
async def prices(request: Request, ctx: Context) -> Response:
    """Change the sale (or purchase) prices of a selection by a percentage."""
    form = Form({"percent": "", "field": "sale_price", "category_id": ""})
    if request.method == "POST":
        values = await form_data(request)
        form = Form(values)
        try:
            changed = change_prices_by_percent(
                ctx, values.get("percent", ""), field=values.get("field", "sale_price"),
                category_id=_int(values.get("category_id")),
            )
        except ProductValidationError as exc:
            form.errors.update(exc.errors)
        except ProductError as exc:
            form.add_error("percent", str(exc))
        else:
            flash(request, ngettext("%(count)d price changed.", "%(count)d prices changed.",
                                    changed) % {"count": changed}, "success")
            return redirect(f"{BASE}/", request)
    return render(request, ctx, "products/prices.html", {
        "title": _("Change prices"), "form": form,
        "field_options": [("sale_price", _("Sale price")),
                          ("purchase_price", _("Purchase price"))],
        **_options(ctx),
    }, status_code=422 if form.errors else 200)


def routes() -> list[Route]:
    """The addon's pages (mounted under `/apps/products`)."""
    return [
        Route("/", product_list, name="products"),
        Route("/new", new_product, methods=["GET", "POST"], name="product_new"),
        Route("/export", export, name="products_export"),
        Route("/prices", prices, methods=["GET", "POST"], name="products_prices"),
        Route("/{product_id:int}", edit_product, methods=["GET", "POST"], name="product"),
        Route("/{product_id:int}/archive", archive, methods=["POST"], name="product_archive"),
        *import_routes(),
    ]
