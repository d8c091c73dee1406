"""Hook implementations of the delivery notes addon."""

from __future__ import annotations

from starlette.routing import BaseRoute

from addons.delivery_notes.kinds import DELIVERY_NOTE, PATTERN
from addons.delivery_notes.service import invoice_kinds, invoiced_elsewhere, prices_hidden
from addons.delivery_notes.translation import _
from addons.delivery_notes.web import routes
from core.api import DEMO_MARK as MARK
from core.api import (
    Context,
    DocumentKind,
    DocumentRecord,
    MenuItem,
    create_document,
    demo_document,
    hookimpl,
    post_document,
)
from core.api import demo_customer_id as customer_id
from core.api import number_sequence as sequence


@hookimpl
def facturo_document_kinds() -> list[DocumentKind]:
    """Delivery notes."""
    return [DELIVERY_NOTE]


@hookimpl
def addon_activated(ctx: Context) -> None:
    """Start the numbering series with its pattern (an existing series is left as is)."""
    sequence(ctx.session, DELIVERY_NOTE.sequence_key, PATTERN)


@hookimpl
def document_hides_prices(ctx: Context, document: DocumentRecord) -> bool | None:
    """A delivery note whose prices were hidden is shown without them."""
    if document.kind != DELIVERY_NOTE.id:
        return None
    return True if prices_hidden(ctx, document.id) else None


@hookimpl
def document_validate(ctx: Context, document: DocumentRecord) -> list[str]:
    """An invoice cannot invoice a delivery note that another invoice already holds."""
    if document.kind not in invoice_kinds(ctx) or document.id is None:
        return []
    return invoiced_elsewhere(ctx, document)


@hookimpl
def facturo_routes() -> list[BaseRoute]:
    """The delivery notes pages, under /apps/delivery_notes/."""
    return routes()


@hookimpl
def facturo_menu(ctx: Context) -> list[MenuItem]:
    """"Delivery notes" in the main menu."""
    return [MenuItem(label=_("Delivery notes"), url="/apps/delivery_notes/", icon="truck",
                     order=160)]


@hookimpl
def demo_data(ctx: Context) -> None:
    """A posted delivery note of the demo company (`facturo demo`), made once."""
    if demo_document(ctx, "delivery_note") is not None:
        return
    customer = customer_id(ctx, "Bouwbedrijf Janssens NV")
    document = create_document(ctx, "delivery_note", customer, lines=[
        {"description": "Eikenhouten plaat 30 mm", "quantity": "24", "unit_price": "65.00",
         "vat_rate": "21", "unit": "MTK"},
        {"description": "Plint eik", "quantity": "60", "unit_price": "8.40", "vat_rate": "21",
         "unit": "MTR"},
    ])
    document.internal_note = MARK + "delivery_note"
    post_document(ctx, document)
