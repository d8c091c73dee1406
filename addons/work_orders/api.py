"""The public API of the work_orders addon, for addons that build on it."""

from addons.work_orders.materials import MaterialUse, material_uses
from addons.work_orders.models import LineKind, OrderState, WorkOrder, WorkOrderLine

__all__ = ["LineKind", "MaterialUse", "OrderState", "WorkOrder", "WorkOrderLine",
           "material_uses"]
