"""Hook implementations of tiered pricing.

`line_price` answers before the products addon (dependents are called first) and returns
None when no break applies, so the product's own price is used. The customer's segment is
a field of the customer form (slot `contact.form.fields`, saved through `ui_form_submitted`);
the product page shows the price grid (slot `product.detail.panels`). Segment names stay
inside Facturo: nothing here writes them on a document.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.routing import BaseRoute

from addons.tiered_pricing import service
from addons.tiered_pricing.translation import _
from addons.tiered_pricing.web import routes
from core.api import (
    Context,
    DocumentRecord,
    LineRecord,
    LineType,
    MenuItem,
    hookimpl,
    render_fragment,
)

SEGMENT_FIELD = "tiered_pricing_segment"


@hookimpl
def line_price(ctx: Context, document: DocumentRecord, line: LineRecord) -> Decimal | None:
    """The segment's (else the base) break price for the line's quantity, or None."""
    if line.line_type != LineType.PRODUCT or line.product_id is None:
        return None
    return service.proposed_price(ctx, line.product_id, document.customer_id, line.quantity)


@hookimpl
def addon_activated(ctx: Context) -> None:
    """Create the segments named in the settings, the first time only."""
    if service.list_segments(ctx):
        return
    names = ctx.addon_settings("tiered_pricing")["default_segments"] or ""
    for name in (part.strip() for part in names.split(",")):
        if name and service.segment_named(ctx, name) is None:
            service.create_segment(ctx, name)


@hookimpl
def ui_slot(ctx: Context, name: str, obj: Any) -> str | None:
    """The segment field on the customer form; the price grid on the product page."""
    if name == "contact.form.fields":
        current = service.customer_segment(ctx, obj.id) if getattr(obj, "id", None) else None
        return render_fragment(ctx, "tiered_pricing/customer_field.html", field=SEGMENT_FIELD,
                        segments=service.list_segments(ctx), current=current)
    if name == "product.detail.panels" and obj is not None:
        return render_fragment(ctx, "tiered_pricing/price_grid.html", product=obj,
                        rows=service.price_rows(ctx, obj.id))
    return None


@hookimpl
def ui_form_submitted(ctx: Context, name: str, obj: Any, values: dict[str, str]) -> dict[str, str]:
    """Save the customer's segment chosen on the customer form."""
    if name != "contact.form" or SEGMENT_FIELD not in values:
        return {}
    chosen = values[SEGMENT_FIELD].strip()
    if chosen and not chosen.isdigit():
        return {SEGMENT_FIELD: _("Choose one of the price segments.")}
    try:
        service.set_customer_segment(ctx, obj.id, int(chosen) if chosen else None)
    except service.PricingError as exc:
        return {SEGMENT_FIELD: str(exc)}
    return {}


@hookimpl
def facturo_routes() -> list[BaseRoute]:
    """Segments, price grids, import and export, under /apps/tiered_pricing/."""
    return routes


@hookimpl
def facturo_menu(ctx: Context) -> list[MenuItem]:
    """"Price segments" under the settings."""
    return [MenuItem(_("Price segments"), "/apps/tiered_pricing/", icon="layers", order=60,
                     section="settings")]
