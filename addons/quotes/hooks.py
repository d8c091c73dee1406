"""Hook implementations of the quotes addon."""

from __future__ import annotations

from starlette.routing import BaseRoute

from addons.quotes.kinds import KINDS, PATTERNS
from addons.quotes.service import accept_on_conversion
from addons.quotes.translation import _
from addons.quotes.web import routes
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
    """Quotes and order confirmations."""
    return list(KINDS)


@hookimpl
def addon_activated(ctx: Context) -> None:
    """Start the numbering series with their patterns (an existing series is left as is)."""
    for key, pattern in PATTERNS.items():
        sequence(ctx.session, key, pattern)


@hookimpl
def document_converted(ctx: Context, source: DocumentRecord, target: DocumentRecord) -> None:
    """A quote converted without an answer counts as accepted."""
    accept_on_conversion(ctx, source)


@hookimpl
def facturo_routes() -> list[BaseRoute]:
    """The quotes pages, under /apps/quotes/."""
    return routes()


@hookimpl
def facturo_menu(ctx: Context) -> list[MenuItem]:
    """"Quotes" in the main menu."""
    return [MenuItem(label=_("Quotes"), url="/apps/quotes/", icon="file-text", order=150)]


@hookimpl
def demo_data(ctx: Context) -> None:
    """A posted quote of the demo company (`facturo demo`), made once."""
    if demo_document(ctx, "quote") is not None:
        return
    customer = customer_id(ctx, "Famille Dubois")
    document = create_document(ctx, "quote", customer, lines=[
        {"description": "Maatkeuken in eik, plaatsing inbegrepen", "quantity": "1",
         "unit_price": "6850.00", "vat_rate": "6", "unit": "C62"},
        {"description": "Renovatiewerk", "quantity": "16", "unit_price": "52.00",
         "vat_rate": "6", "unit": "HUR"},
    ])
    document.internal_note = MARK + "quote"
    post_document(ctx, document)
