"""Hook implementations of deposits.

Deposit lines are recomputed by the documents core after every change of a draft
(`document_extra_lines`); a posted document keeps the ones it was posted with, also after
the addon is switched off. On posting, `deposit_moved` tells glue addons (e.g. stock) what
moved. Screens and PDF show a deposit block; the customer page the empties outstanding.
"""

from __future__ import annotations

from typing import Any

from starlette.routing import BaseRoute

from addons.deposits import service
from addons.deposits.lines import deposit_lines, movements
from addons.deposits.translation import _
from addons.deposits.web import routes
from core.api import (
    Context,
    CustomerRecord,
    DocumentRecord,
    ExtraLine,
    MenuItem,
    hookimpl,
    render_fragment,
    use_language,
)


@hookimpl
def document_extra_lines(ctx: Context, document: DocumentRecord) -> list[ExtraLine]:
    """A deposit line after each product line that carries deposits, then the returns."""
    return deposit_lines(ctx, document)


@hookimpl
def document_posted(ctx: Context, document: DocumentRecord) -> None:
    """Tell glue addons which empties moved: `deposit_moved` once per article."""
    for movement in movements(ctx, document):
        if movement.net:
            ctx.call("deposit_moved", document=document, article=movement.article,
                     quantity=movement.net)


@hookimpl
def document_converted(ctx: Context, source: DocumentRecord, target: DocumentRecord) -> None:
    """Empties entered as returned on the source go over to the document made from it."""
    returned = {r.article_id: r.quantity for r in service.returns_of(ctx, source.id)}
    if returned and target.is_draft:
        service.set_returns(ctx, target.id, returned)


@hookimpl
def document_pdf_blocks(ctx: Context, document: DocumentRecord) -> str | None:
    """The deposit block of the PDF, in the document's language."""
    found = movements(ctx, document)
    if not found:
        return None
    with use_language(document.language):
        return render_fragment(ctx, "deposits/document_block.html", movements=found,
                        language=document.language, currency=document.currency)


@hookimpl
def contact_panels(ctx: Context, contact: CustomerRecord) -> str | None:
    """Empties the customer still holds."""
    balances = service.outstanding(ctx, contact.id)
    if not balances:
        return None
    return render_fragment(ctx, "deposits/customer_panel.html", balances=balances)


@hookimpl
def ui_slot(ctx: Context, name: str, obj: Any) -> str | None:
    """The deposits of a product on its page; the deposit block of a document on its page."""
    if name == "product.detail.panels" and obj is not None:
        return render_fragment(ctx, "deposits/product_panel.html", product=obj,
                        article=service.article_of_product(ctx, obj.id),
                        carried=service.carried(ctx, obj.id))
    if name == "document.detail.panels" and obj is not None:
        return render_fragment(ctx, "deposits/document_panel.html", document=obj,
                        movements=movements(ctx, obj), currency=obj.currency)
    return None


@hookimpl
def facturo_routes() -> list[BaseRoute]:
    """Articles, a product's deposits and a document's returns, under /apps/deposits/."""
    return routes


@hookimpl
def facturo_menu(ctx: Context) -> list[MenuItem]:
    """"Deposits" in the main menu."""
    return [MenuItem(_("Deposits"), "/apps/deposits/", icon="package", order=320)]
