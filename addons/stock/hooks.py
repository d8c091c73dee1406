"""Hook implementations of stock.

Posting a document writes its moves in the posting transaction (`document_posted`), so a
posting that fails moves nothing; cancelling it puts back what they took, in the cancelling
transaction (`document_cancelled`). Switching the addon on again catches up on what was posted
while it was off. The editor, the product page, the dashboard and the settings page show
stock through UI slots.
"""

from __future__ import annotations

from typing import Any

from starlette.routing import BaseRoute

from addons.stock import panels
from addons.stock.cli import cli
from addons.stock.ledger import default_location
from addons.stock.service import catch_up, post_document_moves, reverse_document_moves
from addons.stock.translation import _
from addons.stock.web import routes
from core.api import Context, DocumentRecord, MenuItem, hookimpl


@hookimpl
def document_posted(ctx: Context, document: DocumentRecord) -> None:
    """Write the stock moves of the posted document (in the posting transaction)."""
    post_document_moves(ctx, document)


@hookimpl
def document_cancelled(ctx: Context, document: DocumentRecord) -> None:
    """Put back what the cancelled document took (in the cancelling transaction)."""
    reverse_document_moves(ctx, document)


@hookimpl
def addon_activated(ctx: Context) -> None:
    """The default location; moves of documents posted while the addon was off."""
    default_location(ctx)
    catch_up(ctx)


@hookimpl
def ui_slot(ctx: Context, name: str, obj: Any) -> str | None:
    """The editor's shortage warning, the product's stock, the dashboard card, the mode."""
    if name == "document.detail.panels" and obj is not None:
        return panels.shortage_warning(ctx, obj)
    if name == "product.detail.panels" and getattr(obj, "id", None) is not None:
        return panels.product_panel(ctx, obj.id)
    if name == "dashboard.cards":
        return panels.dashboard_card(ctx)
    if name == "settings.app" and obj == "stock":
        return panels.mode_explanation(ctx)
    return None


@hookimpl
def facturo_routes() -> list[BaseRoute]:
    """The stock pages, under /apps/stock/."""
    return routes


@hookimpl
def facturo_menu(ctx: Context) -> list[MenuItem]:
    """"Stock" in the main menu."""
    return [MenuItem(_("Stock"), "/apps/stock/", icon="package", order=310)]


@hookimpl
def facturo_cli(app: Any) -> None:
    """`facturo stock verify`: balances against the sum of their moves."""
    app.add_typer(cli, name="stock")
