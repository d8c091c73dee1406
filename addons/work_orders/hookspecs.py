"""Hooks the work_orders addon publishes for addons that build on it.

Facturo registers this module with `add_hookspecs` when the addon is installed; an addon
implements these hooks like core ones, with `core.api.hookimpl` in its `hooks.py`. Work
orders never import the stock addon: stock (or any other addon) follows the materials
through this hook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.api import hookspec

if TYPE_CHECKING:
    from addons.work_orders.materials import MaterialUse
    from core.api import Context


@hookspec
def work_order_materials_used(ctx: Context, work_order_id: int,
                              lines: tuple[MaterialUse, ...]) -> None:
    """Materials of a work order were used, or given back, inside the changing transaction.

    Called with the order's material lines (`addons.work_orders.api.MaterialUse`: the
    product id, the `Decimal` quantity, the description) when the work order is done
    (or signed without being marked done first), once; called again with every quantity
    negated when that is undone: the order is reopened, unlocked after signing, or
    cancelled. Only for tenants where `work_orders` is on. Write only through
    `ctx.session`: the change may still roll back; an exception refuses it.
    """
