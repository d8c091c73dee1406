"""Hooks the deposits addon publishes for addons that build on it (`depends = ["deposits"]`).

Facturo registers this module with `add_hookspecs` when the addon is installed; an addon
implements these hooks like core ones, with `core.api.hookimpl` in its `hooks.py`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from core.api import hookspec

if TYPE_CHECKING:
    from addons.deposits.models import DepositArticle
    from core.api import Context, DocumentRecord


@hookspec
def deposit_moved(
    ctx: Context, document: DocumentRecord, article: DepositArticle, quantity: Decimal
) -> None:
    """Returnable packaging moved on a document that was just posted.

    Called once per deposit article on the document, inside the posting transaction, only
    for tenants where `deposits` is on: `article` is an `addons.deposits.models.DepositArticle`
    (its `product_id` is the catalogue product of the crate, bottle or keg), `quantity` the
    net `Decimal` on the document's lines (positive: handed to the customer, negative:
    taken back), as written; a credit note's quantities are to be reversed by the receiver,
    like its product lines. Meant for glue addons such as a `stock_deposits`.
    """
