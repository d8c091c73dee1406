"""Hook implementations of the products addon.

On a document, a product line takes its name (in the document's language), unit and VAT
rate from the product, and its unit price unless the user typed one. The price hook is
registered first among its dependents, so an addon such as tiered pricing answers before it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.routing import BaseRoute

from addons.products.demo import seed_demo_products
from addons.products.lookup import ProductFacts, product_facts
from addons.products.models import Product
from addons.products.service import list_products
from addons.products.translation import _
from addons.products.web import routes
from core.api import Context, DocumentRecord, LineRecord, MenuItem, hookimpl, vat


def _product(ctx: Context, line: LineRecord) -> ProductFacts | None:
    product_id = getattr(line, "product_id", None)
    return None if product_id is None else product_facts(ctx, product_id)


def line_text(product: Product | ProductFacts, language: str) -> str:
    """What a document line says about a product: its name, then its description."""
    name = product.name_in(language)
    description = product.description_in(language)
    return f"{name}\n{description}" if description else name


@hookimpl
def line_product_defaults(
    ctx: Context, document: DocumentRecord, line: LineRecord
) -> dict[str, Any] | None:
    """Name in the document's language, unit and VAT rate of the line's product.

    Under the 6 % renovation regime the regime's rate stays: the product's own rate is the
    one of an ordinary sale.
    """
    product = _product(ctx, line)
    if product is None:
        return None
    defaults: dict[str, Any] = {
        "description": line_text(product, document.language),
        "unit": product.unit,
    }
    if vat.regime(document.vat_regime).id != vat.RENOVATION:
        defaults["vat_rate"] = product.vat_rate
    return defaults


@hookimpl
def line_price(ctx: Context, document: DocumentRecord, line: LineRecord) -> Decimal | None:
    """The product's sale price (addons registered later, e.g. tiered pricing, answer first)."""
    product = _product(ctx, line)
    return None if product is None else product.sale_price


@hookimpl
def facturo_routes() -> list[BaseRoute]:
    """The catalogue pages, under /apps/products/."""
    return routes()


@hookimpl
def facturo_menu(ctx: Context) -> list[MenuItem]:
    """"Products" in the main menu."""
    return [MenuItem(label=_("Products"), url="/apps/products/", icon="box", order=300)]


@hookimpl
def product_choices(ctx: Context, search: str, limit: int) -> list[tuple[int, str]]:
    """Active products matching the search, as "code – name in the user's language"."""
    found = list_products(ctx, search=search or None, per_page=limit)
    return [(p.id, f"{p.code} – {p.name_in(ctx.language)}") for p in found.items]


@hookimpl
def demo_data(ctx: Context) -> None:
    """The demo company's catalogue (`facturo demo`)."""
    seed_demo_products(ctx)
