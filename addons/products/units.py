"""Units of measure for products: the UN/ECE Rec 20 table lives in `core.units`.

Kept so that code written against `addons.products.units` keeps working.
"""

from core.units import DEFAULT_UNIT, UNITS, Unit, choices, find_unit, unit_label

__all__ = ["DEFAULT_UNIT", "UNITS", "Unit", "choices", "find_unit", "unit_label"]
