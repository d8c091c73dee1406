"""Units of measure for products: the UN/ECE Rec 20 table lives in `core.units`.

Kept so that code written against `addons.products.units` keeps working.
"""

from core.api import DEFAULT_UNIT, UNITS, Unit, find_unit, unit_label
from core.api import unit_choices as choices

__all__ = ["DEFAULT_UNIT", "UNITS", "Unit", "choices", "find_unit", "unit_label"]
