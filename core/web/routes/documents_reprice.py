"""Re-pricing a draft after its customer changed: the question, and the answer.

Changing the customer keeps the prices on the lines; when an app (tiered pricing, ...)
would now propose other prices, the editor asks first, lists what changes, and re-prices
only those lines (`core.documents.lines.reprice`); prices typed by hand stay.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from core.context import Context
from core.documents.lines import price_changes, reprice
from core.documents.models import Document
from core.i18n import _, ngettext
from core.web.confirm import Confirmation, confirm_page
from core.web.formatting import format_currency
from core.web.pages import flash, page, redirect
from core.web.routes.common import document_or_404


def _draft(ctx: Context, request: Request) -> Document | None:
    doc = document_or_404(ctx, request.path_params["document_id"])
    return doc if doc.is_draft else None


@page()
async def reprice_page(request: Request, ctx: Context) -> Response:
    """GET: which line prices change for the customer now; POST: re-price them."""
    doc = _draft(ctx, request)
    back = f"/documents/{request.path_params['document_id']}"
    if doc is None:
        return redirect(back, request)
    if request.method == "POST":
        count = reprice(ctx, doc)
        if count:
            flash(request, ngettext("%(count)d line is re-priced.",
                                    "%(count)d lines are re-priced.", count) % {"count": count},
                  "success")
        return redirect(back, request)
    changes = price_changes(ctx, doc)
    if not changes:
        return redirect(back, request)
    items = [
        f"{line.description}: {format_currency(line.unit_price, doc.currency)} → "
        f"{format_currency(price, doc.currency)}"
        for line, price in changes
    ]
    return confirm_page(request, ctx, Confirmation(
        title=_("Other prices for this customer"),
        message=ngettext(
            "For this customer %(count)d line has another price. Re-price it?",
            "For this customer %(count)d lines have another price. Re-price them?",
            len(changes)) % {"count": len(changes)},
        action=f"{back}/reprice",
        confirm_label=_("Re-price"),
        cancel_url=back,
        groups=[(_("Prices that change"), items)],
        notes=[_("Prices typed by hand stay as they are.")],
    ))
