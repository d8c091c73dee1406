"""Changing many prices at once: by a percentage, or from a price list file.

A percentage applies to the products a list filter selects (search, category, active) and
rounds each new price to the cent (half up). A price list is a CSV/XLSX file with a code and
a new sale and/or purchase price per row, imported through the three-step importer: every
code must exist, every price must be valid, or nothing changes. Documents already made keep
their prices.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select, update

from addons.products.errors import ProductValidationError
from addons.products.fields import clean_price
from addons.products.models import Product
from addons.products.service import product_filters
from addons.products.translation import N_, _
from core.api import EntityImporter, ImportField, Progress, parse_decimal, require_write
from core.api import record_audit as record

if TYPE_CHECKING:
    from core.api import Context

PRICE_FIELDS = ("sale_price", "purchase_price")
BATCH = 5000
CENT = Decimal("0.01")


def _changed(price: Decimal, factor: Decimal, decimals: int) -> Decimal:
    return (price * factor).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _write(ctx: Context, field: str, changes: list[dict[str, Any]]) -> None:
    table = Product.__table__
    statement = (
        update(table)
        .where(table.c.tenant_id == ctx.tenant_id, table.c.id == bindparam("product_id"))
        .values({field: bindparam("new_price")})
    )
    for start in range(0, len(changes), BATCH):
        ctx.session.execute(statement, changes[start : start + BATCH])
    for loaded in list(ctx.session.identity_map.values()):
        if isinstance(loaded, Product):
            ctx.session.expire(loaded, [field])


def change_prices_by_percent(
    ctx: Context,
    percent: Decimal | int | str,
    *,
    field: str = "sale_price",
    decimals: int = 2,
    search: str | None = None,
    category_id: int | None = None,
    active: bool | None = True,
) -> int:
    """Raise (or, with a negative percentage, lower) the prices of the selected products.

    `field` is `sale_price` or `purchase_price`; new prices are rounded to `decimals`
    (half up). Returns how many products changed.
    """
    require_write(ctx)
    if field not in PRICE_FIELDS:
        raise ProductValidationError({"field": _("choose the sale or the purchase price")})
    try:
        rate = parse_decimal(percent)
    except ValueError:
        rate = None
    if rate is None or not Decimal("-100") < rate <= Decimal("1000"):
        raise ProductValidationError(
            {"percent": _("a percentage above -100 and at most 1000")}
        )
    factor = 1 + rate / 100
    column = getattr(Product, field)
    rows = ctx.session.execute(
        select(Product.id, column).where(
            column.is_not(None), *product_filters(search, category_id, active)
        )
    ).all()
    changes = [
        {"product_id": product_id, "new_price": _changed(Decimal(price), factor, decimals)}
        for product_id, price in rows
    ]
    changes = [c for c, (_id, old) in zip(changes, rows, strict=True) if c["new_price"] != old]
    _write(ctx, field, changes)
    record(ctx, "products.prices_changed", "product", None,
           {"field": field, "percent": rate, "count": len(changes)})
    return len(changes)


FIELDS = (
    ImportField("code", N_("Code"), ("Productcode", "Artikelcode", "Référence", "Ref",
                "Code produit", "Product code", "SKU"), required=True),
    ImportField("sale_price", N_("Sale price"), ("Verkoopprijs", "Prijs", "Nieuwe prijs",
                "Prix", "Prix de vente", "Nouveau prix", "Price", "New price")),
    ImportField("purchase_price", N_("Purchase price"), ("Aankoopprijs", "Inkoopprijs",
                "Prix d'achat", "Cost", "Cost price")),
)


class PriceListImporter(EntityImporter):
    """New prices for existing products, by code, from a file."""

    entity = "product_prices"

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._seen: set[str] = set()

    def fields(self, ctx: Context) -> Sequence[ImportField]:
        """The code and the two prices."""
        return FIELDS

    def start(self, ctx: Context) -> None:
        """Load every product code of the tenant."""
        require_write(ctx)
        rows = ctx.session.execute(select(Product.code, Product.id))
        self._ids = {code: product_id for code, product_id in rows}
        self._seen = set()

    def check(self, ctx: Context, values: dict[str, Any]) -> tuple[Any, dict[str, str]]:
        """({product id, prices}, {}) for a row, or its errors."""
        errors: dict[str, str] = {}
        code = str(values.get("code") or "").strip()
        product_id = self._ids.get(code)
        if not code:
            errors["code"] = _("a code is needed")
        elif product_id is None:
            errors["code"] = _("no product has code %(code)s") % {"code": code}
        elif code in self._seen:
            errors["code"] = _("code %(code)s is in the file twice") % {"code": code}
        self._seen.add(code)
        prices: dict[str, Decimal] = {}
        for key in PRICE_FIELDS:
            raw = values.get(key)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            try:
                price = clean_price(raw, optional=True)
            except ValueError as exc:
                errors[key] = str(exc)
                continue
            if price is not None:
                prices[key] = price
        if not prices and not any(key in errors for key in PRICE_FIELDS):
            errors["sale_price"] = _("give a sale or a purchase price")
        if errors:
            return None, errors
        return {"product_id": product_id, **prices}, {}

    def save(self, ctx: Context, records: list[Any], progress: Progress | None = None) -> int:
        """Write the new prices; returns how many products changed."""
        for field in PRICE_FIELDS:
            changes = [
                {"product_id": r["product_id"], "new_price": r[field]}
                for r in records
                if field in r
            ]
            _write(ctx, field, changes)
        if progress is not None:
            progress(len(records), len(records))
        return len(records)
