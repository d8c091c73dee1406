"""Route modules of the web shell, one per area.

Each module exposes `routes` (a list of Starlette routes) and may expose `menu(ctx)`
returning `core.web.menu.MenuItem`s. Add an area by writing `core/web/routes/<area>.py` and
naming it in `MODULES`.
"""

from __future__ import annotations

import importlib
from types import ModuleType

MODULES = ("auth", "dashboard", "account", "company", "apps", "users")


def route_modules() -> list[ModuleType]:
    """The imported route modules, in `MODULES` order."""
    return [importlib.import_module(f"{__name__}.{name}") for name in MODULES]
