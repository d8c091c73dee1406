"""HTML fragments for core pages: the editor's warning, a product's stock, the dashboard
card and the explanation of the modes on the settings page."""

from __future__ import annotations

from addons.stock.availability import under_minimum
from addons.stock.ledger import level
from addons.stock.service import stocked
from addons.stock.warnings import shortages
from core.api import Context, DocumentRecord, render_fragment


def shortage_warning(ctx: Context, record: DocumentRecord) -> str | None:
    """On a draft, a warning naming each product it asks more of than is available (an
    empty place the editor refreshes when the lines change); None on a posted document."""
    if not record.is_draft:
        return None
    return render_fragment(ctx, "stock/shortage.html", document_id=record.id,
                           shortages=shortages(ctx, record))


def product_panel(ctx: Context, product_id: int) -> str:
    """A product's stock on its page: followed or not, level, minimum, a switch."""
    row = stocked(ctx, product_id)
    tracked = row is not None and row.tracked
    return render_fragment(ctx, "stock/product_panel.html", product_id=product_id,
                           tracked=tracked, level=level(ctx, product_id) if tracked else None,
                           minimum=row.minimum if row is not None else None)


def dashboard_card(ctx: Context) -> str:
    """The number of products under their minimum stock."""
    return render_fragment(ctx, "stock/dashboard_card.html", count=len(under_minimum(ctx)))


def mode_explanation(ctx: Context) -> str:
    """What changing the mode does to stock, shown before saving it."""
    return render_fragment(ctx, "stock/mode_explanation.html")
