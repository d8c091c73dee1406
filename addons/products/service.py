"""Creating, changing, archiving and finding products: the one way every surface does it.

A product without a code gets the next number of the tenant's `product` sequence (`P(5)`
by default → P00001), skipping codes already taken by hand or by an import.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, and_, func, select

from addons.products.categories import category_named, get_category
from addons.products.errors import ProductError, ProductNotFound, ProductValidationError
from addons.products.fields import clean_product, fold, search_text
from addons.products.models import Product
from addons.products.translation import _
from core.api import ContactPage as Page
from core.api import record_audit as record
from core.api import require_write, take_number

if TYPE_CHECKING:
    from core.api import Context

SEQUENCE = "product"
SORTS: dict[str, tuple[Any, ...]] = {
    "name": (Product.name, Product.search_text, Product.id),
    "-name": (Product.name.desc(), Product.search_text.desc(), Product.id.desc()),
    "code": (Product.code,),
    "-code": (Product.code.desc(),),
    "price": (Product.sale_price, Product.id),
    "-price": (Product.sale_price.desc(), Product.id.desc()),
    "created": (Product.created_at, Product.id),
    "-created": (Product.created_at.desc(), Product.id.desc()),
}
MAX_PER_PAGE = 500


def code_taken(ctx: Context, code: str, exclude_id: int | None = None) -> bool:
    """Whether another product of the tenant has this code."""
    query = select(Product.id).where(Product.code == code)
    if exclude_id is not None:
        query = query.where(Product.id != exclude_id)
    return ctx.session.scalar(query.limit(1)) is not None


def next_code(ctx: Context) -> str:
    """Take the next free code of the `product` sequence."""
    ctx.app.db.write_lock(ctx.session)
    for _attempt in range(10_000):
        code, _value = take_number(
            ctx.session,
            SEQUENCE,
            date.today(),
            pattern_for=lambda seq: ctx.call("number_pattern", sequence=seq),
        )
        if not code_taken(ctx, code):
            return code
    raise ProductError(_("No free product code: change the numbering pattern."))


def _category_id(ctx: Context, data: Mapping[str, Any]) -> tuple[bool, int | None]:
    """(given, id) of the category named or chosen in the data."""
    if data.get("category_id") not in (None, ""):
        try:
            return True, get_category(ctx, int(data["category_id"])).id
        except (TypeError, ValueError, ProductNotFound):
            raise ProductValidationError(
                {"category_id": _("This category does not exist.")}
            ) from None
    if "category" in data:
        name = str(data["category"] or "").strip()
        return True, category_named(ctx, name).id if name else None
    return "category_id" in data, None


def _refresh_search(product: Product) -> None:
    product.search_text = search_text(product.code, product.name, product.names or {})


def get_product(ctx: Context, product_id: int) -> Product:
    """A product of the tenant; `ProductNotFound` otherwise (also for another tenant's id)."""
    product = ctx.session.get(Product, product_id)
    if product is None:
        raise ProductNotFound(_("This product does not exist."))
    return product


def find_by_code(ctx: Context, code: str) -> Product | None:
    """The tenant's product with this code, or None."""
    return ctx.session.scalars(select(Product).where(Product.code == code.strip())).first()


def get_by_code(ctx: Context, code: str) -> Product:
    """The tenant's product with this code; `ProductNotFound` otherwise."""
    product = find_by_code(ctx, code)
    if product is None:
        raise ProductNotFound(_("No product has code %(code)s.") % {"code": code})
    return product


def create_product(ctx: Context, data: Mapping[str, Any]) -> Product:
    """Add a product from form or import data; coded from the sequence unless `code` is given.

    `data` takes the fields of `addons.products.fields.FIELDS`: code, name, description,
    names/descriptions per language (or `name_fr`, ...), unit, sale_price, purchase_price,
    vat_rate, category (a name, created if new) or category_id, active, custom_data.
    Raises `ProductValidationError` naming every bad field.
    """
    require_write(ctx)
    values = clean_product(data, creating=True)
    if values.get("code") and code_taken(ctx, values["code"]):
        raise ProductValidationError({"code": _("this code is used by another product")})
    _given, category_id = _category_id(ctx, data)
    if not values.get("code"):
        values["code"] = next_code(ctx)
    for key in ("names", "descriptions"):
        values[key] = {lang: text for lang, text in values.get(key, {}).items() if text}
    values.setdefault("custom_data", {})
    product = Product(**values, category_id=category_id)
    _refresh_search(product)
    ctx.session.add(product)
    ctx.session.flush()
    record(ctx, "product.created", "product", product.id, {"code": product.code})
    return product


def update_product(ctx: Context, product_id: int, data: Mapping[str, Any]) -> Product:
    """Change the fields present in `data` (same keys as `create_product`).

    Per-language names and descriptions given are merged into the stored ones; an empty
    value removes that language. Documents already made keep what they copied.
    """
    require_write(ctx)
    product = get_product(ctx, product_id)
    values = clean_product(data, creating=False)
    if "code" in values:
        if not values["code"]:
            raise ProductValidationError({"code": _("a product needs a code")})
        if code_taken(ctx, values["code"], exclude_id=product.id):
            raise ProductValidationError({"code": _("this code is used by another product")})
    given, category_id = _category_id(ctx, data)
    for key in ("names", "descriptions"):
        if key in values:
            merged = {**(getattr(product, key) or {}), **values.pop(key)}
            setattr(product, key, {lang: text for lang, text in merged.items() if text})
    for key, value in values.items():
        setattr(product, key, value)
    if given:
        product.category_id = category_id
    _refresh_search(product)
    ctx.session.flush()
    record(ctx, "product.updated", "product", product.id, {"fields": sorted(data)})
    return product


def archive_product(ctx: Context, product_id: int, archived: bool = True) -> Product:
    """Take a product out of the lists and pickers (`archived=False` brings it back).

    An archived product keeps its code and stays on the documents that use it.
    """
    require_write(ctx)
    product = get_product(ctx, product_id)
    product.active = not archived
    record(ctx, "product.archived" if archived else "product.restored", "product", product.id)
    return product


def product_filters(
    search: str | None = None, category_id: int | None = None, active: bool | None = True
) -> list[ColumnElement[bool]]:
    """WHERE clauses: every word of `search` in the code or a name, a category, active or not
    (None: both)."""
    clauses: list[ColumnElement[bool]] = []
    if active is not None:
        clauses.append(Product.active.is_(active))
    if category_id is not None:
        clauses.append(Product.category_id == category_id)
    words = [fold(word) for word in (search or "").split()]
    if words:
        escaped = (w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words)
        clauses.append(
            and_(*(Product.search_text.like(f"%{w}%", escape="\\") for w in escaped))
        )
    return clauses


def products_query(
    search: str | None = None,
    category_id: int | None = None,
    active: bool | None = True,
    sort: str = "name",
) -> Select[tuple[Product]]:
    """The statement selecting filtered, sorted products (the caller's session scopes it)."""
    order = SORTS.get(sort, SORTS["name"])
    return select(Product).where(*product_filters(search, category_id, active)).order_by(*order)


def list_products(
    ctx: Context,
    *,
    search: str | None = None,
    category_id: int | None = None,
    active: bool | None = True,
    sort: str = "name",
    page: int = 1,
    per_page: int = 50,
) -> Page[Product]:
    """One page of the tenant's products. `sort` is a key of `SORTS` (`-` for descending)."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    filters = product_filters(search, category_id, active)
    total = ctx.session.scalar(select(func.count(Product.id)).where(*filters)) or 0
    query = products_query(search, category_id, active, sort)
    items = list(ctx.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return Page(items=items, total=total, page=page, per_page=per_page)


def iter_products(ctx: Context, *, batch: int = 1000, **filters: Any) -> Iterator[Product]:
    """Every product matching the filters of `products_query`, read in batches (exports)."""
    query = products_query(**filters).execution_options(yield_per=batch)
    yield from ctx.session.scalars(query)
