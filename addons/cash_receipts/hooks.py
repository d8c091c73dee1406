"""Hook implementations of the cash receipts addon."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.routing import BaseRoute

from addons.cash_receipts.kinds import CASH_RECEIPT, PATTERN
from addons.cash_receipts.printing import paid_block
from addons.cash_receipts.service import method_of, paid_with
from addons.cash_receipts.web import routes
from core.api import DEMO_MARK as MARK
from core.api import (
    Contact,
    Context,
    DocumentKind,
    DocumentRecord,
    MenuItem,
    create_customer,
    create_document,
    demo_document,
    hookimpl,
    post_document,
    render_fragment,
)
from core.api import number_sequence as sequence

WALK_IN = "Toevallige klant"
"""The demo's customer at the counter: a plain contact (a document needs a customer)."""


@hookimpl
def facturo_document_kinds() -> list[DocumentKind]:
    """Cash receipts."""
    return [CASH_RECEIPT]


@hookimpl
def addon_activated(ctx: Context) -> None:
    """Start the numbering series with its pattern (an existing series is left as is)."""
    sequence(ctx.session, CASH_RECEIPT.sequence_key, PATTERN)


@hookimpl
def document_pdf_blocks(ctx: Context, document: DocumentRecord) -> str | None:
    """"Paid" and the payment method on a posted receipt."""
    return paid_block(ctx, document)


@hookimpl
def ui_slot(ctx: Context, name: str, obj: Any) -> str | None:
    """How a receipt is paid, on its page (with a link to change it on a draft)."""
    if name != "document.detail.panels" or obj is None or obj.kind != CASH_RECEIPT.id:
        return None
    return render_fragment(ctx, "cash_receipts/panel.html", document=obj,
                           paid_with=paid_with(method_of(ctx, obj.id)))


@hookimpl
def facturo_routes() -> list[BaseRoute]:
    """The cash receipts pages, under /apps/cash_receipts/."""
    return list(routes())


@hookimpl
def facturo_menu(ctx: Context) -> list[MenuItem]:
    """The cash receipts in the main menu, after the invoices."""
    return [MenuItem(label=CASH_RECEIPT.plural(ctx.language), url="/apps/cash_receipts/",
                     icon="euro", order=22)]


@hookimpl
def demo_data(ctx: Context) -> None:
    """A posted cash receipt of the demo company for a walk-in customer, made once."""
    if demo_document(ctx, CASH_RECEIPT.id) is not None:
        return
    customer = ctx.session.scalar(select(Contact.id).where(Contact.name == WALK_IN))
    if customer is None:
        customer = create_customer(ctx, {"name": WALK_IN, "is_company": False}).id
    document = create_document(ctx, CASH_RECEIPT.id, customer, lines=[
        {"description": "Schroevendraaierset", "quantity": "1", "unit_price": "24.79",
         "vat_rate": "21", "unit": "C62"},
        {"description": "Houtlijm 250 ml", "quantity": "2", "unit_price": "5.37",
         "vat_rate": "21", "unit": "C62"},
    ])
    document.internal_note = MARK + CASH_RECEIPT.id
    post_document(ctx, document)
